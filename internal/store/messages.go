package store

import (
	"context"
	"database/sql"

	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/notify"
)

// CreateMessage implements notify.Store.
func (tx *Tx) CreateMessage(ctx context.Context, m *notify.Message) error {
	return tx.queryRow(ctx, `INSERT INTO messages (applicant_id, region, case_number, action, title, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.Applicant, m.Region, m.Case, m.Action, m.Title, m.Body, ts(m.At)).Scan(&m.ID)
}

// FindMessages implements notify.Store.
func (tx *Tx) FindMessages(ctx context.Context, applicant, before int64, limit int) ([]notify.Message, error) {
	q := `SELECT id, applicant_id, region, case_number, action, title, body, created_at, read_at FROM messages
		WHERE applicant_id = ?`
	args := []any{applicant}
	if before > 0 {
		q, args = q+` AND id < ?`, append(args, before)
	}
	rows, err := tx.query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Message
	for rows.Next() {
		var m notify.Message
		var at string
		var read sql.NullString
		if err := rows.Scan(&m.ID, &m.Applicant, &m.Region, &m.Case, &m.Action, &m.Title, &m.Body, &at, &read); err != nil {
			return nil, err
		}
		dec := decoder{}
		m.At, m.ReadAt = dec.ts(at), dec.nullTS(read)
		if dec.err != nil {
			return nil, dec.err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CountUnread implements notify.Store. It reads only the partial index of unread messages.
func (tx *Tx) CountUnread(ctx context.Context, applicant int64) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM messages WHERE applicant_id = ? AND read_at IS NULL`, applicant).Scan(&n)
	return n, err
}

// MarkRead implements notify.Store. A message read before keeps the time it was first read.
func (tx *Tx) MarkRead(ctx context.Context, applicant, id int64, at time.Time) error {
	res, err := tx.exec(ctx, `UPDATE messages SET read_at = COALESCE(read_at, ?) WHERE id = ? AND applicant_id = ?`,
		ts(at), id, applicant)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = apperr.NotFoundf("消息 %d 不存在", id)
	}
	return err
}

// MarkAllRead implements notify.Store.
func (tx *Tx) MarkAllRead(ctx context.Context, applicant int64, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE messages SET read_at = ? WHERE applicant_id = ? AND read_at IS NULL`, ts(at), applicant)
	return err
}
