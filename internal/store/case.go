package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/civicid"
	"yiwang/internal/workday"
)

var (
	_ casework.Store          = (*Tx)(nil)
	_ casework.ApplicantStore = (*Tx)(nil)
)

// storedCase is the aggregate as kept in cases.data: the case plus what its JSON
// view hides (the lookup code).
type storedCase struct {
	*casework.Case
	QueryCode string `json:"query_code"`
}

// NextCaseSeq implements casework.Store.
func (tx *Tx) NextCaseSeq(ctx context.Context, hall string, day workday.Date) (int, error) {
	var seq int
	err := tx.queryRow(ctx, `INSERT INTO case_counters (hall, day, seq) VALUES (?, ?, 1)
		ON CONFLICT (hall, day) DO UPDATE SET seq = seq + 1 RETURNING seq`, hall, day.String()).Scan(&seq)
	return seq, err
}

// CreateCase implements casework.Store.
func (tx *Tx) CreateCase(ctx context.Context, c *casework.Case) error {
	c.Version = 1
	data, err := encodeJSON(storedCase{c, c.QueryCode})
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO cases (number, region, hall, department, item_code, item_version,
		applicant_id, status, promised_due, legal_due, received_at, version, updated_at, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Number, c.Region, c.Hall, c.Department, c.Item, c.ItemVersion, c.Applicant.ID, c.Status,
		nullDate(c.PromisedDue), nullDate(c.LegalDue), ts(c.ReceivedAt), c.Version, ts(c.UpdatedAt), data)
	if violationOf(err) == uniqueViolation {
		return apperr.Conflictf("exists", "办件编号 %s 已存在", c.Number)
	}
	return err
}

// FindCase implements casework.Store.
func (tx *Tx) FindCase(ctx context.Context, number string) (*casework.Case, error) {
	var data string
	err := tx.queryRow(ctx, `SELECT data FROM cases WHERE number = ?`, number).Scan(&data)
	if err != nil {
		return nil, notFound(err, "办件 %s 不存在", number)
	}
	return decodeCase(data)
}

func decodeCase(data string) (*casework.Case, error) {
	sc := storedCase{Case: &casework.Case{}}
	if err := json.Unmarshal([]byte(data), &sc); err != nil {
		return nil, err
	}
	sc.Case.QueryCode = sc.QueryCode
	return sc.Case, nil
}

// UpdateCase implements casework.Store.
func (tx *Tx) UpdateCase(ctx context.Context, c *casework.Case) error {
	read := c.Version
	c.Version++
	data, err := encodeJSON(storedCase{c, c.QueryCode})
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE cases SET status = ?, promised_due = ?, legal_due = ?, received_at = ?,
		version = ?, updated_at = ?, data = ? WHERE number = ? AND version = ?`,
		c.Status, nullDate(c.PromisedDue), nullDate(c.LegalDue), ts(c.ReceivedAt), c.Version, ts(c.UpdatedAt), data,
		c.Number, read)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		c.Version = read
		return apperr.Conflictf("concurrent_update", "办件 %s 已被他人更新，请刷新后重试", c.Number)
	}
	return nil
}

// FindCases implements casework.Store.
func (tx *Tx) FindCases(ctx context.Context, f casework.Filter) ([]*casework.Case, error) {
	where, args := []string{"1 = 1"}, []any{}
	if len(f.Statuses) > 0 {
		where = append(where, "status IN (?"+strings.Repeat(", ?", len(f.Statuses)-1)+")")
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	// In a fixed order, so that one filter always makes the same SQL (and statement).
	for _, eq := range []struct{ col, v string }{{"hall", f.Hall}, {"department", f.Department}, {"item_code", f.Item}} {
		if eq.v != "" {
			where = append(where, eq.col+" = ?")
			args = append(args, eq.v)
		}
	}
	if f.ApplicantID != 0 {
		where = append(where, "applicant_id = ?")
		args = append(args, f.ApplicantID)
	}
	q := `SELECT data FROM cases WHERE ` + strings.Join(where, " AND ") + ` ORDER BY received_at DESC, number DESC`
	switch { // a negative limit, for the sweep, lists them all
	case f.Limit == 0 || f.Limit > 1000:
		q, args = q+` LIMIT ?`, append(args, 1000)
	case f.Limit > 0:
		q, args = q+` LIMIT ?`, append(args, f.Limit)
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cases := []*casework.Case{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		c, err := decodeCase(data)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, rows.Err()
}

// ClaimIdempotencyKey implements casework.Store.
func (tx *Tx) ClaimIdempotencyKey(ctx context.Context, userID int64, key, requestHash string, now time.Time) (claimed bool, number, firstHash string, err error) {
	res, err := tx.exec(ctx, `INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, key) DO NOTHING`, userID, key, requestHash, ts(now))
	if err != nil {
		return false, "", "", err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return n == 1, "", requestHash, err
	}
	var num sql.NullString
	err = tx.queryRow(ctx, `SELECT case_number, request_hash FROM idempotency_keys WHERE user_id = ? AND key = ?`,
		userID, key).Scan(&num, &firstHash)
	if err == nil && !num.Valid {
		// Only a claim made earlier in this same transaction can be without its case.
		err = apperr.Conflictf("idempotency_key_in_use", "该幂等键的申请正在处理")
	}
	return false, num.String, firstHash, err
}

// SetIdempotentCase implements casework.Store.
func (tx *Tx) SetIdempotentCase(ctx context.Context, userID int64, key, number string) error {
	_, err := tx.exec(ctx, `UPDATE idempotency_keys SET case_number = ? WHERE user_id = ? AND key = ?`, number, userID, key)
	return err
}

// CreateApplicant implements casework.ApplicantStore.
func (tx *Tx) CreateApplicant(ctx context.Context, a *casework.Applicant, hasAccount bool, now time.Time) error {
	return tx.queryRow(ctx, `INSERT INTO applicants (kind, name, id_number, credit_code, phone, has_account, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.Kind, a.Name, nullString(a.IDNumber.Full()), nullString(string(a.CreditCode)),
		a.Phone, hasAccount, ts(now)).Scan(&a.ID)
}

const applicantColumns = `id, kind, name, COALESCE(id_number, ''), COALESCE(credit_code, ''), phone`

func scanApplicant(row interface{ Scan(...any) error }) (*casework.Applicant, error) {
	a := &casework.Applicant{}
	var id, cc string
	if err := row.Scan(&a.ID, &a.Kind, &a.Name, &id, &cc, &a.Phone); err != nil {
		return nil, err
	}
	a.IDNumber, a.CreditCode = civicid.IDNumber(id), civicid.CreditCode(cc)
	return a, nil
}

// FindApplicant implements casework.ApplicantStore.
func (tx *Tx) FindApplicant(ctx context.Context, id int64) (*casework.Applicant, error) {
	a, err := scanApplicant(tx.queryRow(ctx, `SELECT `+applicantColumns+` FROM applicants WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "申请人 %d 不存在", id)
	}
	return a, nil
}

// FindWindowApplicant implements casework.ApplicantStore.
func (tx *Tx) FindWindowApplicant(ctx context.Context, a *casework.Applicant) (*casework.Applicant, error) {
	found, err := scanApplicant(tx.queryRow(ctx, `SELECT `+applicantColumns+` FROM applicants
		WHERE has_account = ? AND kind = ? AND (id_number = ? OR credit_code = ?) ORDER BY id LIMIT 1`,
		false, a.Kind, nullString(a.IDNumber.Full()), nullString(string(a.CreditCode))))
	if err != nil {
		return nil, notFound(err, "申请人不存在")
	}
	return found, nil
}
