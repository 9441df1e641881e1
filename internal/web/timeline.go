package web

import (
	"net/http"

	"yiwang/internal/access"
	"yiwang/internal/audit"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
)

// actionNames are the Chinese names of a case's actions, as its timeline shows them.
var actionNames = map[casework.Action]string{
	casework.Submit: "提交申请", casework.Accept: "受理", casework.AcceptWithGaps: "容缺受理",
	casework.RequestCorrection: "一次性告知补正材料", casework.Supplement: "补正材料", casework.Refuse: "不予受理",
	casework.CompleteTask: "完成审查环节", casework.Approve: "准予许可", casework.Deny: "不予许可",
	casework.Suspend: "暂停计时", casework.Resume: "恢复计时", casework.Extend: "延长办理期限",
	casework.Withdraw: "撤回申请", casework.DeemAccept: "逾期未处理，依法视为受理",
	casework.RefreshDeadlines: "按节假日安排更新期限", casework.Issue: "制证", casework.Deliver: "送达",
}

// ActionName returns the Chinese name of a case action.
func (base) ActionName(a casework.Action) string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return "办理"
}

// timelineEntry is one step of a case's timeline: when, what, by whom, and why.
type timelineEntry struct {
	When, What, Who, Reason string
}

// timeline returns a case's steps from its audit trail, oldest first, for the
// logged-in viewer (the app decides whether they may see the case). Staff see who
// acted; an applicant sees the role, which is what they need to know.
func (s *Server) timeline(r *http.Request, number string, names bool) ([]timelineEntry, error) {
	var out []timelineEntry
	pr := paging.Request{Limit: paging.MaxLimit}
	for {
		page, err := s.svc.CaseEvents(r.Context(), number, pr)
		if err != nil {
			return nil, err
		}
		out = append(out, timelineOf(page.Rows, names)...)
		if !page.More {
			return out, nil
		}
		pr.Cursor = page.Next
	}
}

// timelineOf returns the timeline's steps of audit entries; see timeline.
func timelineOf(es []audit.Entry, names bool) []timelineEntry {
	var b base
	out := make([]timelineEntry, 0, len(es))
	for _, e := range es {
		who := roleNames[access.Role(e.Role)]
		if names && e.ActorName != "" {
			who += " " + e.ActorName
		}
		out = append(out, timelineEntry{When: b.Time(e.At), What: b.ActionName(casework.Action(e.Action)), Who: who, Reason: e.Reason})
	}
	return out
}
