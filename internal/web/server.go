package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/apperr"
)

// SessionCookie is the name of the HttpOnly session cookie of the pages.
const SessionCookie = "yiwang_session"

// Config is what the HTTP layer is told besides the service.
type Config struct {
	// TrustedProxies are the peers whose X-Forwarded-For names the client (see
	// clientAddr); none by default, so that the peer is the client.
	TrustedProxies []netip.Prefix
	// MetricsAllow are the client addresses (see clientAddr) that may read
	// /metrics; MetricsToken, if set, is a bearer token that may from anywhere.
	MetricsAllow []netip.Prefix
	MetricsToken string
}

// Server serves yiwang over HTTP.
type Server struct {
	svc      *app.Service
	cfg      Config
	log      *slog.Logger
	mux      *http.ServeMux
	patterns []string // every route's pattern, in the order routes registers them
	openapi  []byte   // the served OpenAPI document
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	pages    *pages
	handler  http.Handler
}

// New returns a server for svc with every route registered.
func New(svc *app.Service, log *slog.Logger, cfg Config) (*Server, error) {
	s := &Server{svc: svc, cfg: cfg, log: log, mux: http.NewServeMux(), registry: prometheus.NewRegistry()}
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "yiwang_http_requests_total", Help: "HTTP requests by route and status.",
	}, []string{"route", "status"})
	s.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "yiwang_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: prometheus.DefBuckets,
	}, []string{"route"})
	s.registry.MustRegister(s.requests, s.latency, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	var err error
	if s.pages, err = loadPages(); err != nil {
		return nil, err
	}
	if s.openapi, err = openAPIDocument(); err != nil {
		return nil, err
	}
	s.routes()
	// Cross-origin protection refuses state-changing requests that a browser sends
	// from another site, which is what CSRF is; API clients with bearer tokens send
	// no Origin or Sec-Fetch-Site headers and pass.
	// A refused request is answered in the voice of what it aimed at (crossSiteRefused).
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossSiteRefused))
	s.handler = s.observe(withSecurityHeaders(cop.Handler(s.withClientAddr(s.authenticate(http.HandlerFunc(s.dispatch))))))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// metricsPath is where the metrics are served, apart from the API's sessions.
const metricsPath = "/metrics"

// metricsHandler serves the metrics to the allowed addresses and to whoever has
// the metrics token. They tell an outsider which routes fail and how busy the
// server is, which is for its operators only.
func (s *Server) metricsHandler() http.Handler {
	h := promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.metricsAllowed(r) {
			writeError(w, r, s.log, apperr.Forbiddenf("无权读取运行指标"))
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) metricsAllowed(r *http.Request) bool {
	if s.cfg.MetricsToken != "" {
		if token := bearerToken(r); token != "" && sameSecret(token, s.cfg.MetricsToken) {
			return true
		}
	}
	return isTrusted(clientAddr(r, s.cfg.TrustedProxies), s.cfg.MetricsAllow)
}

// sameSecret compares in time that tells nothing of where a and b differ, nor of
// the secret's length: both are hashed first.
func sameSecret(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// apiFunc is an API handler; its error is written as JSON by api.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

// api serves fn with the quick write deadline, answering its error as JSON.
func (s *Server) api(fn apiFunc) http.Handler { return s.apiWithin(quickAnswer, fn) }

// apiWithin serves fn with the write deadline of budget, answering its error as JSON.
func (s *Server) apiWithin(budget writeBudget, fn apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setWriteDeadline(w, budget)
		if err := fn(w, r); err != nil {
			writeError(w, r, s.log, err)
		}
	})
}

type requestIDKey struct{}

// routeKey holds where dispatch writes the pattern of the route a request took.
// The request's own Pattern is set by the mux on the copy that authenticate made,
// which observe never sees.
type routeKey struct{}

func setRoute(ctx context.Context, pattern string) {
	if p, ok := ctx.Value(routeKey{}).(*string); ok {
		*p = pattern
	}
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// statusRecorder remembers the status a handler wrote, for logs and metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe gives each request an ID, recovers panics, logs, and counts.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		route := new(string)
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey{}, id), routeKey{}, route)
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-ID", id)
		rec := &statusRecorder{ResponseWriter: w}
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", id, "panic", p)
				if rec.status == 0 {
					writeError(rec, r, s.log, errPanic)
				}
			}
			label := *route
			if label == "" {
				label = "unmatched"
			}
			s.requests.WithLabelValues(label, strconv.Itoa(rec.status)).Inc()
			s.latency.WithLabelValues(label).Observe(time.Since(start).Seconds())
			s.log.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path,
				"status", rec.status, "duration_ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(rec, r)
	})
}

var errPanic = &panicError{}

type panicError struct{}

func (*panicError) Error() string { return "handler panicked" }

// authenticate puts the actor of a bearer token or session cookie in the context.
// A bearer token that is no longer valid is refused outright, so an API client
// learns its session ended instead of being served as anonymous.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == metricsPath {
			// Its bearer token is the metrics token (metricsAllowed), no session.
			next.ServeHTTP(w, r)
			return
		}
		if token := bearerToken(r); token != "" {
			u, err := s.svc.Authenticate(r.Context(), token)
			if err != nil {
				writeError(w, r, s.log, err)
				return
			}
			r = r.WithContext(access.NewContext(r.Context(), u.Actor()))
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			// An expired cookie only makes the visitor anonymous: pages still work. It
			// is cleared, and a page that needs a log-in says the session ended
			// (staleSession) rather than only asking to log in.
			u, err := s.svc.Authenticate(r.Context(), c.Value)
			switch {
			case err == nil:
				r = r.WithContext(access.NewContext(r.Context(), u.Actor()))
			case apperr.KindOf(err) == apperr.Unauthenticated:
				http.SetCookie(w, s.clearedSessionCookie(r))
				r = r.WithContext(context.WithValue(r.Context(), staleSessionKey{}, true))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// staleSessionKey marks a request that came with a session cookie no longer valid.
type staleSessionKey struct{}

// staleSession reports whether r came with a session cookie that has expired or
// been ended (authenticate cleared it).
func staleSession(r *http.Request) bool {
	stale, _ := r.Context().Value(staleSessionKey{}).(bool)
	return stale
}

// crossSiteRefused answers a state-changing request that a browser sent from another
// site (or whose origin it cannot tell): a JSON error under /api/, the 403 page elsewhere.
func (s *Server) crossSiteRefused(w http.ResponseWriter, r *http.Request) {
	e := apperr.New(apperr.Forbidden, "cross_site", "为保护您的账号，本站不接受从其他网站提交的表单。请直接在本站页面上操作。")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, r, s.log, e)
		return
	}
	s.errorPage(w, r, http.StatusForbidden, e)
}

func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
