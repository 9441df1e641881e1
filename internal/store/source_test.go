package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSource(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		want      Source
		wantErr   string
	}{
		{name: "directory", url: "data", want: Source{Engine: SQLite, Path: filepath.Join("data", "yiwang.db")}},
		{name: "sqlite file", url: "sqlite:/var/lib/yiwang/main.db", want: Source{Engine: SQLite, Path: "/var/lib/yiwang/main.db"}},
		{name: "sqlite relative", url: "sqlite:main.db", want: Source{Engine: SQLite, Path: "main.db"}},
		{name: "sqlite slashes", url: "sqlite:///var/main.db", want: Source{Engine: SQLite, Path: "/var/main.db"}},
		{name: "drive letter is a directory", url: `C:\data`, want: Source{Engine: SQLite, Path: filepath.Join(`C:\data`, "yiwang.db")}},
		{name: "postgres", url: "postgres://u@h/db", wantErr: "not supported yet"},
		{name: "postgresql", url: "postgresql://u@h/db", wantErr: "not supported yet"},
		{name: "unknown", url: "mysql://h/db", wantErr: `unknown database scheme "mysql"`},
		{name: "empty sqlite", url: "sqlite:", wantErr: "names no database file"},
		{name: "empty", url: "", wantErr: "no database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSource(tc.url)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v, want %+v", got, err, tc.want)
			}
		})
	}
}

// TestOpenSQLiteURL: sqlite:PATH opens that file, creating its directory.
func TestOpenSQLiteURL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "x.db")
	db, err := Open(context.Background(), "sqlite:"+path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path != path {
		t.Fatalf("Path = %q, want %q", db.Path, path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), "postgres://localhost/yiwang", Options{}); err == nil || !strings.Contains(err.Error(), "not supported yet") {
		t.Fatalf("postgres: got %v", err)
	}
}
