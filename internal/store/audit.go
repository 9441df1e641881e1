package store

import (
	"context"
	"database/sql"
	"errors"

	"yiwang/internal/apperr"
	"yiwang/internal/audit"
)

var _ audit.Store = (*Tx)(nil)

// auditHeadTries bounds how often AppendAudit re-reads a head that another
// transaction moved first. Each retry means another command of the region committed
// meanwhile, so running out means a storm of them: the command fails as busy rather
// than wait without end.
const auditHeadTries = 10

// AppendAudit implements audit.Store. It runs inside the command's transaction, so
// an event exists exactly when the change it records does.
//
// The region's head is claimed by a conditional update from the head that was read
// (or, for a region's first event, an insert that does nothing if one appeared), so
// that two transactions never link two events to the same predecessor. On SQLite
// the writer's lock already orders them and the claim always succeeds; on an engine
// with concurrent writers the claim waits for the other's row lock, sees the moved
// head, finds no row and tries again on the new head.
func (tx *Tx) AppendAudit(ctx context.Context, e *audit.Entry) error {
	for range auditHeadTries {
		head, err := tx.auditHead(ctx, e.Region)
		if err != nil {
			return err
		}
		audit.Link(e, head)
		if tx.beforeHeadMove != nil {
			tx.beforeHeadMove()
		}
		moved, err := tx.moveAuditHead(ctx, e, head)
		if err != nil {
			return err
		}
		if moved {
			_, err = tx.exec(ctx, `INSERT INTO audit_events (region, seq, at, actor_id, actor, actor_name, role, action,
				subject, before, after, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				e.Region, e.Seq, ts(e.At), nullInt(e.ActorID), e.Actor, e.ActorName, e.Role, e.Action, e.Subject,
				string(e.Before), string(e.After), e.Reason, e.PrevHash, e.Hash)
			return err
		}
	}
	return apperr.New(apperr.Unavailable, "audit_busy", "审计日志正忙，请稍后重试")
}

// auditHead returns the last event of region, or nil if it has none yet.
func (tx *Tx) auditHead(ctx context.Context, region string) (*audit.Entry, error) {
	head := &audit.Entry{Region: region}
	err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_heads WHERE region = ?`, region).Scan(&head.Seq, &head.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return head, err
}

// moveAuditHead makes e the head of its region if prev still is (nil: if the region
// has no head yet), and reports whether it did.
func (tx *Tx) moveAuditHead(ctx context.Context, e, prev *audit.Entry) (bool, error) {
	var res sql.Result
	var err error
	if prev == nil {
		res, err = tx.exec(ctx, `INSERT INTO audit_heads (region, seq, hash) VALUES (?, ?, ?)
			ON CONFLICT (region) DO NOTHING`, e.Region, e.Seq, e.Hash)
	} else {
		res, err = tx.exec(ctx, `UPDATE audit_heads SET seq = ?, hash = ? WHERE region = ? AND seq = ?`,
			e.Seq, e.Hash, e.Region, prev.Seq)
	}
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const auditColumns = `region, seq, at, COALESCE(actor_id, 0), actor, actor_name, role, action, subject, before, after, reason, prev_hash, hash`

// FindAuditBySubject implements audit.Store.
func (tx *Tx) FindAuditBySubject(ctx context.Context, subject string, after audit.Position, limit int) ([]audit.Entry, error) {
	q := `SELECT ` + auditColumns + ` FROM audit_events WHERE subject = ? AND (region, seq) > (?, ?) ORDER BY region, seq`
	args := []any{subject, after.Region, after.Seq}
	if limit > 0 {
		q, args = q+` LIMIT ?`, append(args, limit)
	}
	es := []audit.Entry{}
	err := tx.eachAudit(ctx, q, func(e audit.Entry) { es = append(es, e) }, args...)
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
