package web

import (
	"net/http"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// windowCaseView is a case as the clerk of its hall works it: what was filed, the
// decision while it waits for one, and the notices to print.
type windowCaseView struct {
	windowView
	Case     *app.CaseView
	Item     *catalog.Item
	HallName string
	Form     []formRow
	D        decisionForm
	// Open: the case waits for the window's decision; NoticeBy is then the last day
	// for a correction notice or a refusal (Art. 32), DaysLeft the working days to it.
	Open     bool
	NoticeBy workday.Date
	DaysLeft int
	Done     string
	Notices  []noticeLink
	Timeline []timelineEntry
}

// Editable: the checklist shows what was handed in; Decidable while the case waits.
func (windowCaseView) Editable() bool    { return false }
func (v windowCaseView) Decidable() bool { return v.Open }

// MaterialName names a material of the case's item; "form" is the application form.
func (v windowCaseView) MaterialName(id string) string {
	if m, ok := v.Item.Material(id); ok {
		return m.Name
	}
	return "申请表"
}

type noticeLink struct{ Kind, Title string }

var doneMessages = map[string]string{
	"accept": "已受理。请打印受理通知书交申请人。", "accept_with_gaps": "已容缺受理。请打印受理通知书，告知申请人容缺材料的补交期限。",
	"correction": "已一次性告知补正。请打印补正材料通知书交申请人。", "refuse": "已不予受理。请打印不予受理通知书交申请人。",
	"approve": "已当场准予办理。请打印决定书交申请人。", "deny": "已作出不予批准的决定。请打印决定书交申请人。",
}

func (s *Server) windowCasePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.windowCase(r, r.PathValue("number"))
	if err != nil {
		return err
	}
	v.Done = doneMessages[r.URL.Query().Get("done")]
	return s.render(w, r, http.StatusOK, "window_case", v)
}

// windowCase loads the case (one outside the clerk's hall is not found, as the app
// says) with its item version, and the checklist of what was handed in.
func (s *Server) windowCase(r *http.Request, number string) (windowCaseView, error) {
	c, err := s.svc.Case(r.Context(), number)
	if err != nil {
		return windowCaseView{}, err
	}
	it, err := s.svc.Item(r.Context(), c.Item, c.ItemVersion)
	if err != nil {
		return windowCaseView{}, err
	}
	today := workday.DateOf(s.svc.Now())
	v := windowCaseView{windowView: s.windowBase(r, "办件 "+c.Number), Case: c, Item: it, HallName: s.hallName(r, c.Hall),
		Form: formRows(it.Form, c.Form), D: newDecisionForm(it, today), Open: c.Status == casework.Submitted,
		Notices: noticesOf(c, it)}
	for i := range v.D.Rows {
		row := &v.D.Rows[i]
		for _, m := range c.Materials {
			if m.Material == row.ID {
				row.Got, row.Paper, row.Blob = true, m.Paper, m.Blob
			}
		}
	}
	if v.Open {
		if v.NoticeBy, v.DaysLeft, err = casework.CorrectionDaysLeft(s.svc.Calendar(), c.ReceivedAt, today); err != nil {
			return windowCaseView{}, err
		}
	}
	if v.Timeline, err = s.timeline(r, number, true); err != nil {
		return windowCaseView{}, err
	}
	return v, nil
}

// windowDecide takes the clerk's decision on a case waiting at the window.
func (s *Server) windowDecide(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxWindowForm); err != nil {
		return err
	}
	number := r.PathValue("number")
	c, err := s.svc.Case(r.Context(), number)
	if err != nil {
		return err
	}
	it, err := s.svc.Item(r.Context(), c.Item, c.ItemVersion)
	if err != nil {
		return err
	}
	d := newDecisionForm(it, workday.DateOf(s.svc.Now()))
	readDecision(&d, r.PostForm)
	if _, errs, err := s.decide(r.Context(), number, d); err != nil {
		return s.renderCaseWithErrors(w, r, number, d, errs, err)
	}
	http.Redirect(w, r, "/window/cases/"+number+"?done="+d.Decision, http.StatusSeeOther)
	return nil
}

// renderCaseWithErrors shows the case with the refused decision as typed and the
// domain's answer beside the fields, under the status the API would answer; an
// error that is not about the decision (not found, forbidden) is the error page.
func (s *Server) renderCaseWithErrors(w http.ResponseWriter, r *http.Request, number string, d decisionForm, errs fieldErrors, err error) error {
	e := apperr.As(err)
	if e == nil || e.Kind != apperr.Invalid && e.Kind != apperr.Conflict {
		return err
	}
	v, verr := s.windowCase(r, number)
	if verr != nil {
		return verr
	}
	for i := range d.Rows { // keep what the checklist says was handed in
		d.Rows[i].Got, d.Rows[i].Paper, d.Rows[i].Blob = v.D.Rows[i].Got, v.D.Rows[i].Paper, v.D.Rows[i].Blob
	}
	v.D, v.errs = d, errs
	if len(errs) == 0 {
		v.errs[""] = e.Message
	}
	if e.Code == "invalid_transition" { // its message names the status and action by their codes
		v.errs = fieldErrors{"": "办件当前状态为“" + v.StatusName(v.Case.Status) + "”，不能再这样办理（可能已经办理过，或已由他人办理）。"}
	}
	return s.render(w, r, statusByKind[e.Kind], "window_case", v)
}

// windowWaitingView is the hall's queue of submissions waiting for acceptance.
type windowWaitingView struct {
	windowView
	List app.WaitingList
}

func (s *Server) windowWaitingPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.WaitingCases(r.Context(), paging.Request{Limit: paging.DefaultLimit, Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "window_waiting", windowWaitingView{windowView: s.windowBase(r, "待受理"), List: list})
}

// ChannelName returns the Chinese name of a channel.
func (base) ChannelName(c casework.Channel) string {
	return map[casework.Channel]string{casework.Online: "网上申请", casework.Window: "窗口受理", casework.Kiosk: "自助终端"}[c]
}
