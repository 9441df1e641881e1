package web_test

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"yiwang/internal/testenv"
	"yiwang/internal/web"
)

// deadlineRecorder is a ResponseWriter that keeps the write deadline a handler sets
// through http.ResponseController.
type deadlineRecorder struct {
	*httptest.ResponseRecorder
	deadline time.Time
}

func (d *deadlineRecorder) SetWriteDeadline(t time.Time) error {
	d.deadline = t
	return nil
}

// TestWriteDeadlines checks the configuration, since a slow reader could only be
// shown cut off by waiting: the server has no write timeout that would end every
// answer at one age, and each route sets its own deadline, long for the routes
// that move files or whole collections.
func TestWriteDeadlines(t *testing.T) {
	env := testenv.Start(t, monday)
	srv, err := web.New(env.Main.Service, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	if hs.WriteTimeout != 0 || hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 {
		t.Errorf("server timeouts: write %v, read header %v, read %v; want no write timeout and both read ones",
			hs.WriteTimeout, hs.ReadHeaderTimeout, hs.ReadTimeout)
	}

	zhang, admin := env.Login("zhangsan"), env.Login("admin")
	blob := env.Upload(zhang, "申请书")
	c := submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": []map[string]any{{"material": "m1", "blob": blob}}})
	// Quick routes answer within minutes; long ones may take more than ten.
	const line = 10 * time.Minute
	tests := []struct {
		name, path, token string
		long              bool
	}{
		{name: "API list", path: "/api/v1/items"},
		{name: "API case", path: "/api/v1/cases/" + c["number"].(string), token: zhang},
		{name: "page", path: "/items/" + foodLicence},
		{name: "static file", path: "/static/app.css"},
		{name: "health", path: "/healthz"},
		{name: "no such route", path: "/api/v1/nothing"},
		{name: "material download", path: "/api/v1/cases/" + c["number"].(string) + "/materials/" + blob, token: zhang, long: true},
		{name: "catalog export", path: "/api/v1/catalog/export", token: admin, long: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", tt.path, nil)
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			rec := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder()}
			start := time.Now()
			srv.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("got %d %s", rec.Code, rec.Body)
			}
			budget := rec.deadline.Sub(start)
			switch {
			case rec.deadline.IsZero():
				t.Errorf("no write deadline set")
			case tt.long && budget <= line:
				t.Errorf("write deadline %v after the start, want more than %v", budget, line)
			case !tt.long && (budget <= 0 || budget > line):
				t.Errorf("write deadline %v after the start, want within %v", budget, line)
			}
		})
	}
}
