package web

import (
	"bytes"
	"os"
	"testing"
)

// TestVendoredAssetsMatchLockFile holds the embedded front-end libraries to the
// packages package-lock.json installs: the binary carries what was reviewed, and
// nothing is fetched at run time (halls run on closed networks).
func TestVendoredAssetsMatchLockFile(t *testing.T) {
	for embedded, installed := range map[string]string{
		"static/vendor/htmx.min.js": "../../node_modules/htmx.org/dist/htmx.min.js",
	} {
		want, err := os.ReadFile(installed)
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s: %v (scripts/test runs npm ci)", installed, err)
			}
			t.Skipf("%s is not installed; run scripts/test", installed)
		}
		got, err := staticFS.ReadFile(embedded)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s: run scripts/vendor-assets", embedded, installed)
		}
	}
}
