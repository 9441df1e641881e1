package web

import (
	"html/template"
	"net/http"
	"net/url"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// The online hall's public pages: the catalog with its search and its ways of
// browsing (by life event, by department), an item's guide and the progress
// look-up. None needs a log-in.

// homePageSize is how many items the home page lists at a time.
const homePageSize = paging.DefaultLimit

type homeView struct {
	base
	// Query is the search typed; Event and Dept the life event or department
	// browsed. At most one of them is set.
	Query  string
	Event  *catalog.LifeEvent
	Dept   *catalog.Department
	Events []catalog.LifeEvent
	Depts  []catalog.Department
	Items  []catalog.Item
	// Next is the address of the next page of Items, if there is one.
	Next string
}

// Listing says what the list shows, for its heading.
func (v homeView) Listing() string {
	switch {
	case v.Query != "":
		return "“" + v.Query + "”的搜索结果"
	case v.Event != nil:
		return v.Event.Name + "：需要办理的事项"
	case v.Dept != nil:
		return v.Dept.Name + "的事项"
	}
	return "全部事项"
}

// homePage is the front door: the search, the progress look-up, the life events
// and departments to browse, and the list of items the visitor asked for (search
// results, a life event's or a department's items, or all), a page at a time.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	v := homeView{Query: q.Get("q")}
	pr, err := paging.Parse("", q.Get("cursor"))
	if err != nil {
		return err
	}
	pr.Limit = homePageSize
	var page paging.Page[catalog.Item]
	switch {
	case v.Query != "":
		page, err = s.svc.SearchItems(r.Context(), v.Query, pr)
	case q.Get("event") != "":
		v.Event, page.Rows, err = s.svc.LifeEventItems(r.Context(), q.Get("event"))
	case q.Get("dept") != "":
		v.Dept, page, err = s.svc.DepartmentItems(r.Context(), q.Get("dept"), pr)
	default:
		page, err = s.svc.SearchItems(r.Context(), "", pr)
	}
	if err != nil {
		return err
	}
	v.Items = page.Rows
	if page.More {
		next := url.Values{"cursor": {page.Next}}
		for _, k := range []string{"q", "dept"} {
			if q.Get(k) != "" {
				next.Set(k, q.Get(k))
			}
		}
		v.Next = "/?" + next.Encode()
	}
	if v.Events, err = s.svc.LifeEvents(r.Context()); err != nil {
		return err
	}
	if v.Depts, err = s.svc.Departments(r.Context()); err != nil {
		return err
	}
	title := "办事指南"
	if v.Query != "" || v.Event != nil || v.Dept != nil {
		title = v.Listing()
	}
	v.base = s.base(r, title)
	return s.render(w, r, http.StatusOK, "home", v)
}

type itemView struct {
	base
	Item  *catalog.Item
	Halls []catalog.Hall
	// QR is a QR code of the guide's own address, to carry it to a phone.
	QR    template.URL
	QRURL string
}

func (s *Server) itemPage(w http.ResponseWriter, r *http.Request) error {
	it, err := s.svc.Item(r.Context(), r.PathValue("code"), 0)
	if err != nil {
		return err
	}
	halls, err := s.svc.Halls(r.Context())
	if err != nil {
		return err
	}
	v := itemView{base: s.base(r, it.Name), Item: it, Halls: halls, QRURL: s.siteURL(r, "/items/"+url.PathEscape(it.Code))}
	if v.QR, err = qrImage(v.QRURL); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "item", v)
}

// OnlineDepthName says in words how far an item can be done online (网办深度,
// levels Ⅰ–Ⅳ of the national standard).
func (itemView) OnlineDepthName(depth int) string {
	return map[int]string{0: "不支持网上办理", 1: "Ⅰ级：网上可查办事指南", 2: "Ⅱ级：网上预约、预审",
		3: "Ⅲ级：网上受理，到现场领取结果", 4: "Ⅳ级：全程网办，无需到现场"}[depth]
}

type lookupView struct {
	base
	Number, Code string
	Error        string
	Case         *app.PublicCase
}

// StepBy names the side that did a step of a public timeline.
func (lookupView) StepBy(by string) string {
	return map[string]string{"applicant": "申请人", "window": "综合窗口", "department": "审批部门",
		"certificate": "制证窗口", "system": "系统"}[by]
}

// Date formats a working-day date.
func (lookupView) Date(d workday.Date) string { return d.String() }

// lookupPage shows a case's progress. A wrong number or code is answered on the
// lookup form itself, under the not-found status, so the visitor can retry at once;
// a first visit without either shows the empty form.
func (s *Server) lookupPage(w http.ResponseWriter, r *http.Request) error {
	number, code := r.URL.Query().Get("number"), r.URL.Query().Get("code")
	v := lookupView{base: s.base(r, "办件进度"), Number: number, Code: code}
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
