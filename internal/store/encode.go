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

// dateCol stores a date, the zero date (none) as NULL.
func dateCol(d workday.Date) sql.NullString {
	if d == 0 {
		return sql.NullString{}
	}
	return sql.NullString{String: d.String(), Valid: true}
}

// zeroTS stores an instant, the zero instant (none) as NULL.
func zeroTS(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: ts(t), Valid: true}
}

// decoder parses stored instants and dates, keeping the first error, so a scan
// reads every column and reports once.
type decoder struct{ err error }

func (d *decoder) ts(s string) time.Time {
	t, err := parseTS(s)
	if d.err == nil {
		d.err = err
	}
	return t
}

func (d *decoder) nullTS(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := d.ts(s.String)
	return &t
}

func (d *decoder) date(s sql.NullString) workday.Date {
	if !s.Valid {
		return 0
	}
	v, err := workday.ParseDate(s.String)
	if d.err == nil && err != nil {
		d.err = fmt.Errorf("store: bad date %q: %w", s.String, err)
	}
	return v
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func nullInt(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: n != 0} }

func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
