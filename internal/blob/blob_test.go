package blob

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestStaleUploadsAreRemoved: the temporary file an interrupted upload left behind
// is gone when the directory is opened again, and by the sweep's call later; an
// upload in progress is not touched.
func TestStaleUploadsAreRemoved(t *testing.T) {
	root := t.TempDir()
	d, err := NewDir(root, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(root, "tmp")
	stale, fresh := filepath.Join(tmp, "upload-stale"), filepath.Join(tmp, "upload-fresh")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("%PDF-1.4 partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * StaleUpload)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(root, 1<<20); err != nil { // a restart
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale upload survived a restart: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("an upload in progress was removed: %v", err)
	}
	n, err := d.RemoveStaleUploads(time.Now().Add(2 * StaleUpload))
	if err != nil || n != 1 {
		t.Errorf("a later sweep removed %d (%v), want the one left", n, err)
	}
}
