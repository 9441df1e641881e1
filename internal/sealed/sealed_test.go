package sealed_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yiwang/internal/sealed"
)

func testKey(t *testing.T, fill byte) *sealed.Key {
	t.Helper()
	k, err := sealed.New(bytes.Repeat([]byte{fill}, sealed.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestSealOpen: a sealed value opens with its key and place, hides the clear text,
// and differs each time; tampered text, another place or another key is refused.
func TestSealOpen(t *testing.T) {
	k := testKey(t, 1)
	const id = "370211199001011234"
	s := k.Seal("applicants.id_number", id)
	if !sealed.IsSealed(s) || strings.Contains(s, id) {
		t.Fatalf("sealed text %q", s)
	}
	if again := k.Seal("applicants.id_number", id); again == s {
		t.Errorf("sealing twice gave the same text: the nonce is not fresh")
	}
	if got, err := k.Open("applicants.id_number", s); err != nil || got != id {
		t.Fatalf("open: %q, %v", got, err)
	}
	if _, err := k.Open("applicants.phone", s); !errors.Is(err, sealed.ErrOpen) {
		t.Errorf("opened in another column: %v", err)
	}
	if _, err := testKey(t, 2).Open("applicants.id_number", s); !errors.Is(err, sealed.ErrOpen) {
		t.Errorf("opened with another key: %v", err)
	}
	raw, _ := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(s, sealed.Prefix))
	for _, i := range []int{0, 12, len(raw) - 1} { // nonce, ciphertext, tag
		bad := bytes.Clone(raw)
		bad[i] ^= 1
		if _, err := k.Open("applicants.id_number", sealed.Prefix+base64.RawStdEncoding.EncodeToString(bad)); !errors.Is(err, sealed.ErrOpen) {
			t.Errorf("byte %d flipped: %v", i, err)
		}
	}
	for _, bad := range []string{sealed.Prefix, sealed.Prefix + "!!", sealed.Prefix + "AAAA", id} {
		if _, err := k.Open("applicants.id_number", bad); !errors.Is(err, sealed.ErrOpen) {
			t.Errorf("Open(%q): %v", bad, err)
		}
	}
}

// TestIndex: the blind index is stable for one key and domain, and differs across
// keys, domains and values; it does not contain the value.
func TestIndex(t *testing.T) {
	k := testKey(t, 1)
	const id = "370211199001011234"
	a := k.Index("holder number", id)
	if a != k.Index("holder number", id) || strings.Contains(a, id) || !strings.HasPrefix(a, sealed.IndexPrefix) {
		t.Fatalf("index %q", a)
	}
	for name, other := range map[string]string{
		"another key":    testKey(t, 2).Index("holder number", id),
		"another domain": k.Index("other", id),
		"another value":  k.Index("holder number", "370211199001011235"),
	} {
		if other == a {
			t.Errorf("%s gives the same index", name)
		}
	}
}

// TestLoad: a generated key file loads; a file others may read, a short key or a
// second Generate over an existing file are refused.
func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "data.key")
	if err := sealed.Generate(path); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("generated file: %v %v", fi.Mode(), err)
	}
	if err := sealed.Generate(path); err == nil {
		t.Errorf("Generate overwrote an existing key")
	}
	k, err := sealed.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := k.Open("x", k.Seal("x", "v")); err != nil || got != "v" {
		t.Fatalf("loaded key: %q %v", got, err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := sealed.Load(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("group-readable key file: %v", err)
	}
	short := filepath.Join(dir, "short.key")
	if err := os.WriteFile(short, []byte("abcd\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sealed.Load(short); err == nil {
		t.Errorf("short key accepted")
	}
}
