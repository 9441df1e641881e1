package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"yiwang/internal/workday"
)

// ts encodes an instant in Beijing time, so stored instants sort as text.
func ts(t time.Time) string { return t.In(workday.Beijing).Format(time.RFC3339Nano) }

func parseTS(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: bad timestamp %q: %w", s, err)
	}
	return t.In(workday.Beijing), nil
}

func nullTS(t *time.Time) sql.NullString {
	if t == nil {
		return sql.NullString{}
	}
	return sql.NullString{String: ts(*t), Valid: true}
}

func nullDate(d *workday.Date) sql.NullString {
	if d == nil {
		return sql.NullString{}
	}
	return sql.NullString{String: d.String(), Valid: true}
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func nullInt(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: n != 0} }

func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
