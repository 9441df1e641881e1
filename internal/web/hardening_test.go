package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// TestLongSearchIsRefusedAtOnce: a search longer than any item name is refused
// before it reaches the index, on the API and on the home page, so an anonymous
// visitor cannot hold the readers with it; a search of the longest allowed length
// still works.
func TestLongSearchIsRefusedAtOnce(t *testing.T) {
	env := testenv.Start(t, monday)
	long := strings.Repeat("餐饮开饭店", 12_000) // 60,000 characters
	r := env.Do("GET", "/api/v1/items?q="+urlQuery(long), "", nil)
	if r.Status != http.StatusBadRequest || r.ErrorField() != "q" {
		t.Fatalf("60,000-character search: %d %s", r.Status, r.Body)
	}
	if r := env.Do("GET", "/?q="+urlQuery(long), "", nil); r.Status != http.StatusBadRequest {
		t.Fatalf("60,000-character search on the home page: %d", r.Status)
	}
	ok := strings.Repeat("餐饮", 50) // 100 characters
	if r := env.Do("GET", "/api/v1/items?q="+urlQuery(ok), "", nil); r.Status != http.StatusOK {
		t.Fatalf("100-character search: %d %s", r.Status, r.Body)
	}
}

// TestPagesSendSecurityHeaders: pages and the API forbid framing, sniffing and
// content from elsewhere.
func TestPagesSendSecurityHeaders(t *testing.T) {
	env := testenv.Start(t, monday)
	for _, path := range []string{"/", "/items/" + foodLicence, "/lookup", "/api/v1/items"} {
		r := env.Do("GET", path, "", nil)
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			r.Header.Get("X-Frame-Options") != "DENY" || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
			r.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, r.Header)
		}
	}
}

// TestDataFilesArePrivate: the data directory, the database file and the blob
// directory belong to the server's user alone.
func TestDataFilesArePrivate(t *testing.T) {
	env := testenv.Start(t, monday)
	for _, p := range []string{env.DB, filepath.Join(env.Dir, "blobs"), filepath.Join(env.Dir, "blobs", "tmp")} {
		p = strings.TrimPrefix(p, "sqlite:")
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o600)
		if info.IsDir() {
			want = 0o700
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", p, got, want)
		}
	}
}

// TestFormIDNumberMaskedInEvents: an ID number typed into a form field appears
// masked in the audit events an approver reads, like the applicant's own.
func TestFormIDNumberMaskedInEvents(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	const id = "37021119900721404X"
	number := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(),
		"form": map[string]any{"联系人身份证号": id}, "materials": paper(foodMaterials)})["number"].(string)
	act(t, env, clerk, number, "accept", nil, http.StatusOK)
	r := env.Do("GET", "/api/v1/cases/"+number+"/events", env.Login("approver"), nil)
	if r.Status != http.StatusOK || strings.Contains(string(r.Body), id) || !strings.Contains(string(r.Body), "404X") {
		t.Fatalf("events: %d, full ID number shown: %v\n%s", r.Status, strings.Contains(string(r.Body), id), r.Body)
	}
}
