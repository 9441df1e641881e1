package store

import (
	"context"

	"yiwang/internal/catalog"
)

// searchIndex is the catalog's full-text index. Each engine has its own, in its own
// file (search_sqlite.go: FTS5), and only there is search SQL written: the Tx
// methods below hand every call to the index of their database.
type searchIndex interface {
	// index replaces the entry of code.
	index(ctx context.Context, tx *Tx, code string, e catalog.IndexEntry) error
	// remove drops the entry of code, if any.
	remove(ctx context.Context, tx *Tx, code string) error
	// query returns at most q.Limit published live items matching q, in key order,
	// after q.After.
	query(ctx context.Context, tx *Tx, q catalog.SearchQuery) ([]catalog.Hit, error)
}

// IndexItem implements catalog.Store.
func (tx *Tx) IndexItem(ctx context.Context, code string, e catalog.IndexEntry) error {
	return tx.search.index(ctx, tx, code, e)
}

// UnindexItem implements catalog.Store.
func (tx *Tx) UnindexItem(ctx context.Context, code string) error {
	return tx.search.remove(ctx, tx, code)
}

// SearchItems implements catalog.Store.
func (tx *Tx) SearchItems(ctx context.Context, q catalog.SearchQuery) ([]catalog.Hit, error) {
	if q.Match == catalog.MatchCharacters && len(q.Characters) == 0 || q.Match != catalog.MatchCharacters && len(q.Terms) == 0 && len(q.Meanings) == 0 {
		return []catalog.Hit{}, nil
	}
	return tx.search.query(ctx, tx, q)
}
