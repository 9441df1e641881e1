package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"yiwang/internal/app"
	"yiwang/internal/audit"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
)

// The supervisor's pages (routed by staffPages): the board of open cases by light
// per department and hall, the case lists its counts lead to, and the audit check.

// boardRow is one department's or hall's open cases by light.
type boardRow struct {
	Code, Name              string
	Red, Yellow, Blue, None int
}

// Total is every open case of the row.
func (b boardRow) Total() int { return b.Red + b.Yellow + b.Blue + b.None }

func (b *boardRow) add(c casework.Count) {
	switch c.Light {
	case casework.Red:
		b.Red += c.N
	case casework.Yellow:
		b.Yellow += c.N
	case casework.Blue:
		b.Blue += c.N
	default:
		b.None += c.N
	}
}

// board is one table of the supervisor's page: rows of one kind (department or hall).
type board struct {
	Heading, Kind string
	Rows          []boardRow
}

// URL is the case list of the row code in light ("" for every light).
func (b board) URL(code, light string) string { return casesURL(b.Kind, code, light) }

type superviseView struct {
	base
	Boards []board
	All    boardRow
}

// supervisePage is the supervisor's board: the open cases of their scope by light,
// per department and per hall, from one grouped count; each count leads to its cases.
func (s *Server) supervisePage(w http.ResponseWriter, r *http.Request) error {
	counts, err := s.svc.CaseCounts(r.Context())
	if err != nil {
		return err
	}
	halls, err := s.svc.Halls(r.Context())
	if err != nil {
		return err
	}
	hallNames := map[string]string{}
	for _, h := range halls {
		hallNames[h.Code] = h.Name
	}
	v := superviseView{base: s.base(r, "督查")}
	depts, hs := map[string]*boardRow{}, map[string]*boardRow{}
	row := func(rows map[string]*boardRow, code, name string) *boardRow {
		if rows[code] == nil {
			rows[code] = &boardRow{Code: code, Name: name}
		}
		return rows[code]
	}
	for _, c := range counts {
		if !slices.Contains(casework.OpenStatuses, c.Status) {
			continue
		}
		row(depts, c.Department, v.DeptName(c.Department)).add(c)
		hn := hallNames[c.Hall]
		if hn == "" {
			hn = c.Hall
		}
		row(hs, c.Hall, hn).add(c)
		v.All.add(c)
	}
	v.Boards = []board{{Heading: "按部门", Kind: "department", Rows: sortedRows(depts)},
		{Heading: "按大厅", Kind: "hall", Rows: sortedRows(hs)}}
	return s.render(w, r, http.StatusOK, "supervise", v)
}

// sortedRows puts the rows with the most red first, then yellow, then by code.
func sortedRows(m map[string]*boardRow) []boardRow {
	out := make([]boardRow, 0, len(m))
	for _, b := range m {
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b boardRow) int {
		if a.Red != b.Red {
			return b.Red - a.Red
		}
		if a.Yellow != b.Yellow {
			return b.Yellow - a.Yellow
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

// CasesURL is the case list of every department and hall in light.
func (superviseView) CasesURL(light string) string { return casesURL("", "", light) }

// casesURL is the case list of a light (or all lights) of a department or hall.
func casesURL(kind, code, light string) string {
	q := url.Values{}
	if code != "" {
		q.Set(kind, code)
	}
	if light != "" {
		q.Set("light", light)
	}
	if len(q) == 0 {
		return "/supervise/cases"
	}
	return "/supervise/cases?" + q.Encode()
}

type superviseCasesView struct {
	base
	Cases                        []app.CaseSummary
	Light, Department, Hall, Sub string
	Next                         string
}

// superviseCasesPage lists the open cases of one light, department or hall, 50 a page.
func (s *Server) superviseCasesPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	light, err := paramOneOf(q, "light", casework.Lights)
	if err != nil {
		return err
	}
	cq := app.CaseQuery{Light: light, Department: q.Get("department"), Hall: q.Get("hall"),
		Page: paging.Request{Limit: paging.DefaultLimit, Cursor: q.Get("cursor")}}
	list, err := s.svc.Cases(r.Context(), cq)
	if err != nil {
		return err
	}
	v := superviseCasesView{base: s.base(r, "督查 · 办件"), Cases: list.Cases, Light: string(light),
		Department: cq.Department, Hall: cq.Hall, Next: nextPageURL("/supervise/cases", q, list.NextCursor, list.HasMore)}
	var parts []string
	if cq.Department != "" {
		parts = append(parts, v.DeptName(cq.Department))
	}
	if cq.Hall != "" {
		parts = append(parts, s.hallName(r, cq.Hall))
	}
	if light != "" {
		parts = append(parts, v.LightName(light))
	}
	v.Sub = strings.Join(parts, " · ")
	if v.Sub == "" {
		v.Sub = "全部在办"
	}
	return s.render(w, r, http.StatusOK, "supervise_cases", v)
}

func (s *Server) hallName(r *http.Request, code string) string {
	halls, err := s.svc.Halls(r.Context())
	if err == nil {
		for _, h := range halls {
			if h.Code == code {
				return h.Name
			}
		}
	}
	return code
}

type superviseAuditView struct {
	base
	Report    audit.Report
	CheckedAt time.Time
	Took      string
}

// superviseAuditPage checks the whole audit chain now and says whether it is
// intact: it reads every entry, so it is a page of its own, opened on purpose, with
// the long write deadline.
func (s *Server) superviseAuditPage(w http.ResponseWriter, r *http.Request) error {
	setWriteDeadline(w, longAnswer) // as the API's verification: a big trail takes its time
	started := time.Now()
	at := s.svc.Now()
	rep, err := s.svc.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	took := time.Since(started)
	v := superviseAuditView{base: s.base(r, "审计链核验"), Report: rep, CheckedAt: at,
		Took: fmt.Sprintf("%.2f 秒", took.Seconds())}
	return s.render(w, r, http.StatusOK, "supervise_audit", v)
}

// Abs is n without its sign: the days a case is overdue.
func (superviseCasesView) Abs(n int) int { return abs(n) }
