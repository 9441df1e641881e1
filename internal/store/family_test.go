package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// seedOneItem stores a department, a hall, one published item "i" and an applicant:
// the least a case refers to.
func seedOneItem(ctx context.Context, tx *Tx, now time.Time) (*casework.Applicant, error) {
	if err := tx.CreateDepartment(ctx, &catalog.Department{Code: "scjg", Name: "市场监管"}); err != nil {
		return nil, err
	}
	if err := tx.CreateHall(ctx, &catalog.Hall{Code: "h", Name: "大厅", Kind: catalog.DistrictHall, Region: "370211", Seq: 1}); err != nil {
		return nil, err
	}
	it := &catalog.Item{Code: "i", Name: "事项", Department: "scjg", Version: 1, Status: catalog.Published, UpdatedAt: now}
	if err := tx.SaveItemState(ctx, catalog.State{Code: "i", Latest: 1, Published: 1}); err != nil {
		return nil, err
	}
	if err := tx.SaveItemVersion(ctx, it); err != nil {
		return nil, err
	}
	a := &casework.Applicant{Kind: casework.Person, Name: "张三", Phone: "13800000000"}
	return a, tx.CreateApplicant(ctx, a, false, now)
}

// seedFamily stores a parent case and two children, as a bundle (一件事) will.
func seedFamily(t *testing.T, db *DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *Tx) error {
		a, err := seedOneItem(ctx, tx, now)
		if err != nil {
			return err
		}
		for _, c := range []struct{ number, parent string }{{"p", ""}, {"p-1", "p"}, {"p-2", "p"}} {
			err := tx.CreateCase(ctx, &casework.Case{Number: c.number, Parent: c.parent, Region: "370211", Hall: "h",
				Department: "scjg", Item: "i", ItemVersion: 1, Applicant: *a, Status: casework.Submitted,
				SubmittedAt: now, ReceivedAt: now, UpdatedAt: now,
				Tasks: []casework.Task{{Seq: 1, Step: "审查", Kind: catalog.StepReview, Department: "scjg", Status: casework.TaskWaiting}}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// loadFamily reads the children of parent, in number order, and then the parent, as
// a command on a bundle does.
func loadFamily(ctx context.Context, tx *Tx, parent string) ([]*casework.Case, error) {
	children, err := tx.FindChildCases(ctx, parent)
	if err != nil {
		return nil, err
	}
	p, err := tx.FindCase(ctx, parent)
	if err != nil {
		return nil, err
	}
	return append(children, p), nil
}

// TestParentAndChildrenChangeTogether: one command loads a parent with its children
// and saves them all in one transaction; if any of them was changed by someone else
// meanwhile, none of the saves stands.
func TestParentAndChildrenChangeTogether(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 2, 9, 9, 0, 0, 0, workday.Beijing)
	seedFamily(t, db, now)

	var stale *casework.Case
	if err := db.Read(ctx, func(tx *Tx) (err error) { stale, err = tx.FindCase(ctx, "p-2"); return err }); err != nil {
		t.Fatal(err)
	}
	acceptAll := func(tx *Tx) error {
		family, err := loadFamily(ctx, tx, "p")
		if err != nil {
			return err
		}
		if children := family[:len(family)-1]; len(children) != 2 || children[0].Number != "p-1" || children[1].Parent != "p" {
			t.Fatalf("children of p: %+v", children)
		}
		for _, c := range family {
			c.Status = casework.Accepted
			c.Tasks[0].Status = casework.TaskOpen
			if err := tx.UpdateCase(ctx, c); err != nil {
				return err
			}
		}
		return nil
	}
	// Someone else saves child p-2 first: the family command must fail as a whole.
	stale.Status = casework.Refused
	if err := db.InTx(ctx, func(tx *Tx) error { return tx.UpdateCase(ctx, stale) }); err != nil {
		t.Fatal(err)
	}
	err := db.InTx(ctx, func(tx *Tx) error {
		family, err := loadFamily(ctx, tx, "p")
		if err != nil {
			return err
		}
		family[1].Version-- // child p-2, as if read before the other save
		for _, c := range family {
			c.Status = casework.Accepted
			if err := tx.UpdateCase(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if !apperr.Is(err, "concurrent_update") {
		t.Fatalf("family save over a stale child: %v", err)
	}
	if err := db.Read(ctx, func(tx *Tx) error {
		c, err := tx.FindCase(ctx, "p-1")
		if err == nil && c.Status != casework.Submitted {
			t.Errorf("p-1 is %s after the failed family command", c.Status)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, acceptAll); err != nil {
		t.Fatal(err)
	}
	err = db.Read(ctx, func(tx *Tx) error {
		children, err := tx.FindChildCases(ctx, "p")
		for _, c := range children {
			if c.Status != casework.Accepted || c.Tasks[0].Status != casework.TaskOpen {
				t.Errorf("%s: %s, task %s", c.Number, c.Status, c.Tasks[0].Status)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOnCommitRunsOnlyAfterCommit: hooks run once the transaction is durable, and
// never for one that rolls back.
func TestOnCommitRunsOnlyAfterCommit(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var ran []string
	err := db.InTx(ctx, func(tx *Tx) error {
		tx.OnCommit(func() { ran = append(ran, "committed") })
		if len(ran) != 0 {
			t.Error("a hook ran before the commit")
		}
		return tx.CreateDepartment(ctx, &catalog.Department{Code: "d", Name: "部门"})
	})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err = db.InTx(ctx, func(tx *Tx) error {
		tx.OnCommit(func() { ran = append(ran, "rolled back") })
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if len(ran) != 1 || ran[0] != "committed" {
		t.Fatalf("hooks ran: %v", ran)
	}
}

// TestScopeInSQL: the store's translation of a scope admits what Scope.Allows does;
// a scope that names nothing admits nothing, never everything.
func TestScopeInSQL(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	seedFamily(t, db, time.Date(2026, 2, 9, 9, 0, 0, 0, workday.Beijing))
	tests := []struct {
		name  string
		scope casework.Scope
		want  int
	}{
		{name: "all", scope: casework.Scope{All: true}, want: 3},
		{name: "the hall", scope: casework.Scope{Hall: "h"}, want: 3},
		{name: "another hall", scope: casework.Scope{Hall: "x"}, want: 0},
		{name: "the department", scope: casework.Scope{Department: "scjg"}, want: 3},
		{name: "none", scope: casework.Scope{None: true}, want: 0},
		{name: "a scope naming nothing", scope: casework.Scope{}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Read(ctx, func(tx *Tx) error {
				p, err := tx.FindCases(ctx, casework.Filter{Scope: tt.scope, Page: paging.Request{Limit: 10}})
				if err == nil && len(p.Rows) != tt.want {
					t.Errorf("got %d cases, want %d", len(p.Rows), tt.want)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
