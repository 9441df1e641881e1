package store

import (
	"context"
	"time"

	"yiwang/internal/workday"
)

// FindCalendarYears returns the holiday years an administrator loaded, which take
// precedence over the embedded ones of the same year.
func (tx *Tx) FindCalendarYears(ctx context.Context) ([]workday.YearFile, error) {
	rows, err := tx.query(ctx, `SELECT data FROM calendar_years ORDER BY year`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ys []workday.YearFile
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		y, err := workday.ParseYearFile([]byte(data))
		if err != nil {
			return nil, err
		}
		ys = append(ys, y)
	}
	return ys, rows.Err()
}

// SaveCalendarYear stores a year loaded by an administrator.
func (tx *Tx) SaveCalendarYear(ctx context.Context, y workday.YearFile, by string, now time.Time) error {
	data, err := encodeJSON(y)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO calendar_years (year, data, loaded_at, loaded_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (year) DO UPDATE SET data = excluded.data, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by`,
		y.Year, data, ts(now), by)
	return err
}

// Setting returns the value of key; NotFound if it is unset.
func (tx *Tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := tx.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err != nil {
		return "", notFound(err, "")
	}
	return v, nil
}

// SetSetting stores value under key.
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// LatestAuditTime returns the time of the newest audit event, zero if none: the
// clock must never be set before it.
func (tx *Tx) LatestAuditTime(ctx context.Context) (time.Time, error) {
	var at string
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(at), '') FROM audit_events`).Scan(&at)
	if err != nil || at == "" {
		return time.Time{}, err
	}
	return parseTS(at)
}
