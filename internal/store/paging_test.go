package store

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/blob"
	"yiwang/internal/casework"
	"yiwang/internal/demo"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// TestCaseListPagesToTheEnd: 2,500 cases, ten at a time received at the same
// instant, page to the end in every page size with no duplicate and no gap, in
// the list's order.
func TestCaseListPagesToTheEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("files 2,500 cases")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, dir, Options{Sync: SyncNormal})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := &benchClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Beijing)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&demo.Seeder{DB: db, Blobs: blobs, Region: "370211", Password: "test-password", Log: log}).
		SetupAt(ctx, clock.t.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	svc, err := app.New(ctx, db, blobs, clock, app.Config{Region: "370211"}, log)
	if err != nil {
		t.Fatal(err)
	}
	actor := func(name string) context.Context {
		u, err := svc.UserByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return access.NewContext(ctx, u.Actor())
	}
	clerk := actor("clerk")
	req := app.SubmitRequest{Item: "370211-GG-0002", Applicant: &app.ApplicantInput{Kind: casework.Person, Name: "李四",
		IDNumber: "37021119900721404X", Phone: "13800000003"}}
	it, err := svc.Item(clerk, req.Item, 0)
	if err != nil {
		t.Fatal(err)
	}
	req.Form = demo.SampleForm(it, "")
	for _, m := range it.Materials {
		if m.Required {
			req.Materials = append(req.Materials, casework.MaterialInput{Material: m.ID, Paper: true})
		}
	}
	const n = 2500
	for i := range n {
		if i%10 == 0 {
			clock.t = clock.t.Add(time.Second)
		}
		if _, _, err := svc.SubmitCase(clerk, req, ""); err != nil {
			t.Fatal(err)
		}
	}
	supervisor := actor("supervisor")
	for _, size := range []int{1, 7, 100, paging.MaxLimit} {
		seen := map[string]bool{}
		var prev app.CaseSummary
		cursor := ""
		for pages := 0; ; pages++ {
			list, err := svc.Cases(supervisor, app.CaseQuery{Page: paging.Request{Limit: size, Cursor: cursor}})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range list.Cases {
				if seen[c.Number] {
					t.Fatalf("size %d: %s twice", size, c.Number)
				}
				if prev.Number != "" && (c.ReceivedAt.After(prev.ReceivedAt) ||
					c.ReceivedAt.Equal(prev.ReceivedAt) && c.Number > prev.Number) {
					t.Fatalf("size %d: %s (%v) after %s (%v): out of order", size, c.Number, c.ReceivedAt, prev.Number, prev.ReceivedAt)
				}
				seen[c.Number], prev = true, c
			}
			if !list.HasMore {
				break
			}
			if len(list.Cases) != size || pages > n {
				t.Fatalf("size %d: a page of %d rows says more follow", size, len(list.Cases))
			}
			cursor = list.NextCursor
		}
		if len(seen) != n {
			t.Errorf("size %d: %d cases listed, want %d", size, len(seen), n)
		}
	}
}
