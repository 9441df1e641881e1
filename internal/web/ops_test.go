package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// TestHealthAndMetrics: health answers, and /metrics counts requests by route in
// the Prometheus text format.
func TestHealthAndMetrics(t *testing.T) {
	env := testenv.Start(t, monday)
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := env.Do("GET", p, "", nil); r.Status != http.StatusOK {
			t.Fatalf("%s: %d", p, r.Status)
		}
	}
	env.Do("GET", "/api/v1/items?q=x", "", nil)
	env.Do("GET", "/api/v1/auth/me", env.Login("clerk"), nil) // a signed-in request is counted by its route too
	r := env.Do("GET", "/metrics", "", nil)
	if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	for _, want := range []string{`yiwang_http_requests_total{route="GET /api/v1/items",status="200"}`,
		`yiwang_http_requests_total{route="GET /api/v1/auth/me",status="200"}`,
		"yiwang_http_request_duration_seconds_bucket", "go_goroutines"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestReadiness: /readyz follows the database, and /healthz (liveness) does not.
func TestReadiness(t *testing.T) {
	env := testenv.Start(t, monday)
	ctx := context.Background()
	probe := func(path string) *testenv.Response { return env.Do("GET", path, "", nil) }
	if r := probe("/readyz"); r.Status != http.StatusOK || r.Map(t)["status"] != "ready" {
		t.Fatalf("readyz: got %d %s, want 200 ready", r.Status, r.Body)
	}
	// The readiness query's table goes missing, as on a damaged or wrong database file.
	if err := env.Main.DB.Exec(ctx, `ALTER TABLE settings RENAME TO settings_away`); err != nil {
		t.Fatal(err)
	}
	if r := probe("/readyz"); r.Status != http.StatusServiceUnavailable || r.ErrorCode() != "database_unavailable" {
		t.Errorf("readyz without the database: got %d %s, want 503 database_unavailable", r.Status, r.Body)
	}
	if r := probe("/healthz"); r.Status != http.StatusOK {
		t.Errorf("healthz without the database: got %d, want 200", r.Status)
	}
	if err := env.Main.DB.Exec(ctx, `ALTER TABLE settings_away RENAME TO settings`); err != nil {
		t.Fatal(err)
	}
	if r := probe("/readyz"); r.Status != http.StatusOK {
		t.Errorf("readyz once the database is back: got %d %s, want 200", r.Status, r.Body)
	}
}

// TestCaseMaterialDownload: a material file is served to those who may see the case,
// and to nobody else.
func TestCaseMaterialDownload(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang := env.Login("zhangsan")
	blob := env.Upload(zhang, "申请书")
	c := submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": []map[string]any{{"material": "m1", "blob": blob}}})
	path := "/api/v1/cases/" + c["number"].(string) + "/materials/" + blob
	for _, tt := range []struct {
		user string
		want int
	}{{"zhangsan", 200}, {"clerk", 200}, {"approver", 200}, {"haixian", 404}, {"clerk2", 404}, {"approver-wjj", 404}} {
		r := env.Do("GET", path, env.Login(tt.user), nil)
		if r.Status != tt.want {
			t.Errorf("%s: got %d, want %d", tt.user, r.Status, tt.want)
		}
		if tt.want == 200 && (!strings.HasPrefix(string(r.Body), "%PDF") || r.Header.Get("Content-Type") != "application/pdf") {
			t.Errorf("%s: body %q type %s", tt.user, r.Body[:min(len(r.Body), 10)], r.Header.Get("Content-Type"))
		}
	}
	other := env.Upload(zhang, "另一份")
	if r := env.Do("GET", "/api/v1/cases/"+c["number"].(string)+"/materials/"+other, zhang, nil); r.Status != http.StatusNotFound {
		t.Errorf("a blob not in the case: %d", r.Status)
	}
}
