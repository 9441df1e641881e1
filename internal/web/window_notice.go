package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// The notices the window prints for the applicant (print-ready pages: the
// browser prints them or saves them as PDF on A4): 受理通知书, 补正材料通知书,
// 不予受理通知书 and the decision. Each carries the hall's name and a QR code of
// the progress look-up with the case's query code.

const (
	noticeAcceptance = "acceptance"
	noticeCorrection = "correction"
	noticeRefusal    = "refusal"
	noticeDecision   = "decision"
)

// noticesOf lists the notices that c has reached, in the order they arise.
func noticesOf(c *app.CaseView, it *catalog.Item) []noticeLink {
	var out []noticeLink
	if len(c.Corrections) > 0 {
		out = append(out, noticeLink{noticeCorrection, "补正材料通知书"})
	}
	if c.Status == casework.Refused && c.Closure != nil {
		out = append(out, noticeLink{noticeRefusal, "不予受理通知书"})
	}
	if c.AcceptedAt != nil && c.Handling == catalog.Promised {
		out = append(out, noticeLink{noticeAcceptance, "受理通知书"})
	}
	if c.Decision != nil {
		out = append(out, noticeLink{noticeDecision, decisionTitle(c, it)})
	}
	return out
}

// decisionTitle names the decision letter: a licence's is a 行政许可决定书.
func decisionTitle(c *app.CaseView, it *catalog.Item) string {
	switch {
	case it.Kind == catalog.License && c.Decision.Approved:
		return "准予行政许可决定书"
	case it.Kind == catalog.License:
		return "不予行政许可决定书"
	case c.Decision.Approved:
		return "准予办理决定书"
	}
	return "不予办理决定书"
}

// problemRow is one line of a correction notice.
type problemRow struct {
	Seq            int
	Label, Problem string
}

type windowNoticeView struct {
	base
	Script    string
	Kind      string
	Heading   string
	Case      *app.CaseView
	Item      *catalog.Item
	HallName  string
	Applicant string
	QR        template.URL
	LookupURL string
	// Correction is the latest one-time notice, with the materials' names.
	Correction *casework.CorrectionNotice
	Problems   []problemRow
	// LookupPage is the look-up's address without the case, to type by hand.
	LookupPage string
	Date       string
}

// noticeDate formats a day as a notice writes it: 2026年3月2日.
func noticeDate(d workday.Date) string {
	t := d.Time()
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// DayAt formats the day of an instant (a time.Time or *time.Time) as a notice writes it.
func (windowNoticeView) DayAt(t any) string {
	switch v := t.(type) {
	case time.Time:
		return noticeDate(workday.DateOf(v))
	case *time.Time:
		if v != nil {
			return noticeDate(workday.DateOf(*v))
		}
	}
	return ""
}

// DayOf formats a case date (due dates) as a notice writes it.
func (windowNoticeView) DayOf(d *workday.Date) string {
	if d == nil {
		return ""
	}
	return noticeDate(*d)
}

func (s *Server) windowNoticePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.windowCase(r, r.PathValue("number"))
	if err != nil {
		return err
	}
	kind := r.PathValue("kind")
	var heading string
	for _, n := range v.Notices {
		if n.Kind == kind {
			heading = n.Title
		}
	}
	if heading == "" {
		return apperr.NotFoundf("办件 %s 没有这份通知书", v.Case.Number)
	}
	c := v.Case
	lookup := s.siteURL(r, "/lookup?"+url.Values{"number": {c.Number}, "code": {c.QueryCode}}.Encode())
	qr, err := qrImage(lookup)
	if err != nil {
		return err
	}
	nv := windowNoticeView{base: s.base(r, heading), Script: windowScript(), Kind: kind, Heading: heading, Case: c,
		Item: v.Item, HallName: v.HallName, Applicant: c.Applicant.Name, QR: qr, LookupURL: lookup,
		LookupPage: s.siteURL(r, "/lookup")}
	var day workday.Date
	switch kind {
	case noticeAcceptance:
		day = workday.DateOf(*c.AcceptedAt)
	case noticeCorrection:
		last := c.Corrections[len(c.Corrections)-1]
		nv.Correction, day = &last, workday.DateOf(last.At)
		for _, item := range last.Items {
			name := "申请表"
			if m, ok := v.Item.Material(item.Material); ok {
				name = m.Name
			}
			nv.Problems = append(nv.Problems, problemRow{Seq: len(nv.Problems) + 1, Label: name, Problem: item.Problem})
		}
	case noticeRefusal:
		day = workday.DateOf(c.Closure.At)
	case noticeDecision:
		day = workday.DateOf(c.Decision.At)
	}
	nv.Date = noticeDate(day)
	return s.render(w, r, http.StatusOK, "window_notice", nv)
}
