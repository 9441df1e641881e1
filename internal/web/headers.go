package web

import "net/http"

// securityHeaders are sent with every answer. The pages load only their own
// stylesheet (and, later, scripts embedded in the binary), so the policy allows
// nothing from elsewhere, no framing (clickjacking of a clerk's session), no
// plug-ins, and forms that post only back to the hall's own server.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'",
	"X-Frame-Options":        "DENY",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "same-origin",
}

// withSecurityHeaders sets securityHeaders before next writes anything.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityHeaders {
			h.Set(k, v)
		}
		next.ServeHTTP(w, r)
	})
}
