package web

import (
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"net/http"
	"sync"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
)

// windowPages routes the window console (综合窗口) and the notices it prints.
func (s *Server) windowPages(m *routeTable) {
	clerk := func(fn pageFunc) http.Handler { return s.pageFor(fn, access.Clerk) }
	m.Handle("GET /window", clerk(s.windowPage))
	m.Handle("POST /window/start", clerk(s.windowStart))
	m.Handle("POST /window/file", clerk(s.windowFile))
	m.Handle("GET /window/waiting", clerk(s.windowWaitingPage))
	m.Handle("GET /window/cases/{number}", clerk(s.windowCasePage))
	m.Handle("POST /window/cases/{number}/decide", clerk(s.windowDecide))
	m.Handle("GET /window/cases/{number}/notices/{kind}", clerk(s.windowNoticePage))
}

// windowScript is the address of the console's script (check characters as typed,
// the print button), with its content hash as the stylesheet's has.
var windowScript = sync.OnceValue(func() string {
	b, _ := fs.ReadFile(staticFS, "static/js/window.js")
	return "/static/js/window.js?v=" + contentHash(b)
})

// fieldErrors are the messages of a refused form, by the field (as the app names
// it) that each stands beside.
type fieldErrors map[string]string

// add records every field error of err; an error naming no field goes under "".
func (fe fieldErrors) add(err error, rename func(string) string) {
	e := apperr.As(err)
	if e == nil {
		return
	}
	list := e.Fields
	if len(list) == 0 {
		list = []*apperr.Error{e}
	}
	for _, x := range list {
		f := x.Field
		if rename != nil {
			f = rename(f)
		}
		if _, ok := fe[f]; !ok {
			fe[f] = x.Message
		}
	}
}

// windowView is what every console page shows besides the page's own facts.
type windowView struct {
	base
	Script string
	errs   fieldErrors
}

// Err returns the message for field, if the form was refused for it.
func (v windowView) Err(field string) string { return v.errs[field] }

func (s *Server) windowBase(r *http.Request, title string) windowView {
	return windowView{base: s.base(r, title), Script: windowScript(), errs: fieldErrors{}}
}

// windowStartView is the console's first screen: the applicant and the item.
type windowStartView struct {
	windowView
	Query     string
	Items     []catalog.Item
	Next      string
	Applicant app.ApplicantInput
	Item      string
}

// windowPage shows the item search (every published item: 无差别受理) and the
// walk-in applicant's form.
func (s *Server) windowPage(w http.ResponseWriter, r *http.Request) error {
	v := windowStartView{windowView: s.windowBase(r, "综合窗口"), Query: r.URL.Query().Get("q"),
		Applicant: app.ApplicantInput{Kind: casework.Person}}
	return s.renderWindowStart(w, r, http.StatusOK, v, r.URL.Query().Get("cursor"))
}

func (s *Server) renderWindowStart(w http.ResponseWriter, r *http.Request, status int, v windowStartView, cursor string) error {
	page, err := s.svc.SearchItems(r.Context(), v.Query, paging.Request{Limit: paging.DefaultLimit, Cursor: cursor})
	if err != nil {
		return err
	}
	v.Items = page.Rows
	if page.More {
		v.Next = page.Next
	}
	return s.render(w, r, status, "window", v)
}

// maxWindowForm bounds the console's url-encoded forms: an applicant, or a
// decision with a line per material.
const maxWindowForm = 64 << 10

func applicantFrom(f map[string][]string) app.ApplicantInput {
	get := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	in := app.ApplicantInput{Kind: casework.ApplicantKind(get("applicant.kind")), Name: get("applicant.name"),
		Phone: get("applicant.phone")}
	if in.Kind == casework.Organisation {
		in.CreditCode = get("applicant.credit_code")
	} else {
		in.IDNumber = get("applicant.id_number")
	}
	return in
}

// windowStart checks the applicant (the check character again, whatever the
// browser's script said) and opens the chosen item's filing screen for them.
func (s *Server) windowStart(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxWindowForm); err != nil {
		return err
	}
	v := windowStartView{windowView: s.windowBase(r, "综合窗口"), Query: r.PostForm.Get("q"),
		Applicant: applicantFrom(r.PostForm), Item: r.PostForm.Get("item")}
	known, err := s.svc.CheckWindowApplicant(r.Context(), v.Applicant)
	if e := apperr.As(err); e != nil && e.Kind == apperr.Invalid {
		v.errs.add(err, nil)
	} else if err != nil {
		return err
	}
	var it *catalog.Item
	if v.Item == "" {
		v.errs["item"] = "请选择要办理的事项"
	} else if it, err = s.svc.Item(r.Context(), v.Item, 0); apperr.KindOf(err) == apperr.NotFound || err == nil && it.Status != catalog.Published {
		v.errs["item"] = "该事项未发布或已停止办理，请重新选择"
	} else if err != nil {
		return err
	}
	if len(v.errs) > 0 {
		return s.renderWindowStart(w, r, http.StatusUnprocessableEntity, v, "")
	}
	fv := s.newFiling(r, it, v.Applicant)
	fv.Known = known
	return s.render(w, r, http.StatusOK, "window_file", fv)
}

// idempotencyKey is a fresh key for one filing screen: the filing it submits is
// made once however often the form is sent (a double click, a reload).
func idempotencyKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
