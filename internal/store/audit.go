package store

import (
	"context"
	"database/sql"
	"errors"

	"yiwang/internal/audit"
)

var _ audit.Store = (*Tx)(nil)

// AppendAudit implements audit.Store. It runs inside the command's transaction, so
// an event exists exactly when the change it records does.
func (tx *Tx) AppendAudit(ctx context.Context, e *audit.Entry) error {
	var head *audit.Entry
	var seq int64
	var hash string
	err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_heads WHERE region = ?`, e.Region).Scan(&seq, &hash)
	switch {
	case err == nil:
		head = &audit.Entry{Seq: seq, Hash: hash}
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	audit.Link(e, head)
	_, err = tx.exec(ctx, `INSERT INTO audit_events (region, seq, at, actor_id, actor, actor_name, role, action,
		subject, before, after, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Region, e.Seq, ts(e.At), nullInt(e.ActorID), e.Actor, e.ActorName, e.Role, e.Action, e.Subject,
		string(e.Before), string(e.After), e.Reason, e.PrevHash, e.Hash)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO audit_heads (region, seq, hash) VALUES (?, ?, ?)
		ON CONFLICT (region) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, e.Region, e.Seq, e.Hash)
	return err
}

const auditColumns = `region, seq, at, COALESCE(actor_id, 0), actor, actor_name, role, action, subject, before, after, reason, prev_hash, hash`

// FindAuditBySubject implements audit.Store.
func (tx *Tx) FindAuditBySubject(ctx context.Context, subject string) ([]audit.Entry, error) {
	es := []audit.Entry{}
	err := tx.eachAudit(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE subject = ? ORDER BY region, seq`,
		func(e audit.Entry) { es = append(es, e) }, subject)
	return es, err
}

// VerifyAudit implements audit.Store, streaming every event rather than loading them all.
func (tx *Tx) VerifyAudit(ctx context.Context) (audit.Report, error) {
	heads, err := tx.auditHeads(ctx)
	if err != nil {
		return audit.Report{}, err
	}
	v := audit.NewVerifier(heads)
	if err := tx.eachAudit(ctx, `SELECT `+auditColumns+` FROM audit_events ORDER BY region, seq`, v.Add); err != nil {
		return audit.Report{}, err
	}
	return v.Report(), nil
}

func (tx *Tx) auditHeads(ctx context.Context) ([]audit.Head, error) {
	rows, err := tx.query(ctx, `SELECT region, seq, hash FROM audit_heads`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hs []audit.Head
	for rows.Next() {
		var h audit.Head
		if err := rows.Scan(&h.Region, &h.Seq, &h.Hash); err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, rows.Err()
}

func (tx *Tx) eachAudit(ctx context.Context, q string, fn func(audit.Entry), args ...any) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e audit.Entry
		var at, before, after string
		if err := rows.Scan(&e.Region, &e.Seq, &at, &e.ActorID, &e.Actor, &e.ActorName, &e.Role, &e.Action,
			&e.Subject, &before, &after, &e.Reason, &e.PrevHash, &e.Hash); err != nil {
			return err
		}
		if e.At, err = parseTS(at); err != nil {
			return err
		}
		e.Before, e.After = []byte(before), []byte(after)
		fn(e)
	}
	return rows.Err()
}
