package web_test

import (
	"net/http"
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
