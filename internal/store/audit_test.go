package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/audit"
	"yiwang/internal/workday"
)

var auditNow = time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Beijing)

func auditEntry(region, subject string) *audit.Entry {
	return &audit.Entry{Region: region, At: auditNow, Actor: "clerk", ActorName: "窗口", Role: "clerk",
		Action: "submit", Subject: subject, Before: json.RawMessage(`{}`), After: json.RawMessage(`{"n":1}`)}
}

// regionSeqs returns the sequence numbers stored for region, in order.
func regionSeqs(t *testing.T, db *DB, region string) []int64 {
	t.Helper()
	var seqs []int64
	err := db.Read(context.Background(), func(tx *Tx) error {
		rows, err := tx.query(context.Background(), `SELECT seq FROM audit_events WHERE region = ? ORDER BY seq`, region)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s int64
			if err := rows.Scan(&s); err != nil {
				return err
			}
			seqs = append(seqs, s)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return seqs
}

func verifyAudit(t *testing.T, db *DB) audit.Report {
	t.Helper()
	var rep audit.Report
	if err := db.Read(context.Background(), func(tx *Tx) (err error) { rep, err = tx.VerifyAudit(context.Background()); return err }); err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestAuditChainConcurrent: 40 commands of one region at once, through two handles
// on one file as two instances would, leave one chain with no gap and no duplicate.
func TestAuditChainConcurrent(t *testing.T) {
	ctx := context.Background()
	path := "sqlite:" + filepath.Join(t.TempDir(), "audit.db")
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- dbs[i%2].InTx(ctx, func(tx *Tx) error {
				return tx.AppendAudit(ctx, auditEntry("370211", fmt.Sprintf("case/%d", i)))
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	seqs := regionSeqs(t, dbs[0], "370211")
	if len(seqs) != n {
		t.Fatalf("got %d events, want %d", len(seqs), n)
	}
	for i, s := range seqs {
		if s != int64(i+1) {
			t.Fatalf("seqs %v: want 1..%d with no gap or duplicate", seqs, n)
		}
	}
	if rep := verifyAudit(t, dbs[1]); !rep.OK || rep.Entries != n {
		t.Fatalf("verify: %+v", rep)
	}
}

// TestAuditHeadMovedMeanwhile: when another append moves the head between the read
// and the claim (as a second instance does on PostgreSQL), the claim finds the head
// gone, re-reads it and links after the other event; a region's first event too.
func TestAuditHeadMovedMeanwhile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		earlier int // events of the region before the race
		want    int64
	}{
		{name: "first event of a region", earlier: 0, want: 2},
		{name: "after an existing head", earlier: 2, want: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			ctx := context.Background()
			err := db.InTx(ctx, func(tx *Tx) error {
				for i := range tc.earlier {
					if err := tx.AppendAudit(ctx, auditEntry("r", fmt.Sprint("earlier/", i))); err != nil {
						return err
					}
				}
				raced := false
				tx.beforeHeadMove = func() {
					if !raced {
						raced = true
						if err := tx.AppendAudit(ctx, auditEntry("r", "other")); err != nil {
							t.Errorf("other append: %v", err)
						}
					}
				}
				e := auditEntry("r", "late")
				if err := tx.AppendAudit(ctx, e); err != nil {
					return err
				}
				if e.Seq != tc.want {
					t.Errorf("late event got seq %d, want %d", e.Seq, tc.want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if rep := verifyAudit(t, db); !rep.OK || rep.Entries != tc.want {
				t.Fatalf("verify: %+v", rep)
			}
		})
	}
}

// TestAuditHeadRetriesBounded: a head that keeps moving makes the command fail as
// busy, having written nothing, rather than retry without end.
func TestAuditHeadRetriesBounded(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *Tx) error {
		inside := false
		tx.beforeHeadMove = func() {
			if !inside {
				inside = true
				defer func() { inside = false }()
				if err := tx.AppendAudit(ctx, auditEntry("r", "other")); err != nil {
					t.Errorf("other append: %v", err)
				}
			}
		}
		return tx.AppendAudit(ctx, auditEntry("r", "late"))
	})
	if apperr.KindOf(err) != apperr.Unavailable {
		t.Fatalf("got %v, want Unavailable", err)
	}
	if seqs := regionSeqs(t, db, "r"); len(seqs) != 0 {
		t.Fatalf("rolled-back command left events %v", seqs)
	}
}
