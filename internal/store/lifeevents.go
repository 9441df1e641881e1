package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"yiwang/internal/catalog"
)

// UpsertLifeEvent implements catalog.Store.
func (tx *Tx) UpsertLifeEvent(ctx context.Context, e *catalog.LifeEvent) error {
	data, err := encodeJSON(e)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO life_events (code, position, data) VALUES (?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET position = excluded.position, data = excluded.data`, e.Code, e.Position, data)
	return err
}

// FindLifeEvents implements catalog.Store.
func (tx *Tx) FindLifeEvents(ctx context.Context) ([]catalog.LifeEvent, error) {
	return scanJSONRows[catalog.LifeEvent](tx.query(ctx, `SELECT data FROM life_events ORDER BY position, code`))
}

// FindLifeEvent implements catalog.Store.
func (tx *Tx) FindLifeEvent(ctx context.Context, code string) (*catalog.LifeEvent, error) {
	var data string
	if err := tx.queryRow(ctx, `SELECT data FROM life_events WHERE code = ?`, code).Scan(&data); err != nil {
		return nil, notFound(err, "主题 %s 不存在", code)
	}
	e := &catalog.LifeEvent{}
	return e, json.Unmarshal([]byte(data), e)
}

// UpsertSynonym implements catalog.Store.
func (tx *Tx) UpsertSynonym(ctx context.Context, s *catalog.Synonym) error {
	data, err := encodeJSON(s)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO search_synonyms (term, data) VALUES (?, ?)
		ON CONFLICT (term) DO UPDATE SET data = excluded.data`, catalog.Fold(s.Term), data)
	return err
}

// FindSynonyms implements catalog.Store.
func (tx *Tx) FindSynonyms(ctx context.Context) ([]catalog.Synonym, error) {
	return scanJSONRows[catalog.Synonym](tx.query(ctx, `SELECT data FROM search_synonyms ORDER BY term`))
}

// FindSynonymsIn implements catalog.Store. The list is a few hundred short terms,
// so testing each against the query is cheaper than any index on them.
func (tx *Tx) FindSynonymsIn(ctx context.Context, text string) ([]catalog.Synonym, error) {
	return scanJSONRows[catalog.Synonym](tx.query(ctx,
		`SELECT data FROM search_synonyms WHERE instr(?, term) > 0 ORDER BY length(term) DESC, term`, text))
}

// scanJSONRows decodes rows of one JSON column.
func scanJSONRows[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
