package store

import (
	"context"
	"strings"
	"yiwang/internal/catalog"
)

// IndexItem implements catalog.Store.
func (tx *Tx) IndexItem(ctx context.Context, code string, title, body []string) error {
	if err := tx.UnindexItem(ctx, code); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO items_fts (code, title, body) VALUES (?, ?, ?)`,
		code, strings.Join(title, " "), strings.Join(body, " "))
	return err
}

// UnindexItem implements catalog.Store.
func (tx *Tx) UnindexItem(ctx context.Context, code string) error {
	_, err := tx.exec(ctx, `DELETE FROM items_fts WHERE code = ?`, code)
	return err
}

// SearchItems implements catalog.Store with FTS5, ranked by bm25 with a match in
// the title (name, tags) worth ten in the body.
func (tx *Tx) SearchItems(ctx context.Context, terms []string, matchAll bool, limit int) ([]catalog.Item, error) {
	if len(terms) == 0 {
		return []catalog.Item{}, nil
	}
	quoted := make([]string, len(terms))
	for i, t := range terms {
		// Quoting makes each term a phrase, so FTS5 operators typed by a user are plain text.
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	op := " OR "
	if matchAll {
		op = " AND "
	}
	return tx.queryItems(ctx, `SELECT v.data FROM items_fts f
		JOIN items i ON i.code = f.code AND NOT i.retired
		JOIN item_versions v ON v.code = i.code AND v.version = i.published_version
		WHERE items_fts MATCH ? ORDER BY bm25(items_fts, 0, 10, 1) LIMIT ?`, strings.Join(quoted, op), limit)
}
