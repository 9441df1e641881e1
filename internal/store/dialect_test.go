package store

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	for _, tc := range []struct {
		name, q, want string
	}{
		{"none", `SELECT 1`, `SELECT 1`},
		{"in order", `SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?`, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4`},
		{"string literal", `SELECT '?' || ? FROM t WHERE x = 'a?b'`, `SELECT '?' || $1 FROM t WHERE x = 'a?b'`},
		{"doubled quote", `SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{"quoted identifier", `SELECT "odd?name" FROM t WHERE a = ?`, `SELECT "odd?name" FROM t WHERE a = $1`},
		{"line comment", "SELECT ? -- why?\nFROM t WHERE a = ?", "SELECT $1 -- why?\nFROM t WHERE a = $2"},
		{"block comment", `SELECT /* ? */ ? FROM t`, `SELECT /* ? */ $1 FROM t`},
		{"unterminated literal", `SELECT ?, 'open ?`, `SELECT $1, 'open ?`},
		{"ten and more", `VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, `VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`},
		{"multibyte text", `SELECT '办件？' , ? -- 中文`, `SELECT '办件？' , $1 -- 中文`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := postgresDialect.rebind(tc.q); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if got := sqliteDialect.rebind(tc.q); got != tc.q {
				t.Errorf("sqlite changed the query: %s", got)
			}
		})
	}
}

// TestOneChokePoint: SQL runs only through stmt.go (exec, query, queryRow), where it
// is rebound, or through a call that rebinds on the spot; a query run elsewhere
// would reach PostgreSQL with ? placeholders.
func TestOneChokePoint(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\.(Exec|Query|QueryRow)(Context)?\(`)
	for _, f := range files {
		if f == "stmt.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if call.MatchString(line) && !strings.Contains(line, "rebind(") {
				t.Errorf("%s:%d runs SQL around the rebinding choke point: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
