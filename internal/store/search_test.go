package store

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"yiwang/internal/catalog"
)

// TestSearchPagesThroughTies: hits of equal rank are ordered by code, so a page that
// ends inside a tie continues with the next code, and a retired item is not a hit.
func TestSearchPagesThroughTies(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *Tx) error {
		if err := tx.CreateDepartment(ctx, &catalog.Department{Code: "d", Name: "部门"}); err != nil {
			return err
		}
		for _, code := range []string{"c", "a", "d", "b", "best"} {
			it := &catalog.Item{Code: code, Name: "事项", Department: "d", Version: 1, Status: catalog.Published, UpdatedAt: auditNow}
			st := catalog.State{Code: code, Latest: 1, Published: 1, Retired: code == "d"}
			if err := tx.SaveItemState(ctx, st); err != nil {
				return err
			}
			if err := tx.SaveItemVersion(ctx, it); err != nil {
				return err
			}
			title := []string{"餐饮"}
			if code == "best" {
				title = []string{"餐饮", "餐饮"} // twice the match: ranked first
			}
			if err := tx.IndexItem(ctx, code, catalog.IndexEntry{Title: title, Body: []string{"其他"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var after *catalog.SearchKey
	err = db.Read(ctx, func(tx *Tx) error {
		for range 10 {
			hits, err := tx.SearchItems(ctx, catalog.SearchQuery{Terms: []string{"餐饮"}, Match: catalog.MatchAll, After: after, Limit: 1})
			if err != nil || len(hits) == 0 {
				return err
			}
			got = append(got, hits[0].Item.Code)
			after = &hits[0].Key
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"best", "a", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestSearchSQLOnlyInItsFile: FTS5 is named in search_sqlite.go alone, so another
// engine's index replaces one file.
func TestSearchSQLOnlyInItsFile(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fts := regexp.MustCompile(`items_fts|bm25\(|\bMATCH\b`)
	for _, f := range files {
		if f == "search_sqlite.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if loc := fts.FindIndex(src); loc != nil {
			t.Errorf("%s uses FTS5 (%q) outside search_sqlite.go", f, src[loc[0]:loc[1]])
		}
	}
}
