package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestNextCaseSeq: numbers count per hall and day and are never given twice.
func TestNextCaseSeq(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	d1, d2 := workday.MakeDate(2026, 2, 9), workday.MakeDate(2026, 2, 10)
	var got []int
	for _, call := range []struct {
		hall string
		day  workday.Date
	}{{"a", d1}, {"a", d1}, {"b", d1}, {"a", d2}, {"a", d1}} {
		err := db.InTx(ctx, func(tx *Tx) error {
			n, err := tx.NextCaseSeq(ctx, call.hall, call.day)
			got = append(got, n)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	want := []int{1, 2, 1, 1, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

// TestUpdateCaseLostUpdate: a save based on a stale read is refused, so two people
// acting on one case at once cannot both win.
func TestUpdateCaseLostUpdate(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 2, 9, 9, 0, 0, 0, workday.Beijing)
	err := db.InTx(ctx, func(tx *Tx) error {
		a, err := seedOneItem(ctx, tx, now)
		if err != nil {
			return err
		}
		return tx.CreateCase(ctx, &casework.Case{Number: "n1", Region: "370211", Hall: "h", Department: "scjg", Item: "i",
			ItemVersion: 1, Applicant: *a, Status: casework.Submitted, ReceivedAt: now, UpdatedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	read := func() *casework.Case {
		var c *casework.Case
		if err := db.Read(ctx, func(tx *Tx) (err error) { c, err = tx.FindCase(ctx, "n1"); return err }); err != nil {
			t.Fatal(err)
		}
		return c
	}
	first, second := read(), read()
	first.Status = casework.Accepted
	if err := db.InTx(ctx, func(tx *Tx) error { return tx.UpdateCase(ctx, first) }); err != nil {
		t.Fatal(err)
	}
	second.Status = casework.Refused
	err = db.InTx(ctx, func(tx *Tx) error { return tx.UpdateCase(ctx, second) })
	if !apperr.Is(err, "concurrent_update") {
		t.Fatalf("stale save: got %v, want concurrent_update", err)
	}
	if c := read(); c.Status != casework.Accepted || c.Version != 2 {
		t.Fatalf("stored: %s v%d", c.Status, c.Version)
	}
	if _, err := func() (*casework.Case, error) {
		var c *casework.Case
		err := db.Read(ctx, func(tx *Tx) (err error) { c, err = tx.FindCase(ctx, "nope"); return err })
		return c, err
	}(); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("missing case: %v", err)
	}
}

// TestRollbackLeavesNothing: an error inside a transaction undoes all of it.
func TestRollbackLeavesNothing(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.InTx(ctx, func(tx *Tx) error {
		if err := tx.CreateDepartment(ctx, &catalog.Department{Code: "d", Name: "部门"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	err = db.Read(ctx, func(tx *Tx) error {
		_, err := tx.FindDepartment(ctx, "d")
		return err
	})
	if apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("department survived the rollback: %v", err)
	}
}
