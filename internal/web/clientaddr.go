package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"yiwang/internal/app"
)

// clientAddr is the address of the client a request comes from: the peer of the
// connection, unless the peer is a trusted proxy, whose X-Forwarded-For is then
// read from the right, past every trusted proxy, to the first address that is not
// one. Anything further left was written by the client itself, and a client that
// connects directly may write the whole header: from an untrusted peer it is
// ignored, so that nobody picks the address its attempts are counted by.
func clientAddr(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer := peerAddr(r.RemoteAddr)
	if !isTrusted(peer, trusted) {
		return peer
	}
	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			// A proxy we trust wrote nonsense; what lies beyond is not to be believed.
			return peer
		}
		a = a.Unmap()
		if !isTrusted(a, trusted) {
			return a
		}
		peer = a
	}
	return peer
}

func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if a.IsValid() && p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedFor splits X-Forwarded-For (or -Proto) headers into their hops, in
// order; proxies may send several headers or one with commas.
func forwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for h := range strings.SplitSeq(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	return hops
}

// withClientAddr puts the request's client address in its context, for the limits
// of the service.
func (s *Server) withClientAddr(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := clientAddr(r, s.cfg.TrustedProxies); a.IsValid() {
			r = r.WithContext(app.NewContextWithClientAddr(r.Context(), a))
		}
		next.ServeHTTP(w, r)
	})
}

// overHTTPS reports whether the browser's request reached us over TLS: our own
// listener's, or a trusted proxy's that says so in X-Forwarded-Proto. Of several
// values the proxy we trust wrote the last; the header from any other peer is the
// client's own claim, as X-Forwarded-For is.
func overHTTPS(r *http.Request, trusted []netip.Prefix) bool {
	if r.TLS != nil {
		return true
	}
	if !isTrusted(peerAddr(r.RemoteAddr), trusted) {
		return false
	}
	protos := forwardedFor(r.Header.Values("X-Forwarded-Proto"))
	return len(protos) > 0 && strings.EqualFold(protos[len(protos)-1], "https")
}
