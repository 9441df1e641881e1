package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// The clerk's decision on a submission, shared by the filing screen (a walk-in
// applicant) and the review of a case that arrived online: accept, accept with
// gaps (容缺受理), the one-time correction notice (一次性告知), refuse (不予受理), and
// for an instant item (即办件) the decision itself. The domain decides what is
// allowed; this only reads the form and says where the domain's answer belongs.

// decisionChoice is one way to decide, as the form offers it.
type decisionChoice struct{ Value, Label, Help string }

var (
	promisedChoices = []decisionChoice{
		{"accept", "受理", "材料齐全、符合法定形式，予以受理并出具受理通知书"},
		{"accept_with_gaps", "容缺受理", "可容缺的材料暂缺：在下方填写补交期限，其余材料须齐全"},
		{"correction", "一次性告知补正", "勾选每一项缺少或有误的材料并写明问题，出具补正材料通知书"},
		{"refuse", "不予受理", "申请事项依法不属于本机关职权范围等情形，须写明理由"},
	}
	instantChoices = []decisionChoice{
		{"approve", "准予（当场办结）", "即办件由窗口独任审核，材料齐全即当场作出决定"},
		{"deny", "不予批准", "须写明理由，出具不予决定书"},
		{"correction", "一次性告知补正", "勾选每一项缺少或有误的材料并写明问题"},
		{"refuse", "不予受理", "须写明理由"},
	}
)

// materialRow is one material of the checklist: how it was handed in and, for the
// decision, whether it is faulty (and why) or accepted missing until GapDue.
type materialRow struct {
	catalog.Material
	// Got: handed in, on paper (Paper) or as the scanned file Blob.
	Got, Paper bool
	Blob       string
	Fix        bool
	Problem    string
	GapDue     string
}

// decisionForm is the decision as typed.
type decisionForm struct {
	Instant          bool
	Decision, Reason string
	FormFix          bool
	FormProblem      string
	Rows             []materialRow
	MinGapDue        string
}

// Choices are the decisions the item's handling allows.
func (d decisionForm) Choices() []decisionChoice {
	if d.Instant {
		return instantChoices
	}
	return promisedChoices
}

func (d decisionForm) valid() bool {
	for _, c := range d.Choices() {
		if c.Value == d.Decision {
			return true
		}
	}
	return false
}

func newDecisionForm(it *catalog.Item, today workday.Date) decisionForm {
	d := decisionForm{Instant: it.Handling == catalog.Instant, MinGapDue: today.AddDays(1).String()}
	for _, m := range it.Materials {
		d.Rows = append(d.Rows, materialRow{Material: m})
	}
	return d
}

// readDecision reads the decision fields of f into d.
func readDecision(d *decisionForm, f url.Values) {
	d.Decision, d.Reason = f.Get("decision"), f.Get("reason")
	d.FormFix, d.FormProblem = f.Get("fix_form") != "", f.Get("problem_form")
	for i := range d.Rows {
		row := &d.Rows[i]
		row.Fix = f.Get("fix_"+row.ID) != ""
		row.Problem, row.GapDue = f.Get("problem_"+row.ID), f.Get("gapdue_"+row.ID)
	}
}

// decide runs the decision on case number. Its errors name the form's own fields
// (gapdue_m1, problem_m2, reason, decision); one about no field goes under "".
func (s *Server) decide(ctx context.Context, number string, d decisionForm) (*app.CaseView, fieldErrors, error) {
	errs := fieldErrors{}
	var v *app.CaseView
	var err error
	switch d.Decision {
	case "accept":
		v, err = s.svc.AcceptCase(ctx, number, casework.AcceptInput{Note: d.Reason})
	case "accept_with_gaps":
		var gaps []casework.GapInput
		var ids []string
		for _, row := range d.Rows {
			if strings.TrimSpace(row.GapDue) == "" {
				continue
			}
			due, perr := workday.ParseDate(strings.TrimSpace(row.GapDue))
			if perr != nil {
				errs["gapdue_"+row.ID] = "请填写日期，如 2026-03-16"
				continue
			}
			gaps, ids = append(gaps, casework.GapInput{Material: row.ID, Due: due}), append(ids, row.ID)
		}
		if len(errs) > 0 {
			return nil, errs, apperr.Invalidf("gaps", "补交期限有误")
		}
		if len(gaps) == 0 {
			errs["decision"] = "容缺受理须为至少一项可容缺的材料填写补交期限"
			return nil, errs, apperr.Invalidf("gaps", "未填写容缺材料")
		}
		v, err = s.svc.AcceptCaseWithGaps(ctx, number, casework.AcceptWithGapsInput{Gaps: gaps, Note: d.Reason})
		errs.add(err, indexed("gaps", ids, "gapdue_"))
	case "correction":
		var items []casework.CorrectionItem
		var ids []string
		if d.FormFix {
			items, ids = append(items, casework.CorrectionItem{Material: "form", Problem: d.FormProblem}), append(ids, "form")
		}
		for _, row := range d.Rows {
			if row.Fix {
				items, ids = append(items, casework.CorrectionItem{Material: row.ID, Problem: row.Problem}), append(ids, row.ID)
			}
		}
		if len(items) == 0 {
			errs["decision"] = "请勾选须补正的材料，并逐项写明问题"
			return nil, errs, apperr.Invalidf("items", "未勾选须补正的材料")
		}
		v, err = s.svc.RequestCorrection(ctx, number, casework.CorrectionInput{Items: items, Note: d.Reason})
		errs.add(err, indexed("items", ids, "problem_"))
	case "refuse":
		v, err = s.svc.RefuseCase(ctx, number, casework.ReasonInput{Reason: d.Reason})
	case "approve":
		v, err = s.svc.ApproveCase(ctx, number, casework.DecisionInput{Reason: d.Reason})
	case "deny":
		v, err = s.svc.DenyCase(ctx, number, casework.DecisionInput{Reason: d.Reason})
	default:
		errs["decision"] = "请选择办理结果"
		return nil, errs, apperr.Invalidf("decision", "请选择办理结果")
	}
	if err != nil {
		errs.add(err, nil)
		if e := apperr.As(err); e != nil && !shown(errs) {
			errs[""] = e.Message
		}
	}
	return v, errs, err
}

// shown reports whether one of errs stands beside an input of the decision form;
// if none does, the answer is shown above the form.
func shown(errs fieldErrors) bool {
	for f := range errs {
		if f == "decision" || f == "reason" || strings.HasPrefix(f, "gapdue_") || strings.HasPrefix(f, "problem_") {
			return true
		}
	}
	return false
}

// indexed renames the app's list fields (gaps[1].due, items[0].problem, the list
// itself) to the form's inputs for the material at that index (gapdue_m3).
func indexed(list string, ids []string, prefix string) func(string) string {
	return func(f string) string {
		for i, id := range ids {
			if strings.HasPrefix(f, fmt.Sprintf("%s[%d]", list, i)) {
				return prefix + id
			}
		}
		if f == list {
			return "decision"
		}
		return f
	}
}
