package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"yiwang/internal/catalog"
)

// fts5Index is the search index on SQLite: the FTS5 table items_fts for full-text
// relevance, and item_names for how closely an item's names match the query.
type fts5Index struct{}

func (f fts5Index) index(ctx context.Context, tx *Tx, code string, e catalog.IndexEntry) error {
	if err := f.remove(ctx, tx, code); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO items_fts (code, title, body) VALUES (?, ?, ?)`,
		code, strings.Join(e.Title, " "), strings.Join(e.Body, " "))
	if err != nil {
		return err
	}
	for _, n := range e.Names {
		if _, err := tx.exec(ctx, `INSERT INTO item_names (code, text, penalty) VALUES (?, ?, ?)
			ON CONFLICT (code, text) DO NOTHING`, code, n.Text, n.Penalty); err != nil {
			return err
		}
	}
	return nil
}

func (fts5Index) remove(ctx context.Context, tx *Tx, code string) error {
	if _, err := tx.exec(ctx, `DELETE FROM items_fts WHERE code = ?`, code); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM item_names WHERE code = ?`, code)
	return err
}

// ftsRanked ranks the matches. Closeness (catalog.Query) comes first: for each of
// the candidate's names and each phrase of the query, 0 if they are equal, 1 to
// 1.5 if one contains the other (the closer their lengths, the better), else between 2 and 4 by the share of the phrase's
// characters the name has, plus the name's penalty (an alias counts a little less
// than the name) and the phrase's (a synonym's meaning a little less than what
// was typed); the best pair counts, and an item with no names gets 5. Then
// full-text relevance: bm25 (lower is better) with a match in the title (names,
// tags, result) worth ten in the body, clamped so that it never outweighs a step
// of closeness. The rank is one number, so that the page's key compares with it.
//
// Only the 200 matches of best relevance are ranked (m's LIMIT): a query of common
// characters (许可) matches most of a district's 1,500 items, ranking them all by
// closeness would cost a few hundred string comparisons each, and nobody reads
// past the first pages.
const ftsRanked = `WITH
	p AS MATERIALIZED (SELECT CAST(key AS INTEGER) AS id, json_extract(value, '$.t') AS t, json_extract(value, '$.n') AS n,
		json_extract(value, '$.w') AS w FROM json_each(?)),
	c AS MATERIALIZED (SELECT json_extract(value, '$.p') AS id, json_extract(value, '$.c') AS ch FROM json_each(?)),
	m AS (SELECT code, bm25(items_fts, 0, 10, 1) AS relevance FROM items_fts WHERE items_fts MATCH ?
		ORDER BY relevance LIMIT 200),
	s AS MATERIALIZED (SELECT m.code, 1000 * COALESCE((
			SELECT MIN(n.penalty + p.w + CASE
				WHEN n.text = p.t THEN 0
				WHEN instr(n.text, p.t) > 0 OR instr(p.t, n.text) > 0
					THEN 1.5 - 0.5 * min(length(n.text), length(p.t)) / max(length(n.text), length(p.t))
				ELSE 4 - 2.0 * (SELECT count(*) FROM c WHERE c.id = p.id AND instr(n.text, c.ch) > 0) / p.n END)
			FROM item_names n, p WHERE n.code = m.code), 5) + max(m.relevance, -999) AS rank
		FROM m JOIN items i ON i.code = m.code AND NOT i.retired)`

// ftsPage reads the page of ftsRanked's hits that the WHERE and LIMIT put in
// between (the page's key and size), and only then their items' documents.
const ftsPage = `
	SELECT t.code, t.rank, v.data FROM (SELECT code, rank FROM s%s ORDER BY rank, code%s) t
	JOIN items i ON i.code = t.code
	JOIN item_versions v ON v.code = i.code AND v.version = i.published_version
	ORDER BY t.rank, t.code`

func (fts5Index) query(ctx context.Context, tx *Tx, q catalog.SearchQuery) ([]catalog.Hit, error) {
	phrases, chars, err := closenessArgs(q.Phrases)
	if err != nil {
		return nil, err
	}
	args := []any{phrases, chars, matchExpr(q)}
	where, limit := "", ""
	if q.After != nil {
		where, args = ` WHERE (rank, code) > (?, ?)`, append(args, q.After.Rank, q.After.Code)
	}
	if q.Limit > 0 {
		limit, args = ` LIMIT ?`, append(args, q.Limit)
	}
	rows, err := tx.query(ctx, ftsRanked+fmt.Sprintf(ftsPage, where, limit), args...)
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

// matchExpr is the FTS5 query of q: with MatchAll, every term of Terms or every
// term of one meaning; with MatchAny any term of any; with MatchCharacters any
// of the characters.
func matchExpr(q catalog.SearchQuery) string {
	quote := func(terms []string) []string {
		out := make([]string, len(terms))
		for i, t := range terms {
			// Quoting makes each term a phrase, so FTS5 operators typed by a user are plain text.
			out[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		return out
	}
	if q.Match == catalog.MatchCharacters {
		return strings.Join(quote(q.Characters), " OR ")
	}
	groups := slices.DeleteFunc(append([][]string{q.Terms}, q.Meanings...), func(g []string) bool { return len(g) == 0 })
	var parts []string
	for _, g := range groups {
		if q.Match == catalog.MatchAll {
			parts = append(parts, "("+strings.Join(quote(g), " AND ")+")")
		} else {
			parts = append(parts, quote(g)...)
		}
	}
	return strings.Join(parts, " OR ")
}

// closenessArgs encodes the phrases, with the number of distinct characters of
// each, and their characters, as the JSON arrays ftsRanked reads, so that the
// statement is the same whatever the query.
func closenessArgs(phrases []catalog.QueryPhrase) (string, string, error) {
	type phrase struct {
		T string  `json:"t"`
		N int     `json:"n"`
		W float64 `json:"w"`
	}
	type char struct {
		P int    `json:"p"`
		C string `json:"c"`
	}
	ps, cs := []phrase{}, []char{}
	for i, qp := range phrases {
		var seen []rune
		for _, r := range qp.Text {
			if !slices.Contains(seen, r) {
				seen = append(seen, r)
				cs = append(cs, char{P: i, C: string(r)})
			}
		}
		ps = append(ps, phrase{T: qp.Text, N: max(len(seen), 1), W: qp.Penalty})
	}
	p, err := json.Marshal(ps)
	if err != nil {
		return "", "", err
	}
	c, err := json.Marshal(cs)
	return string(p), string(c), err
}
