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
