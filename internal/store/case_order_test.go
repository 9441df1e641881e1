package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"yiwang/internal/casework"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// TestFindCasesOrder: a list pages newest first, or oldest first when asked (a
// hall's queue), one row a page here, every case once in either order.
func TestFindCasesOrder(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	seedFamily(t, db, time.Date(2026, 2, 9, 9, 0, 0, 0, workday.Beijing))
	for _, tt := range []struct {
		name   string
		oldest bool
		want   []string
	}{
		{"newest first", false, []string{"p-2", "p-1", "p"}},
		{"oldest first", true, []string{"p", "p-1", "p-2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			pr := paging.Request{Limit: 1}
			for range 5 {
				var page paging.Page[casework.CaseRow]
				err := db.Read(ctx, func(tx *Tx) (err error) {
					page, err = tx.FindCases(ctx, casework.Filter{Scope: casework.Scope{All: true}, Oldest: tt.oldest, Page: pr})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page.Rows {
					got = append(got, r.Number)
				}
				if !page.More {
					break
				}
				pr.Cursor = page.Next
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
