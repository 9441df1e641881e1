package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// These terms are written exactly as in the partial indexes of 00002_case_model.sql:
// SQLite uses a partial index only when the query repeats its condition.
const (
	runningSQL = `status IN ('accepted', 'in_review')`
	liveSQL    = `status IN ('submitted', 'awaiting_correction', 'accepted', 'in_review', 'approved', 'denied', 'issued')`
)

// where collects the conditions and arguments of a query, in the order they are
// added, so that one filter always makes the same SQL (and prepared statement).
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) eq(col, v string) {
	if v != "" {
		w.add(col+" = ?", v)
	}
}

func (w *where) in(col string, vs []string) {
	if len(vs) > 0 {
		w.add(col+" IN (?"+strings.Repeat(", ?", len(vs)-1)+")", anys(vs)...)
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// scope translates a casework.Scope into SQL on the cases table (alias c): the same
// rule as Scope.Allows, which decides for one case.
func (w *where) scope(s casework.Scope) {
	switch {
	case s.None, !s.All && s.ApplicantID == 0 && s.Hall == "" && s.Department == "":
		w.add("0 = 1")
	case s.All:
	case s.ApplicantID != 0:
		w.add("c.applicant_id = ?", s.ApplicantID)
	default:
		w.eq("c.hall", s.Hall)
		if s.Department != "" {
			// case_tasks_department holds only the tasks of departments other than the
			// case's own: the first term finds those.
			w.add(`(c.department = ? OR c.number IN (SELECT case_number FROM case_tasks
				WHERE other_department = 1 AND department = ?))`, s.Department, s.Department)
		}
	}
}

// light adds the condition that the case's light on today is l, from its dates.
func (w *where) light(l casework.Light, today workday.Date) {
	d := today.String()
	switch l {
	case casework.Red:
		w.add(runningSQL+" AND c.promised_due < ?", d)
	case casework.Yellow:
		w.add(runningSQL+" AND c.promised_due >= ? AND c.yellow_from <= ?", d, d)
	case casework.Blue: // as casework.LightOn: no yellow day is blue until overdue
		w.add(runningSQL+" AND c.promised_due >= ? AND (c.yellow_from > ? OR c.yellow_from IS NULL)", d, d)
	}
}

const caseRowColumns = `c.number, c.item_code, c.item_name, c.applicant_id, c.applicant_name, c.hall, c.department,
	c.channel, c.status, c.received_at, c.accepted_at, c.decided_at, c.closed_at, c.promised_due, c.legal_due,
	c.yellow_from, c.provisional, c.suspended, COALESCE(c.parent, '')`

func scanCaseRow(rows *sql.Rows) (casework.CaseRow, error) {
	var r casework.CaseRow
	var received string
	var accepted, decided, closed, promised, legal, yellow sql.NullString
	if err := rows.Scan(&r.Number, &r.Item, &r.ItemName, &r.ApplicantID, &r.Applicant, &r.Hall, &r.Department,
		&r.Channel, &r.Status, &received, &accepted, &decided, &closed, &promised, &legal, &yellow, &r.Provisional,
		&r.Suspended, &r.Parent); err != nil {
		return r, err
	}
	dec := decoder{}
	r.ReceivedAt = dec.ts(received)
	r.AcceptedAt, r.DecidedAt, r.ClosedAt = dec.nullTS(accepted), dec.nullTS(decided), dec.nullTS(closed)
	r.PromisedDue, r.LegalDue, r.YellowFrom = dec.date(promised), dec.date(legal), dec.date(yellow)
	return r, dec.err
}

// FindCases implements casework.Store. Every filter is in the SQL, before the
// LIMIT; the page asks for one row more than it returns, to know if more follow.
func (tx *Tx) FindCases(ctx context.Context, f casework.Filter) (paging.Page[casework.CaseRow], error) {
	var w where
	w.scope(f.Scope)
	w.in("c.status", strs(f.Statuses))
	w.light(f.Light, f.Today)
	w.eq("c.hall", f.Hall)
	w.eq("c.department", f.Department)
	w.eq("c.item_code", f.Item)
	w.eq("c.channel", string(f.Channel))
	w.eq("c.parent", f.Parent)
	var after casework.CaseCursor
	if ok, err := f.Page.Decode(&after); err != nil {
		return paging.Page[casework.CaseRow]{}, err
	} else if ok {
		at := ts(after.ReceivedAt)
		if f.Oldest {
			w.add("(c.received_at > ? OR c.received_at = ? AND c.number > ?)", at, at, after.Number)
		} else {
			w.add("(c.received_at < ? OR c.received_at = ? AND c.number < ?)", at, at, after.Number)
		}
	}
	order := ` ORDER BY c.received_at DESC, c.number DESC LIMIT ?`
	if f.Oldest {
		order = ` ORDER BY c.received_at, c.number LIMIT ?`
	}
	q := `SELECT ` + caseRowColumns + ` FROM cases c WHERE ` + w.sql() + order
	rows, err := tx.query(ctx, q, append(w.args, f.Page.Size()+1)...)
	if err != nil {
		return paging.Page[casework.CaseRow]{}, err
	}
	defer rows.Close()
	var out []casework.CaseRow
	for rows.Next() {
		r, err := scanCaseRow(rows)
		if err != nil {
			return paging.Page[casework.CaseRow]{}, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return paging.Page[casework.CaseRow]{}, err
	}
	return paging.Cut(out, f.Page, func(r casework.CaseRow) any {
		return casework.CaseCursor{ReceivedAt: r.ReceivedAt, Number: r.Number}
	}), nil
}

// CountCases implements casework.Store in one query over the index of live cases.
// It groups by the index's own columns, dates included, so that SQLite reads the
// index in order and compares each row with the last group only; the lights of
// each group are then known from its two dates, and the groups are summed here.
func (tx *Tx) CountCases(ctx context.Context, s casework.Scope, today workday.Date) ([]casework.Count, error) {
	var w where
	w.add(liveSQL)
	w.scope(s)
	q := `SELECT c.department, c.hall, c.status, c.promised_due, c.yellow_from, COUNT(*) FROM cases c
		WHERE ` + w.sql() + ` GROUP BY c.department, c.hall, c.status, c.promised_due, c.yellow_from`
	rows, err := tx.query(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := []casework.Count{}
	index := map[casework.Count]int{}
	for rows.Next() {
		var k casework.Count
		var due, yellow sql.NullString
		var n int
		if err := rows.Scan(&k.Department, &k.Hall, &k.Status, &due, &yellow, &n); err != nil {
			return nil, err
		}
		dec := decoder{}
		row := casework.CaseRow{Status: k.Status, PromisedDue: dec.date(due), YellowFrom: dec.date(yellow)}
		if dec.err != nil {
			return nil, dec.err
		}
		k.Light = row.Light(today)
		i, ok := index[k]
		if !ok {
			i = len(counts)
			index[k] = i
			counts = append(counts, k)
		}
		counts[i].N += n
	}
	return counts, rows.Err()
}

// openTasksOf is the condition of each role's queue, written as the partial
// indexes of 00002_case_model.sql state it.
var openTasksOf = map[access.Role]string{
	access.Approver:           `t.status = 'open' AND t.role = 'approver'`,
	access.CertificateOfficer: `t.status = 'open' AND t.role = 'certificate_officer'`,
}

// taskLight is the condition that an open task's light on a day is red, yellow or
// blue (LightRank order), as casework.LightOn decides it, written so that the queue
// index serves each. A task without a due date has no light: it is in no queue
// until the sweep dates it (only an upgrade leaves such tasks).
var taskLight = [3]string{
	`t.due < ?`,
	`t.due >= ? AND t.yellow_from <= ?`,
	`t.due >= ? AND (t.yellow_from > ? OR t.yellow_from IS NULL)`,
}

func taskLightArgs(rank int, d string) []any {
	if rank == 0 {
		return []any{d}
	}
	return []any{d, d}
}

// FindTasks implements casework.Store: a queue with the red tasks first, then the
// yellow, then the blue, each by due date. Each light is one ordered range of the
// queue index, read only as far as the page needs.
func (tx *Tx) FindTasks(ctx context.Context, f casework.TaskFilter) (paging.Page[casework.TaskRow], error) {
	d := f.Today.String()
	var after casework.TaskCursor
	resume, err := f.Page.Decode(&after)
	if err != nil {
		return paging.Page[casework.TaskRow]{}, err
	}
	open, ok := openTasksOf[f.Role]
	if !ok {
		return paging.Page[casework.TaskRow]{}, fmt.Errorf("store: no task queue for role %q", f.Role)
	}
	var out []casework.TaskRow
	for rank := 0; rank < 3 && len(out) <= f.Page.Size(); rank++ {
		if f.Light != "" && casework.LightRank(f.Light) != rank || resume && rank < after.Light {
			continue
		}
		var w where
		w.add(open)
		w.eq("t.department", f.Department)
		w.eq("c.hall", f.Hall)
		w.eq("c.item_code", f.Item)
		w.eq("t.step", f.Step)
		w.add(taskLight[rank], taskLightArgs(rank, d)...)
		if resume && rank == after.Light {
			w.add(`(t.due > ? OR t.due = ? AND (t.case_number > ? OR t.case_number = ? AND t.seq > ?))`,
				after.Due.String(), after.Due.String(), after.Case, after.Case, after.Seq)
		}
		rows, err := tx.findTaskRows(ctx, w, f.Page.Size()+1-len(out))
		if err != nil {
			return paging.Page[casework.TaskRow]{}, err
		}
		out = append(out, rows...)
	}
	return paging.Cut(out, f.Page, func(r casework.TaskRow) any {
		return casework.TaskCursor{Light: casework.LightRank(r.Light(f.Today)), Due: r.Due, Case: r.Case, Seq: r.Seq}
	}), nil
}

// CountQueue implements casework.Store: one grouped count over the queue's index.
func (tx *Tx) CountQueue(ctx context.Context, f casework.TaskFilter) ([]casework.QueueCount, error) {
	open, ok := openTasksOf[f.Role]
	if !ok {
		return nil, fmt.Errorf("store: no task queue for role %q", f.Role)
	}
	var w where
	w.add(open)
	w.eq("t.department", f.Department)
	w.eq("c.hall", f.Hall)
	w.add("t.due IS NOT NULL") // as in FindTasks: a task without a due date is in no queue yet
	rows, err := tx.query(ctx, `SELECT c.item_code, MIN(c.item_name), t.step, COUNT(*) FROM case_tasks t
		JOIN cases c ON c.number = t.case_number WHERE `+w.sql()+`
		GROUP BY c.item_code, t.step ORDER BY c.item_code, t.step`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.QueueCount
	for rows.Next() {
		var c casework.QueueCount
		if err := rows.Scan(&c.Item, &c.ItemName, &c.Step, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (tx *Tx) findTaskRows(ctx context.Context, w where, limit int) ([]casework.TaskRow, error) {
	q := `SELECT t.` + strings.ReplaceAll(taskColumns, ", ", ", t.") + `, t.case_number, c.item_code, c.item_name, c.applicant_name,
		c.hall FROM case_tasks t JOIN cases c ON c.number = t.case_number WHERE ` + w.sql() + `
		ORDER BY t.due, t.case_number, t.seq LIMIT ?`
	rows, err := tx.query(ctx, q, append(w.args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.TaskRow
	for rows.Next() {
		var r casework.TaskRow
		t, err := scanTask(rows, &r.Case, &r.Item, &r.ItemName, &r.Applicant, &r.Hall)
		if err != nil {
			return nil, err
		}
		r.Task = t
		out = append(out, r)
	}
	return out, rows.Err()
}

// FindSweepWork implements casework.Store: only the cases the sweep may act on,
// each found through an index (submitted by receipt, the watched few).
func (tx *Tx) FindSweepWork(ctx context.Context, cr casework.SweepCriteria) ([]casework.SweepWork, error) {
	var work []casework.SweepWork
	collect := func(act casework.Action, q string, args ...any) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			work = append(work, casework.SweepWork{Number: n, Action: act})
		}
		return rows.Err()
	}
	if cr.DeemReceivedBefore != 0 {
		if err := collect(casework.DeemAccept, `SELECT number FROM cases WHERE status = 'submitted' AND received_at < ?
			ORDER BY received_at`, cr.DeemReceivedBefore.String()); err != nil {
			return nil, err
		}
	}
	err := collect(casework.RefreshDeadlines, `SELECT number FROM cases WHERE watched = 1 AND (dates_on IS NULL
		OR suspended = 1 AND dates_on < ? OR provisional = 1 AND dates_through < ?) ORDER BY number`,
		cr.Today.String(), cr.OfficialThrough.String())
	return work, err
}
