package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"yiwang/internal/catalog"
)

// TestUpgradeIndexesNames: a data directory from before item names were kept for
// ranking gets them from its published versions on upgrade (name, core name,
// result, tags), so that search ranks its items by name without a re-publish.
func TestUpgradeIndexesNames(t *testing.T) {
	dir := t.TempDir()
	unpack(t, "testdata/foundation-demo.db.gz", filepath.Join(dir, "yiwang.db"))
	ctx := context.Background()
	db, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT text FROM item_names WHERE code = ? ORDER BY text`, "370211-XK-0001")
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			names = append(names, n)
		}
		rows.Close()
		for _, want := range []string{"食品经营许可（新办）", "食品经营许可", "食品经营许可证", "餐饮", "开餐馆"} {
			if !slices.Contains(names, want) {
				t.Errorf("names of the food licence after the upgrade: %v, want %s among them", names, want)
			}
		}
		hits, err := tx.SearchItems(ctx, catalog.SearchQuery{Terms: catalog.QueryTerms("餐饮"),
			Phrases: []catalog.QueryPhrase{{Text: "餐饮"}}, Match: catalog.MatchAll, Limit: 3})
		if err != nil {
			return err
		}
		if len(hits) == 0 || hits[0].Key.Rank >= 1000 {
			t.Errorf("餐饮 after the upgrade: %v, want a hit ranked by its tag", hits)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
