package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestViolationOf classifies real errors of the engine, not messages written to look like them.
func TestViolationOf(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if err := db.Exec(ctx, `CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
		CREATE TABLE keyed (code TEXT PRIMARY KEY) WITHOUT ROWID;
		CREATE TABLE child (parent INTEGER NOT NULL REFERENCES parent (id));
		INSERT INTO parent (id, code) VALUES (1, 'a'); INSERT INTO keyed (code) VALUES ('a')`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    string
		want violation
	}{
		{"unique column", `INSERT INTO parent (id, code) VALUES (2, 'a')`, uniqueViolation},
		{"integer primary key", `INSERT INTO parent (id, code) VALUES (1, 'b')`, uniqueViolation},
		{"text primary key", `INSERT INTO keyed (code) VALUES ('a')`, uniqueViolation},
		{"foreign key", `INSERT INTO child (parent) VALUES (9)`, foreignKeyViolation},
		{"not null is no violation of these", `INSERT INTO parent (id) VALUES (3)`, noViolation},
		{"syntax error", `INSERT INTO nowhere VALUES (1)`, noViolation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.Exec(ctx, tc.q)
			if err == nil {
				t.Fatal("statement succeeded")
			}
			if got := violationOf(fmt.Errorf("wrapped: %w", err)); got != tc.want {
				t.Fatalf("got %v, want %v (%v)", got, tc.want, err)
			}
		})
	}
	// A message that merely says so is not the engine's verdict.
	if got := violationOf(errors.New("UNIQUE constraint failed: parent.code")); got != noViolation {
		t.Fatalf("plain error: got %v", got)
	}
	if got := violationOf(nil); got != noViolation {
		t.Fatalf("nil: got %v", got)
	}
}
