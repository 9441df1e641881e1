package web

import (
	"net/http"

	"yiwang/internal/access"
	"yiwang/internal/audit"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
)

// ActionName returns the Chinese name of a case action.
func (base) ActionName(a casework.Action) string { return a.Name() }

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
