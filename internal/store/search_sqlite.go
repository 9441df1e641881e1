package store

import (
	"context"
	"strings"

	"yiwang/internal/catalog"
)

// fts5Index is the search index on SQLite: the FTS5 table items_fts.
type fts5Index struct{}

func (f fts5Index) index(ctx context.Context, tx *Tx, code string, title, body []string) error {
	if err := f.remove(ctx, tx, code); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO items_fts (code, title, body) VALUES (?, ?, ?)`,
		code, strings.Join(title, " "), strings.Join(body, " "))
	return err
}

func (fts5Index) remove(ctx context.Context, tx *Tx, code string) error {
	_, err := tx.exec(ctx, `DELETE FROM items_fts WHERE code = ?`, code)
	return err
}

// ftsRanked ranks the matches by bm25 (lower is better) with a match in the title
// (name, tags) worth ten in the body, in a subquery so that the page's key can
// compare with the rank.
const ftsRanked = `SELECT s.code, s.rank, v.data FROM (
		SELECT code, bm25(items_fts, 0, 10, 1) AS rank FROM items_fts WHERE items_fts MATCH ?
	) s
	JOIN items i ON i.code = s.code AND NOT i.retired
	JOIN item_versions v ON v.code = i.code AND v.version = i.published_version`

func (fts5Index) query(ctx context.Context, tx *Tx, q catalog.SearchQuery) ([]catalog.Hit, error) {
	quoted := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		// Quoting makes each term a phrase, so FTS5 operators typed by a user are plain text.
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	op := " OR "
	if q.MatchAll {
		op = " AND "
	}
	sql, args := ftsRanked, []any{strings.Join(quoted, op)}
	if q.After != nil {
		sql += ` WHERE (s.rank, s.code) > (?, ?)`
		args = append(args, q.After.Rank, q.After.Code)
	}
	sql += ` ORDER BY s.rank, s.code`
	if q.Limit > 0 {
		sql, args = sql+` LIMIT ?`, append(args, q.Limit)
	}
	rows, err := tx.query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hits := []catalog.Hit{}
	for rows.Next() {
		var h catalog.Hit
		var data string
		if err := rows.Scan(&h.Key.Code, &h.Key.Rank, &data); err != nil {
			return nil, err
		}
		it, err := tx.items.decode(data)
		if err != nil {
			return nil, err
		}
		h.Item = *it
		hits = append(hits, h)
	}
	return hits, rows.Err()
}
