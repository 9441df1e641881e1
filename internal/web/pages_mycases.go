package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// An applicant's own cases: the list, one case with its timeline, the correction
// checklist and the 容缺 materials still due, and withdrawal.

// myCasesPageSize is how many cases a page of 我的办件 lists.
const myCasesPageSize = 50

type myCasesView struct {
	base
	applicantText
	List app.CaseList
	// Cursor is the page shown (empty for the first), to offer the way back to the first.
	Cursor string
}

func (s *Server) myCasesPage(w http.ResponseWriter, r *http.Request) error {
	cursor := r.URL.Query().Get("cursor")
	list, err := s.svc.Cases(r.Context(), app.CaseQuery{Statuses: casework.Statuses,
		Page: paging.Request{Limit: myCasesPageSize, Cursor: cursor}})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "my_cases", myCasesView{base: s.base(r, "我的办件"), List: list, Cursor: cursor})
}

// myCaseView is one of the applicant's cases.
type myCaseView struct {
	base
	applicantText
	Case     *app.CaseView
	Item     *catalog.Item
	Form     []formRow
	Timeline []timelineEntry
	// Checklist is the correction notice's materials, each to upload again;
	// Gaps the 容缺 materials still due. Each is offered only when the case may
	// be supplemented now; Withdraw whether it may be withdrawn.
	Checklist []checkItem
	Gaps      []checkItem
	Note      string
	Withdraw  bool
	// Filed and Supplemented: the page follows a filing or a supplement.
	Filed, Supplemented bool
	Draft               *draft
	Notice, UploadJS    string
}

// applicantText are the helpers of the applicant's case pages' templates.
type applicantText struct{}

// Date is an instant's Beijing date.
func (applicantText) Date(t time.Time) string { return t.In(workday.Beijing).Format("2006-01-02") }

// DaysText says how the clock stands: the working days left, or overdue by.
func (applicantText) DaysText(c *casework.Clock) string {
	switch {
	case c.Suspended:
		return "暂停计时"
	case c.DaysLeft > 0:
		return fmt.Sprintf("剩余 %d 个工作日", c.DaysLeft)
	case c.DaysLeft == 0:
		return "今日到期"
	}
	return fmt.Sprintf("已超期 %d 个工作日", -c.DaysLeft)
}

// LegalDaysText is DaysText for the legal limit.
func (t applicantText) LegalDaysText(c *casework.Clock) string {
	return t.DaysText(&casework.Clock{DaysLeft: c.LegalDaysLeft})
}

type formRow struct{ Label, Value string }

// checkItem is one material to hand in, with what is wrong or when it is due.
type checkItem struct {
	Upload       applyMaterial
	Problem, Due string
}

func (s *Server) myCasePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return s.renderMyCase(w, r, http.StatusOK, newDraft(), func(v *myCaseView) {
		v.Filed, v.Supplemented = q.Get("filed") != "", q.Get("supplemented") != ""
	})
}

// renderMyCase shows the case of the path with d's refusals beside the checklist.
func (s *Server) renderMyCase(w http.ResponseWriter, r *http.Request, status int, d *draft, adjust func(*myCaseView)) error {
	number := r.PathValue("number")
	c, err := s.svc.CaseDetail(r.Context(), number)
	if err != nil {
		return err
	}
	tl, err := s.timeline(r, number, false)
	if err != nil {
		return err
	}
	v := myCaseView{base: s.base(r, "办件 "+c.Number), Case: c.CaseView, Item: c.Item, Form: formRows(c.Item.Form, c.Form),
		Timeline: tl, Withdraw: hasAction(c.Actions, casework.Withdraw), Draft: d,
		UploadJS: uploadJSURL()}
	if hasAction(c.Actions, casework.Supplement) {
		v.Checklist, v.Gaps, v.Note = s.stillDue(r, c, d)
	}
	if adjust != nil {
		adjust(&v)
	}
	return s.render(w, r, status, "my_case", v)
}

// stillDue lists what a case waits for from its applicant: the last correction
// notice's materials while it awaits correction, and the 容缺 materials not yet
// handed in.
func (s *Server) stillDue(r *http.Request, c *app.CaseDetail, d *draft) (checklist, gaps []checkItem, note string) {
	av := s.applyView(r, c.Item, d)
	material := func(id string) (applyMaterial, bool) {
		for _, m := range av.Materials {
			if m.ID == id {
				return m, true
			}
		}
		return applyMaterial{}, false
	}
	if c.Status == casework.AwaitingCorrection && len(c.Corrections) > 0 {
		last := c.Corrections[len(c.Corrections)-1]
		note = last.Note
		for _, it := range last.Items {
			if m, ok := material(it.Material); ok {
				checklist = append(checklist, checkItem{Upload: m, Problem: it.Problem})
			}
		}
	}
	for _, g := range c.Gaps {
		if m, ok := material(g.Material); ok && g.SuppliedAt == nil {
			gaps = append(gaps, checkItem{Upload: m, Due: g.Due.String()})
		}
	}
	return checklist, gaps, note
}

// formRows are the case's form as the case view shows it (masked as it masks it),
// in the order of the item's definition; values the definition does not name
// (a version without one) follow in key order.
func formRows(def catalog.Form, raw json.RawMessage) []formRow {
	var values map[string]any
	if json.Unmarshal(raw, &values) != nil {
		return nil
	}
	var rows []formRow
	for _, fd := range def {
		if v, ok := values[fd.Key]; ok {
			rows = append(rows, formRow{Label: fd.Label, Value: formValue(v)})
			delete(values, fd.Key)
		}
	}
	rest := make([]string, 0, len(values))
	for k := range values {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		rows = append(rows, formRow{Label: k, Value: formValue(values[k])})
	}
	return rows
}

func formValue(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// supplementSubmit hands in the files of the checklist and the 容缺 materials: one
// file per material asked for, stored as they arrive, then SupplementCase. A
// refusal is shown beside its material on the case page.
func (s *Server) supplementSubmit(w http.ResponseWriter, r *http.Request) error {
	setWriteDeadline(w, longAnswer) // files up a hall's slow line
	c, err := s.svc.CaseDetail(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	var asked []catalog.Material
	checklist, gaps, _ := s.stillDue(r, c, newDraft())
	for _, it := range append(checklist, gaps...) {
		asked = append(asked, it.Upload.Material)
	}
	if len(asked) == 0 {
		return apperr.Conflictf("invalid_transition", "办件当前没有需要补交的材料。")
	}
	d, err := s.readDraft(w, r, asked)
	if err != nil {
		return err
	}
	in := casework.SupplementInput{Materials: d.materials(asked)}
	if len(in.Materials) == 0 && !d.refused() {
		d.other = append(d.other, "请先选择要补交的文件。")
		d.note("", "", apperr.Invalid)
	}
	if !d.refused() {
		_, err = s.svc.SupplementCase(r.Context(), c.Number, in)
		if !d.refuse(err, in.Materials) && err != nil {
			return err
		}
	}
	if d.refused() {
		return s.renderMyCase(w, r, statusByKind[d.kind], d, func(v *myCaseView) {
			v.Notice = "补交未成功，请按提示修改后重新提交。" + strings.Join(d.other, "")
		})
	}
	http.Redirect(w, r, "/my/cases/"+c.Number+"?supplemented=1", http.StatusSeeOther)
	return nil
}

// maxWithdrawForm bounds a withdrawal's form: a reason.
const maxWithdrawForm = 8 << 10

type withdrawView struct {
	base
	Case          *app.CaseView
	Reason, Error string
}

// withdrawPage asks to confirm a withdrawal, with an optional reason; only while
// the case may be withdrawn.
func (s *Server) withdrawPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.withdrawable(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "withdraw", withdrawView{base: s.base(r, "撤回申请"), Case: c.CaseView})
}

func (s *Server) withdrawable(r *http.Request) (*app.CaseDetail, error) {
	c, err := s.svc.CaseDetail(r.Context(), r.PathValue("number"))
	if err != nil {
		return nil, err
	}
	if !hasAction(c.Actions, casework.Withdraw) {
		return nil, apperr.Conflictf("invalid_transition", "办件%s当前状态为“%s”，不能撤回。", c.Number, c.Status.Name())
	}
	return c, nil
}

func (s *Server) withdrawSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxWithdrawForm); err != nil {
		return err
	}
	number, reason := r.PathValue("number"), r.PostForm.Get("reason")
	_, err := s.svc.WithdrawCase(r.Context(), number, casework.ReasonInput{Reason: reason})
	if e := apperr.As(err); e != nil && e.Kind == apperr.Invalid {
		c, cerr := s.withdrawable(r)
		if cerr != nil {
			return cerr
		}
		return s.render(w, r, statusByKind[e.Kind], "withdraw", withdrawView{base: s.base(r, "撤回申请"), Case: c.CaseView,
			Reason: reason, Error: e.Message})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/my/cases/"+number, http.StatusSeeOther)
	return nil
}
