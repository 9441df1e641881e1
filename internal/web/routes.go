package web

import "net/http"

// routes is the whole route table. A request that no route takes is answered by
// unrouted, not by a catch-all pattern: a catch-all would also take a known path
// with the wrong method, and turn its 405 into a 404. Every route sets its own write
// deadline (writeBudget): s.api and s.page the quick one, the routes that move
// files or whole collections the long one.
func (s *Server) routes() {
	m := &routeTable{s: s}
	m.Handle("GET /healthz", within(quickAnswer, http.HandlerFunc(s.healthz)))
	m.Handle("GET /readyz", s.api(s.readyz))
	m.Handle("GET "+metricsPath, within(quickAnswer, s.metricsHandler()))
	m.Handle("GET /api/v1/openapi.json", s.api(s.openAPI))

	m.Handle("POST /api/v1/auth/login", s.api(s.login))
	m.Handle("POST /api/v1/auth/logout", s.api(s.logout))
	m.Handle("GET /api/v1/auth/me", s.api(s.me))
	m.Handle("POST /api/v1/applicants", s.api(s.registerApplicant))
	m.Handle("GET /api/v1/users", s.api(s.listUsers))
	m.Handle("POST /api/v1/staff", s.api(s.createStaff))

	m.Handle("GET /api/v1/departments", s.api(s.listDepartments))
	m.Handle("POST /api/v1/departments", s.api(s.createDepartment))
	m.Handle("GET /api/v1/halls", s.api(s.listHalls))
	m.Handle("POST /api/v1/halls", s.api(s.createHall))
	m.Handle("GET /api/v1/items", s.api(s.listItems))
	m.Handle("GET /api/v1/items/{code}", s.api(s.getItem))
	m.Handle("POST /api/v1/items", s.api(s.createItem))
	m.Handle("PUT /api/v1/items/{code}", s.api(s.updateItem))
	m.Handle("POST /api/v1/items/{code}/publish", s.api(s.publishItem))
	m.Handle("POST /api/v1/items/{code}/retire", s.api(s.retireItem))
	m.Handle("GET /api/v1/catalog/export", s.apiWithin(longAnswer, s.exportCatalog))
	m.Handle("POST /api/v1/catalog/import", s.apiWithin(longAnswer, s.importCatalog))

	m.Handle("POST /api/v1/blobs", s.apiWithin(longAnswer, s.uploadBlob))
	m.Handle("POST /api/v1/cases", s.api(s.submitCase))
	m.Handle("GET /api/v1/cases", s.api(s.listCases))
	m.Handle("GET /api/v1/cases/counts", s.api(s.caseCounts))
	m.Handle("GET /api/v1/tasks", s.api(s.listTasks))
	m.Handle("GET /api/v1/cases/{number}", s.api(s.getCase))
	for _, a := range caseActionRoutes {
		m.Handle("POST /api/v1/cases/{number}/"+a.path, s.api(s.caseAction(a)))
	}
	m.Handle("GET /api/v1/cases/{number}/events", s.api(s.caseEvents))
	m.Handle("GET /api/v1/cases/{number}/materials/{blob}", s.apiWithin(longAnswer, s.caseMaterial))
	m.Handle("GET /api/v1/lookup", s.api(s.lookupCase))
	m.Handle("GET /api/v1/audit/verify", s.apiWithin(longAnswer, s.verifyAudit))

	m.Handle("GET /api/v1/calendar/due", s.api(s.calendarDue))
	m.Handle("GET /api/v1/calendar/working-days", s.api(s.calendarWorkingDays))
	m.Handle("GET /api/v1/calendar/years", s.api(s.calendarYears))
	m.Handle("POST /api/v1/calendar/years", s.api(s.loadCalendarYear))

	m.Handle("GET /{$}", s.page(s.homePage))
	m.Handle("GET /items/{code}", s.page(s.itemPage))
	m.Handle("GET /lookup", s.page(s.lookupPage))
	m.Handle("GET /login", s.page(s.loginPage))
	m.Handle("POST /login", s.page(s.loginSubmit))
	m.Handle("POST /logout", s.page(s.logoutSubmit))
	m.Handle("GET /register", s.page(s.registerPage))
	m.Handle("POST /register", s.page(s.registerSubmit))
	s.applicantPages(m)
	s.messagePages(m)
	s.windowPages(m)
	s.staffPages(m)
	s.adminPages(m)
	m.Handle("GET /static/", within(quickAnswer, http.StripPrefix("/static/", s.pages.staticHandler())))
}

// routeTable registers routes on the server's mux and remembers their patterns, so
// that tests hold the OpenAPI document against the routes really served, those
// registered in a loop included.
type routeTable struct{ s *Server }

func (t *routeTable) Handle(pattern string, h http.Handler) {
	t.s.mux.Handle(pattern, h)
	t.s.patterns = append(t.s.patterns, pattern)
}

func (t *routeTable) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	t.Handle(pattern, http.HandlerFunc(h))
}
