package cli_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yiwang/internal/casework"
	"yiwang/internal/cli"
	"yiwang/internal/store"
	"yiwang/internal/testenv"
	"yiwang/internal/workday"
)

// genKey writes a key with gen-data-key and returns its file.
func genKey(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.key")
	var out, errOut bytes.Buffer
	if code := cli.Run(context.Background(), []string{"gen-data-key", path}, nil, &out, &errOut); code != 0 {
		t.Fatalf("gen-data-key: %d %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "apart from the database") {
		t.Errorf("gen-data-key does not say to keep the key apart: %s", out.String())
	}
	return path
}

// TestDataKeyEndToEnd: served with --data-key, a registration and a case filed at
// the window leave no ID number or phone number in the database's files; the
// service reads them back whole, finds the window applicant again by number and
// still refuses a second account for one ID number.
func TestDataKeyEndToEnd(t *testing.T) {
	key := genKey(t)
	env := testenv.StartWith(t, time.Date(2026, 2, 9, 9, 30, 0, 0, workday.Beijing), func(c *cli.Config) { c.DataKey = key })
	const regID, regPhone = "370211198803121237", "13800000009"
	const winID, winPhone = "37021119900721404X", "13800000003"
	registration := map[string]any{"username": "wangwu", "password": "a-long-passphrase-1", "kind": "person",
		"name": "王五", "id_number": regID, "phone": regPhone}
	if r := env.Do("POST", "/api/v1/applicants", "", registration); r.Status != http.StatusCreated {
		t.Fatalf("registration: %d %s", r.Status, r.Body)
	}
	clerk := env.Login("clerk")
	var numbers []string
	for range 2 {
		r := env.Do("POST", "/api/v1/cases", clerk, map[string]any{"item": "370211-XK-0001", "form": env.Form("370211-XK-0001"),
			"applicant": map[string]any{"kind": "person", "name": "李四", "id_number": winID, "phone": winPhone}})
		if r.Status != http.StatusCreated {
			t.Fatalf("filing at the window: %d %s", r.Status, r.Body)
		}
		numbers = append(numbers, r.Map(t)["number"].(string))
	}
	env.Clock.Add(time.Hour) // past the limit on registrations from one address
	registration["username"] = "wangwu2"
	if r := env.Do("POST", "/api/v1/applicants", "", registration); r.Status != http.StatusConflict || r.ErrorCode() != "already_registered" {
		t.Errorf("a second account for one ID number: %d %s", r.Status, r.Body)
	}

	ctx := context.Background()
	var cases []*casework.Case
	err := env.Main.DB.Read(ctx, func(tx *store.Tx) error {
		for _, n := range numbers {
			c, err := tx.FindCase(ctx, n)
			if err != nil {
				return err
			}
			cases = append(cases, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if a := cases[0].Applicant; a.IDNumber.Full() != winID || a.Phone != winPhone {
		t.Errorf("the case's applicant read back: %+v", a)
	}
	if cases[0].Applicant.ID != cases[1].Applicant.ID {
		t.Errorf("the second filing made a new applicant (%d, %d): the window applicant was not found by number",
			cases[0].Applicant.ID, cases[1].Applicant.ID)
	}
	path := strings.TrimPrefix(env.DB, "sqlite:")
	var raw []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	for _, clear := range []string{regID, regPhone, winID, winPhone} {
		if bytes.Contains(raw, []byte(clear)) {
			t.Errorf("%s is in the database's files in clear", clear)
		}
	}
}

// TestDataKeyFlag: a key file others may read, or a missing or malformed one, is
// refused naming --data-key, from the flag and from YIWANG_DATA_KEY; a database
// sealed with a key does not open without it; gen-data-key never overwrites.
func TestDataKeyFlag(t *testing.T) {
	ctx := context.Background()
	key := genKey(t)
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("gen-data-key wrote mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	var out, errOut bytes.Buffer
	if code := cli.Run(ctx, []string{"gen-data-key", key}, nil, &out, &errOut); code == 0 {
		t.Errorf("gen-data-key overwrote an existing key")
	}
	dir := t.TempDir()
	open := filepath.Join(dir, "open.key")
	b, _ := os.ReadFile(key)
	if err := os.WriteFile(open, b, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(open, 0o644) // whatever the umask
	short := filepath.Join(dir, "short.key")
	if err := os.WriteFile(short, []byte("0123abcd\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, file := range map[string]string{"readable by others": open, "missing": filepath.Join(dir, "none.key"), "short": short} {
		errOut.Reset()
		code := cli.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--data-key", file}, nil, &out, &errOut)
		if code == 0 || !strings.Contains(errOut.String(), "--data-key") {
			t.Errorf("%s key file: %d %q, want it refused naming --data-key", name, code, errOut.String())
		}
	}
	t.Setenv("YIWANG_DATA_KEY", open)
	errOut.Reset()
	if code := cli.Run(ctx, []string{"migrate", "--data", t.TempDir()}, nil, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "0644") {
		t.Errorf("YIWANG_DATA_KEY readable by others: %d %q", code, errOut.String())
	}
	t.Setenv("YIWANG_DATA_KEY", "")

	data := t.TempDir()
	if code := cli.Run(ctx, []string{"migrate", "--data", data, "--data-key", key}, nil, &out, &errOut); code != 0 {
		t.Fatalf("migrate with a key: %s", errOut.String())
	}
	errOut.Reset()
	if code := cli.Run(ctx, []string{"migrate", "--data", data}, nil, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "--data-key") {
		t.Errorf("a sealed database without the key: %d %q", code, errOut.String())
	}
	errOut.Reset()
	if code := cli.Run(ctx, []string{"migrate", "--data", data, "--data-key", genKey(t)}, nil, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "--data-key") {
		t.Errorf("a sealed database with another key: %d %q", code, errOut.String())
	}
}
