package web

import (
	"net/http"
	"time"
)

// writeBudget is how long a route has, from when its handler starts, to finish
// writing its answer, reading the request body included. The server has no
// WriteTimeout of its own: one timeout for every route would cut a material
// download, and later a server-sent-events stream, at the age that suits a login.
// A zero budget sets no deadline, for a stream that lasts as long as its client.
type writeBudget time.Duration

const (
	// quickAnswer is for the routes that read at most a small JSON body and answer at once.
	quickAnswer = writeBudget(time.Minute)
	// longAnswer is for material files and the whole catalog, up or down, which
	// may cross a service hall's slow line, and for the audit chain's verification,
	// which reads the whole trail before it answers.
	longAnswer = writeBudget(30 * time.Minute)
)

// Timeouts of the connection itself, the same for every route. The body-read
// deadline (ReadTimeout) stays server-wide: net/http lifts it once the body is
// read, so it never cuts a stream, whereas a read deadline set by a handler would
// end its request's context when it passed.
const (
	readHeaderTimeout = 10 * time.Second
	bodyReadTimeout   = 5 * time.Minute
	idleTimeout       = 2 * time.Minute
)

// HTTPServer returns the http.Server that serves s: deadlines for reading headers
// and bodies and for idle connections, and no write timeout, which each route sets
// for itself (writeBudget).
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{Handler: s, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: bodyReadTimeout,
		IdleTimeout: idleTimeout}
}

// within serves h with the write deadline of budget.
func within(budget writeBudget, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setWriteDeadline(w, budget)
		h.ServeHTTP(w, r)
	})
}

func setWriteDeadline(w http.ResponseWriter, budget writeBudget) {
	if budget > 0 {
		// Every connection of http.Server takes deadlines; a writer that does not
		// (a test's recorder) serves without one.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Duration(budget)))
	}
}
