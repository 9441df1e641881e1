package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/civicid"
	"yiwang/internal/workday"
)

var (
	_ casework.Store          = (*Tx)(nil)
	_ casework.ApplicantStore = (*Tx)(nil)
)

// caseDoc is what cases.data keeps: the parts of a case that no list, count or
// sweep reads. Its names are the foundation's, so a migrated row decodes as is.
type caseDoc struct {
	QueryCode    string                       `json:"query_code"`
	Applicant    casework.Applicant           `json:"applicant"`
	FiledBy      string                       `json:"filed_by,omitempty"`
	PromisedDays int                          `json:"promised_days"`
	LegalDays    int                          `json:"legal_days"`
	YellowDays   int                          `json:"yellow_days"`
	Form         json.RawMessage              `json:"form"`
	Personal     catalog.Form                 `json:"personal_fields,omitempty"`
	Materials    []casework.SubmittedMaterial `json:"materials"`
	AcceptedBy   string                       `json:"accepted_by,omitempty"`
	Deemed       bool                         `json:"deemed_accepted,omitempty"`
	Corrections  []casework.CorrectionNotice  `json:"corrections,omitempty"`
	Gaps         []casework.Gap               `json:"gaps,omitempty"`
	Suspensions  []casework.Suspension        `json:"suspensions,omitempty"`
	Extension    *casework.Extension          `json:"extension,omitempty"`
	Decision     *casework.Decision           `json:"decision,omitempty"`
	Closure      *casework.Closure            `json:"closure,omitempty"`
	Delivery     *casework.Delivery           `json:"delivery,omitempty"`
}

func docOf(c *casework.Case) caseDoc {
	return caseDoc{QueryCode: c.QueryCode, Applicant: c.Applicant, FiledBy: c.FiledBy, PromisedDays: c.PromisedDays,
		LegalDays: c.LegalDays, YellowDays: c.YellowDays, Form: c.Form, Personal: c.PersonalFields, Materials: c.Materials, AcceptedBy: c.AcceptedBy,
		Deemed: c.Deemed, Corrections: c.Corrections, Gaps: c.Gaps, Suspensions: c.Suspensions, Extension: c.Extension,
		Decision: c.Decision, Closure: c.Closure, Delivery: c.Delivery}
}

func (d caseDoc) fill(c *casework.Case) {
	c.QueryCode, c.Applicant, c.FiledBy = d.QueryCode, d.Applicant, d.FiledBy
	c.PromisedDays, c.LegalDays, c.YellowDays = d.PromisedDays, d.LegalDays, d.YellowDays
	c.Form, c.PersonalFields, c.Materials, c.AcceptedBy, c.Deemed = d.Form, d.Personal, d.Materials, d.AcceptedBy, d.Deemed
	c.Corrections, c.Gaps, c.Suspensions, c.Extension = d.Corrections, d.Gaps, d.Suspensions, d.Extension
	c.Decision, c.Closure, c.Delivery = d.Decision, d.Closure, d.Delivery
}

// NextCaseSeq implements casework.Store.
func (tx *Tx) NextCaseSeq(ctx context.Context, hall string, day workday.Date) (int, error) {
	var seq int
	err := tx.queryRow(ctx, `INSERT INTO case_counters (hall, day, seq) VALUES (?, ?, 1)
		ON CONFLICT (hall, day) DO UPDATE SET seq = seq + 1 RETURNING seq`, hall, day.String()).Scan(&seq)
	return seq, err
}

// caseValues are the values of the columns a command may change, in the order
// CreateCase and UpdateCase list them; the filing facts never change.
func (tx *Tx) caseValues(c *casework.Case) ([]any, error) {
	data, err := encodeJSON(docOf(c))
	if err != nil {
		return nil, err
	}
	data = tx.cols.seal(placeCase(c.Number), data)
	var approved sql.NullBool
	if c.Decision != nil {
		approved = sql.NullBool{Bool: c.Decision.Approved, Valid: true}
	}
	return []any{c.Status, ts(c.ReceivedAt), nullTS(c.AcceptedAt), nullTS(c.DecidedAt()), nullTS(c.ClosedAt()), approved,
		dateCol(c.PromisedDue), dateCol(c.LegalDue), dateCol(c.YellowFrom), c.Provisional, c.Suspended(), c.Watched(),
		dateCol(c.DatesOn), dateCol(c.DatesThrough), c.Version, ts(c.UpdatedAt), data}, nil
}

// CreateCase implements casework.Store.
func (tx *Tx) CreateCase(ctx context.Context, c *casework.Case) error {
	c.Version = 1
	vals, err := tx.caseValues(c)
	if err != nil {
		return err
	}
	args := append([]any{c.Number, c.Region, c.Hall, c.Department, c.Item, c.ItemVersion, c.ItemName, c.Handling,
		c.Channel, c.Applicant.ID, c.Applicant.Name, ts(c.SubmittedAt), nullString(c.Parent)}, vals...)
	_, err = tx.exec(ctx, `INSERT INTO cases (number, region, hall, department, item_code, item_version, item_name,
		handling, channel, applicant_id, applicant_name, submitted_at, parent,
		status, received_at, accepted_at, decided_at, closed_at, approved, promised_due, legal_due, yellow_from,
		provisional, suspended, watched, dates_on, dates_through, version, updated_at, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if violationOf(err) == uniqueViolation {
		return apperr.Conflictf("exists", "办件编号 %s 已存在", c.Number)
	}
	if err != nil {
		return err
	}
	return tx.saveTasks(ctx, c)
}

// UpdateCase implements casework.Store.
func (tx *Tx) UpdateCase(ctx context.Context, c *casework.Case) error {
	read := c.Version
	c.Version++
	vals, err := tx.caseValues(c)
	if err != nil {
		c.Version = read
		return err
	}
	res, err := tx.exec(ctx, `UPDATE cases SET status = ?, received_at = ?, accepted_at = ?, decided_at = ?,
		closed_at = ?, approved = ?, promised_due = ?, legal_due = ?, yellow_from = ?, provisional = ?, suspended = ?,
		watched = ?, dates_on = ?, dates_through = ?, version = ?, updated_at = ?, data = ? WHERE number = ? AND version = ?`,
		append(vals, c.Number, read)...)
	if err != nil {
		c.Version = read
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		c.Version = read
		return apperr.Conflictf("concurrent_update", "办件 %s 已被他人更新，请刷新后重试", c.Number)
	}
	return tx.saveTasks(ctx, c)
}

// saveTasks writes the tasks of c that differ from those it was read with, in one
// statement.
func (tx *Tx) saveTasks(ctx context.Context, c *casework.Case) error {
	loaded := tx.loadedTasks[c.Number]
	var rows []string
	var args []any
	for _, t := range c.Tasks {
		if i := t.Seq - 1; i >= 0 && i < len(loaded) && loaded[i] == t {
			continue
		}
		rows = append(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, c.Number, t.Seq, t.Step, t.Kind, t.Department, t.Department != c.Department, t.Role, t.Status, t.Stage, t.Day,
			dateCol(t.Due), dateCol(t.YellowFrom), zeroTS(t.OpenedAt), t.DoneBy, zeroTS(t.DoneAt), t.Opinion)
	}
	if len(rows) > 0 {
		_, err := tx.exec(ctx, `INSERT INTO case_tasks (case_number, seq, step, kind, department, other_department,
			role, status, stage, day, due, yellow_from, opened_at, done_by, done_at, opinion) VALUES `+strings.Join(rows, ", ")+`
			ON CONFLICT (case_number, seq) DO UPDATE SET status = excluded.status, due = excluded.due,
			yellow_from = excluded.yellow_from, opened_at = excluded.opened_at, done_by = excluded.done_by,
			done_at = excluded.done_at, opinion = excluded.opinion`, args...)
		if err != nil {
			return err
		}
	}
	tx.remember(c)
	return nil
}

func (tx *Tx) remember(c *casework.Case) {
	if tx.loadedTasks == nil {
		tx.loadedTasks = map[string][]casework.Task{}
	}
	tx.loadedTasks[c.Number] = append([]casework.Task(nil), c.Tasks...)
}

const caseColumns = `number, region, hall, department, item_code, item_version, item_name, handling, channel,
	applicant_id, parent, status, submitted_at, received_at, accepted_at, promised_due, legal_due, yellow_from,
	provisional, dates_on, dates_through, version, updated_at, data`

// scanCase reads a case; the document, sealed whole with a key, is opened here.
func (tx *Tx) scanCase(row interface{ Scan(...any) error }) (*casework.Case, error) {
	c := &casework.Case{}
	var parent, accepted, promised, legal, yellow, datesOn, datesThrough sql.NullString
	var submitted, received, updated, data string
	var applicant int64
	if err := row.Scan(&c.Number, &c.Region, &c.Hall, &c.Department, &c.Item, &c.ItemVersion, &c.ItemName,
		&c.Handling, &c.Channel, &applicant, &parent, &c.Status, &submitted, &received, &accepted, &promised,
		&legal, &yellow, &c.Provisional, &datesOn, &datesThrough, &c.Version, &updated, &data); err != nil {
		return nil, err
	}
	data, err := tx.cols.open(placeCase(c.Number), data)
	if err != nil {
		return nil, err
	}
	var doc caseDoc
	if err := json.Unmarshal([]byte(data), &doc); err != nil {
		return nil, err
	}
	doc.fill(c)
	c.Applicant.ID = applicant // the column, which the lists' scope reads, is the record
	c.Parent = parent.String
	dec := decoder{}
	c.SubmittedAt, c.ReceivedAt, c.UpdatedAt = dec.ts(submitted), dec.ts(received), dec.ts(updated)
	c.AcceptedAt = dec.nullTS(accepted)
	c.PromisedDue, c.LegalDue, c.YellowFrom = dec.date(promised), dec.date(legal), dec.date(yellow)
	c.DatesOn, c.DatesThrough = dec.date(datesOn), dec.date(datesThrough)
	return c, dec.err
}

// FindCase implements casework.Store.
func (tx *Tx) FindCase(ctx context.Context, number string) (*casework.Case, error) {
	c, err := tx.scanCase(tx.queryRow(ctx, `SELECT `+caseColumns+` FROM cases WHERE number = ?`, number))
	if err != nil {
		return nil, notFound(err, "办件 %s 不存在", number)
	}
	if c.Tasks, err = tx.findTasks(ctx, number); err != nil {
		return nil, err
	}
	tx.remember(c)
	return c, nil
}

// FindChildCases implements casework.Store.
func (tx *Tx) FindChildCases(ctx context.Context, parent string) ([]*casework.Case, error) {
	rows, err := tx.query(ctx, `SELECT `+caseColumns+` FROM cases WHERE parent = ? ORDER BY number`, parent)
	if err != nil {
		return nil, err
	}
	var cs []*casework.Case
	for rows.Next() {
		c, err := tx.scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		cs = append(cs, c)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Tasks, err = tx.findTasks(ctx, c.Number); err != nil {
			return nil, err
		}
		tx.remember(c)
	}
	return cs, nil
}

const taskColumns = `seq, step, kind, department, role, status, stage, day, due, yellow_from, opened_at, done_by, done_at, opinion`

func scanTask(row interface{ Scan(...any) error }, extra ...any) (casework.Task, error) {
	var t casework.Task
	var due, yellow, opened, done sql.NullString
	if err := row.Scan(append([]any{&t.Seq, &t.Step, &t.Kind, &t.Department, &t.Role, &t.Status, &t.Stage, &t.Day,
		&due, &yellow, &opened, &t.DoneBy, &done, &t.Opinion}, extra...)...); err != nil {
		return t, err
	}
	dec := decoder{}
	t.Due, t.YellowFrom = dec.date(due), dec.date(yellow)
	if p := dec.nullTS(opened); p != nil {
		t.OpenedAt = *p
	}
	if p := dec.nullTS(done); p != nil {
		t.DoneAt = *p
	}
	return t, dec.err
}

func (tx *Tx) findTasks(ctx context.Context, number string) ([]casework.Task, error) {
	rows, err := tx.query(ctx, `SELECT `+taskColumns+` FROM case_tasks WHERE case_number = ? ORDER BY seq`, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ts []casework.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, rows.Err()
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
	var index string
	if tx.cols.key != nil {
		index = tx.cols.holder(a)
	}
	return tx.queryRow(ctx, `INSERT INTO applicants (kind, name, id_number, credit_code, phone, has_account, created_at, number_index)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.Kind, a.Name, nullString(tx.cols.seal(placeIDNumber, a.IDNumber.Full())),
		nullString(tx.cols.seal(placeCreditCode, string(a.CreditCode))), tx.cols.seal(placePhone, a.Phone), hasAccount, ts(now),
		nullString(index)).Scan(&a.ID)
}

// ClaimAccountHolder implements casework.ApplicantStore.
func (tx *Tx) ClaimAccountHolder(ctx context.Context, a *casework.Applicant, userID int64) error {
	_, err := tx.exec(ctx, `INSERT INTO account_holders (kind, number, user_id) VALUES (?, ?, ?)`, a.Kind, tx.cols.holder(a), userID)
	if violationOf(err) == uniqueViolation {
		return casework.ErrAlreadyRegistered(a.Kind)
	}
	return err
}

const applicantColumns = `id, kind, name, COALESCE(id_number, ''), COALESCE(credit_code, ''), phone`

func (tx *Tx) scanApplicant(row interface{ Scan(...any) error }) (*casework.Applicant, error) {
	a := &casework.Applicant{}
	var id, cc, phone string
	if err := row.Scan(&a.ID, &a.Kind, &a.Name, &id, &cc, &phone); err != nil {
		return nil, err
	}
	var errs [3]error
	id, errs[0] = tx.cols.open(placeIDNumber, id)
	cc, errs[1] = tx.cols.open(placeCreditCode, cc)
	a.Phone, errs[2] = tx.cols.open(placePhone, phone)
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	a.IDNumber, a.CreditCode = civicid.IDNumber(id), civicid.CreditCode(cc)
	return a, nil
}

// FindApplicant implements casework.ApplicantStore.
func (tx *Tx) FindApplicant(ctx context.Context, id int64) (*casework.Applicant, error) {
	a, err := tx.scanApplicant(tx.queryRow(ctx, `SELECT `+applicantColumns+` FROM applicants WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "申请人 %d 不存在", id)
	}
	return a, nil
}

// FindWindowApplicant implements casework.ApplicantStore.
func (tx *Tx) FindWindowApplicant(ctx context.Context, a *casework.Applicant) (*casework.Applicant, error) {
	var row *sql.Row
	if tx.cols.key != nil {
		// Sealed numbers differ at every write; their blind index does not.
		row = tx.queryRow(ctx, `SELECT `+applicantColumns+` FROM applicants
			WHERE has_account = ? AND kind = ? AND number_index = ? ORDER BY id LIMIT 1`, false, a.Kind, nullString(tx.cols.holder(a)))
	} else {
		row = tx.queryRow(ctx, `SELECT `+applicantColumns+` FROM applicants
			WHERE has_account = ? AND kind = ? AND (id_number = ? OR credit_code = ?) ORDER BY id LIMIT 1`,
			false, a.Kind, nullString(a.IDNumber.Full()), nullString(string(a.CreditCode)))
	}
	found, err := tx.scanApplicant(row)
	if err != nil {
		return nil, notFound(err, "申请人不存在")
	}
	return found, nil
}
