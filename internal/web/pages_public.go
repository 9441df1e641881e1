package web

import (
	"net/http"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
)

// The online hall's public pages: the catalog with its search, an item's guide and
// the progress look-up. None needs a log-in.

type homeView struct {
	base
	Query string
	Items []catalog.Item
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	page, err := s.svc.SearchItems(r.Context(), q, paging.Request{Limit: paging.MaxLimit})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "home", homeView{base: s.base(r, "办事指南"), Query: q, Items: page.Rows})
}

type itemView struct {
	base
	Item *catalog.Item
}

func (s *Server) itemPage(w http.ResponseWriter, r *http.Request) error {
	it, err := s.svc.Item(r.Context(), r.PathValue("code"), 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "item", itemView{base: s.base(r, it.Name), Item: it})
}

type lookupView struct {
	base
	Number string
	Error  string
	Case   *app.PublicCase
}

// lookupPage shows a case's progress. A wrong number or code is answered on the
// lookup form itself, under the not-found status, so the visitor can retry at once;
// a first visit without either shows the empty form.
func (s *Server) lookupPage(w http.ResponseWriter, r *http.Request) error {
	number, code := r.URL.Query().Get("number"), r.URL.Query().Get("code")
	v := lookupView{base: s.base(r, "办件进度"), Number: number}
	if number == "" && code == "" {
		return s.render(w, r, http.StatusOK, "lookup", v)
	}
	c, err := s.svc.LookupCase(r.Context(), number, code)
	if apperr.KindOf(err) == apperr.NotFound {
		v.Error = "办件编号或查询码不正确，请核对受理回执后重试。"
		return s.render(w, r, statusByKind[apperr.NotFound], "lookup", v)
	}
	if err != nil {
		return err
	}
	v.Case = c
	return s.render(w, r, http.StatusOK, "lookup", v)
}
