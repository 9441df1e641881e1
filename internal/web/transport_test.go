package web_test

import (
	"net/http"
	"strings"
	"testing"

	"yiwang/internal/cli"
	"yiwang/internal/testenv"
)

// sessionCookie returns the session cookie r sets, failing the test without one.
func sessionCookie(t *testing.T, what string, r *testenv.Response) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "yiwang_session" {
			return c
		}
	}
	t.Fatalf("%s: %d, no session cookie in %q", what, r.Status, r.Header.Values("Set-Cookie"))
	return nil
}

// TestSessionCookieSecure: the session cookie, set at log-in and cleared at
// log-out, is Secure when the browser spoke HTTPS to a proxy we trust, which says
// so with X-Forwarded-Proto; the same header from anyone else is the client's own
// claim and changes nothing. (Over TLS itself: TestServeTLS in package cli.)
func TestSessionCookieSecure(t *testing.T) {
	tests := []struct {
		name      string
		configure func(*cli.Config)
		proto     string // X-Forwarded-Proto, "" none
		secure    bool
	}{
		{name: "plain HTTP, no proxy", secure: false},
		{name: "forged https from an untrusted peer", proto: "https", secure: false},
		{name: "trusted proxy says https", configure: trustLocal, proto: "https", secure: true},
		{name: "trusted proxy says HTTPS", configure: trustLocal, proto: "HTTPS", secure: true},
		{name: "trusted proxy says http", configure: trustLocal, proto: "http", secure: false},
		// Of several, the proxy we trust appended the last; the first is the client's.
		{name: "client wrote https before the trusted proxy's http", configure: trustLocal, proto: "https, http", secure: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testenv.StartWith(t, monday, tt.configure)
			var headers []string
			if tt.proto != "" {
				headers = []string{"X-Forwarded-Proto", tt.proto}
			}
			r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": "clerk", "password": testenv.Password}, headers...)
			in := sessionCookie(t, "log-in", r)
			if in.Secure != tt.secure || !in.HttpOnly || in.SameSite != http.SameSiteLaxMode {
				t.Fatalf("log-in cookie: Secure %v HttpOnly %v SameSite %v, want Secure %v, HttpOnly, Lax",
					in.Secure, in.HttpOnly, in.SameSite, tt.secure)
			}
			out := sessionCookie(t, "log-out", env.Do("POST", "/api/v1/auth/logout", "", nil,
				append(headers, "Cookie", "yiwang_session="+in.Value)...))
			if out.Secure != tt.secure || out.MaxAge >= 0 || !out.HttpOnly {
				t.Fatalf("log-out cookie: Secure %v MaxAge %d HttpOnly %v, want Secure %v, cleared, HttpOnly",
					out.Secure, out.MaxAge, out.HttpOnly, tt.secure)
			}
		})
	}
}

// TestMetricsRestricted: /metrics answers the addresses of --metrics-allow
// (loopback by default), judged by the client address as the limits are, so
// that neither a forged X-Forwarded-For nor a proxy on the same host lets the
// outside in; with --metrics-token a scraper that presents it is let in from
// anywhere. Everyone else gets the API's 403.
func TestMetricsRestricted(t *testing.T) {
	tests := []struct {
		name      string
		configure func(*cli.Config)
		headers   []string
		allowed   bool
	}{
		{name: "loopback by default", allowed: true},
		{name: "not in the allow list",
			configure: func(c *cli.Config) { c.MetricsAllow = "10.0.0.0/8" }},
		{name: "forged X-Forwarded-For from an untrusted peer",
			configure: func(c *cli.Config) { c.MetricsAllow = "10.0.0.0/8" },
			headers:   []string{"X-Forwarded-For", "10.1.2.3"}},
		{name: "a trusted proxy forwards an allowed client",
			configure: func(c *cli.Config) { trustLocal(c); c.MetricsAllow = "10.0.0.0/8" },
			headers:   []string{"X-Forwarded-For", "10.1.2.3"}, allowed: true},
		{name: "a proxy on loopback forwards an outside client",
			configure: trustLocal,
			headers:   []string{"X-Forwarded-For", "203.0.113.5"}},
		{name: "an address in a list of several",
			configure: func(c *cli.Config) { c.MetricsAllow = "10.0.0.0/8, 127.0.0.1" }, allowed: true},
		{name: "the token from outside the allow list",
			configure: func(c *cli.Config) { c.MetricsAllow = "10.0.0.0/8"; c.MetricsToken = "scrape-secret-0123456789" },
			headers:   []string{"Authorization", "Bearer scrape-secret-0123456789"}, allowed: true},
		{name: "a wrong token",
			configure: func(c *cli.Config) { c.MetricsAllow = "10.0.0.0/8"; c.MetricsToken = "scrape-secret-0123456789" },
			headers:   []string{"Authorization", "Bearer scrape-secret-0123456780"}},
		{name: "a prefix of the token",
			configure: func(c *cli.Config) { c.MetricsAllow = "10.0.0.0/8"; c.MetricsToken = "scrape-secret-0123456789" },
			headers:   []string{"Authorization", "Bearer scrape-secret-012345678"}},
		{name: "no token when one is set",
			configure: func(c *cli.Config) { c.MetricsAllow = "10.0.0.0/8"; c.MetricsToken = "scrape-secret-0123456789" }},
		// A token set does not close the allow list: loopback still scrapes without it.
		{name: "allowed address without the token",
			configure: func(c *cli.Config) { c.MetricsToken = "scrape-secret-0123456789" }, allowed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testenv.StartWith(t, monday, tt.configure)
			r := env.Do("GET", "/metrics", "", nil, tt.headers...)
			if tt.allowed {
				if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "go_goroutines") {
					t.Fatalf("%d %.200s, want the metrics", r.Status, r.Body)
				}
				return
			}
			if r.Status != http.StatusForbidden || r.ErrorCode() != "forbidden" ||
				!strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %q %.200s, want the API's 403 forbidden", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			if strings.Contains(string(r.Body), "go_goroutines") {
				t.Fatalf("the 403 carries metrics: %s", r.Body)
			}
		})
	}
}

// TestOpenAPIDocumentsRefusals: every throttled operation documents its 429 with
// the Retry-After header, and /metrics its 403 and the token that passes it.
func TestOpenAPIDocumentsRefusals(t *testing.T) {
	doc := openAPIDocument(t)
	paths := doc["paths"].(map[string]any)
	response := func(method, path, status string) map[string]any {
		t.Helper()
		op, _ := paths[path].(map[string]any)[method].(map[string]any)
		resp, _ := resolve(doc, op["responses"].(map[string]any)[status]).(map[string]any)
		if resp == nil {
			t.Errorf("%s %s documents no %s", strings.ToUpper(method), path, status)
		}
		return resp
	}
	// The operations internal/app/throttle.go limits.
	for _, op := range [][2]string{{"post", "/api/v1/auth/login"}, {"get", "/api/v1/lookup"},
		{"post", "/api/v1/applicants"}, {"get", "/api/v1/items"}} {
		resp := response(op[0], op[1], "429")
		if resp == nil {
			continue
		}
		headers, _ := resp["headers"].(map[string]any)
		retry, _ := resolve(doc, headers["Retry-After"]).(map[string]any)
		if retry == nil || retry["schema"] == nil {
			t.Errorf("%s %s: the 429 documents no Retry-After header", op[0], op[1])
		}
	}
	if resp := response("get", "/metrics", "403"); resp != nil && resp["content"] == nil {
		t.Errorf("GET /metrics: the 403 has no body, but it answers the API's error")
	}
	security, _ := paths["/metrics"].(map[string]any)["get"].(map[string]any)["security"].([]any)
	schemes := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	var token bool
	for _, req := range security {
		for name := range req.(map[string]any) {
			token = token || schemes[name].(map[string]any)["scheme"] == "bearer" && name != "bearerAuth"
		}
	}
	if !token {
		t.Errorf("GET /metrics: security %v names no metrics token", security)
	}
}
