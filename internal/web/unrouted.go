package web

import (
	"net/http"
	"strings"

	"yiwang/internal/apperr"
)

// dispatch serves r through the route table, or through unrouted when no route
// takes it.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern == "" {
		setWriteDeadline(w, quickAnswer)
		s.unrouted(w, r, h)
		return
	}
	setRoute(r.Context(), pattern)
	s.mux.ServeHTTP(w, r)
}

// unrouted answers a request that no route takes, in the voice of the part of the
// site it aimed at: a JSON error under /api/, the error page elsewhere. The mux's
// own answer h (plain English text) is asked only for its status and Allow header:
// 404 for a path nobody serves, 405 for a method the path does not take.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request, h http.Handler) {
	probe := &headerProbe{header: http.Header{}}
	h.ServeHTTP(probe, r)
	api := strings.HasPrefix(r.URL.Path, "/api/")
	status, e := http.StatusNotFound, apperr.NotFoundf("没有这个页面：%s", r.URL.Path)
	if api {
		e = apperr.NotFoundf("没有这个接口：%s %s", r.Method, r.URL.Path)
	}
	if probe.status == http.StatusMethodNotAllowed {
		allow := probe.header.Get("Allow")
		w.Header().Set("Allow", allow)
		status = http.StatusMethodNotAllowed
		// The kind only keeps the message shown; the status is the router's.
		e = &apperr.Error{Kind: apperr.NotFound, Code: "method_not_allowed",
			Message: r.URL.Path + " 不接受 " + r.Method + " 请求，只接受 " + allow}
		if !api {
			// A person needs no method names: only what to do instead.
			e.Message = "此页面只供查看，不接受提交。"
			if !strings.Contains(allow, http.MethodGet) {
				e.Message = "这个地址只接收页面上的表单，请回到页面上填写后点击按钮提交。"
			}
		}
	}
	if api {
		writeErrorStatus(w, r, status, e)
		return
	}
	s.errorPage(w, r, status, e)
}

// headerProbe is a ResponseWriter that keeps the status and headers and drops the body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header { return p.header }

func (p *headerProbe) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}

func (p *headerProbe) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}
