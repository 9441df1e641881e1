package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/blob"
	"yiwang/internal/casework"
	"yiwang/internal/demo"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// The scale benchmarks run on a district grown to YIWANG_BENCH_CASES cases (default
// 1,000,000; 10% not finished) by batched inserts on top of the demo catalog, so
// that lists, counts, queues and the sweep are measured where a supervisor of a big
// district works. The database is built once per process.
//
//	go test -run '^$' -bench Scale -benchtime 20x ./internal/store

var scale struct {
	once sync.Once
	db   *DB
	err  error
	dir  string
}

// scaleToday is the day the scale district is looked at.
var scaleToday = workday.MakeDate(2026, 12, 2)

func scaleDB(b *testing.B) *DB {
	b.Helper()
	scale.once.Do(func() {
		n := 1_000_000
		if v := os.Getenv("YIWANG_BENCH_CASES"); v != "" {
			n, scale.err = strconv.Atoi(v)
		}
		if scale.err == nil {
			scale.dir, scale.err = os.MkdirTemp("", "yiwang-scale-")
		}
		if scale.err == nil {
			start := time.Now()
			scale.db, scale.err = growDistrict(scale.dir, n)
			fmt.Fprintf(os.Stderr, "scale: %d cases seeded in %v\n", n, time.Since(start).Round(time.Second))
		}
	})
	if scale.err != nil {
		b.Fatal(scale.err)
	}
	return scale.db
}

// TestMain removes the scale database when the benchmarks are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if scale.db != nil {
		scale.db.Close()
		os.RemoveAll(scale.dir)
	}
	os.Exit(code)
}

type scaleItem struct {
	code, name, dept string
	version          int
}

func growDistrict(dir string, n int) (*DB, error) {
	ctx := context.Background()
	db, err := Open(ctx, dir, Options{Sync: SyncNormal})
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"), 1<<20)
	if err != nil {
		return nil, err
	}
	seed := &demo.Seeder{DB: db, Blobs: blobs, Region: "370211", Password: "bench-password", Log: log}
	if err := seed.SetupAt(ctx, time.Date(2023, 1, 1, 9, 0, 0, 0, workday.Beijing)); err != nil {
		return nil, err
	}
	var items []scaleItem
	var applicant int64
	err = db.Read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT code, name, department, version FROM item_versions WHERE status = 'published' ORDER BY code`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it scaleItem
			if err := rows.Scan(&it.code, &it.name, &it.dept, &it.version); err != nil {
				return err
			}
			items = append(items, it)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.queryRow(ctx, `SELECT MIN(id) FROM applicants`).Scan(&applicant)
	})
	if err != nil {
		return nil, err
	}
	// Seeding only: the rows reference what the demo seeded, and a lost seed is rebuilt.
	if err := db.Exec(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return nil, err
	}
	const batch = 20_000
	for from := 0; from < n; from += batch {
		if err := db.InTx(ctx, func(tx *Tx) error { return insertScaleCases(ctx, tx, items, applicant, from, min(n, from+batch), n) }); err != nil {
			return nil, err
		}
	}
	if err := db.Exec(ctx, `PRAGMA foreign_keys = ON`); err != nil {
		return nil, err
	}
	return db, db.Exec(ctx, `ANALYZE`)
}

// scaleDoc is a realistic document: the applicant, the form and seven materials.
var scaleDoc = `{"query_code":"12345678","applicant":{"id":1,"kind":"person","name":"李四","id_number":"37021119900721404X","phone":"13800000003"},` +
	`"promised_days":3,"legal_days":10,"yellow_days":1,"form":{"店名":"海味小吃","经营面积":"45","经营项目":"热食类食品制售"},"materials":[` +
	strings.TrimSuffix(strings.Repeat(`{"material":"m1","name":"食品经营许可申请书","paper":true,"at":"2026-03-02T09:30:00+08:00"},`, 7), ",") + `],"accepted_by":"clerk"}`

// insertScaleCases inserts cases [from, to) of n: the oldest nine tenths finished,
// the newest tenth in progress with lights of every colour and a few suspended.
func insertScaleCases(ctx context.Context, tx *Tx, items []scaleItem, applicant int64, from, to, n int) error {
	insCase, err := tx.tx.PrepareContext(ctx, `INSERT INTO cases (number, region, hall, department, item_code, item_version,
		item_name, handling, channel, applicant_id, applicant_name, submitted_at, status, received_at, accepted_at,
		decided_at, closed_at, approved, promised_due, legal_due, yellow_from, provisional, suspended, watched, dates_on,
		version, updated_at, data) VALUES (?, '370211', ?, ?, ?, ?, ?, 'promised', ?, ?, '李四', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
		0, ?, ?, ?, 3, ?, ?)`)
	if err != nil {
		return err
	}
	defer insCase.Close()
	insTask, err := tx.tx.PrepareContext(ctx, `INSERT INTO case_tasks (case_number, seq, step, kind, department, role,
		status, stage, day, due, yellow_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insTask.Close()
	first := time.Date(2024, 1, 2, 9, 0, 0, 0, workday.Beijing)
	span := scaleToday.Time().Sub(first)
	for i := from; i < to; i++ {
		it := items[i%len(items)]
		if i%5 < 2 { // the market regulator handles two cases in five
			it = items[0]
		}
		received := first.Add(time.Duration(float64(span) * float64(i) / float64(n)))
		if i >= n*9/10 && i%10 < 2 { // waiting at the window: received in the last days, few past Art. 32
			received = scaleToday.Time().Add(time.Duration(-(i%97)*2) * time.Hour)
		}
		number := fmt.Sprintf("%s-3702110%d-%07d", received.Format("20060102"), 1+i%2, i)
		hall := []string{"hall-district", "hall-street-1"}[i%2]
		channel := []string{"window", "online", "online", "kiosk"}[i%4]
		c := scaleCase(i, n, received)
		if _, err := insCase.ExecContext(ctx, number, hall, it.dept, it.code, it.version, it.name, channel, applicant,
			ts(received), c.status, ts(received), nullTS(c.accepted), nullTS(c.decided), nullTS(c.closed), c.approved,
			dateCol(c.due), dateCol(c.due.AddDays(7)), dateCol(c.yellow), c.suspended, c.suspended, dateCol(scaleToday),
			ts(received), scaleDoc); err != nil {
			return err
		}
		for seq, tk := range c.tasks(it.dept) {
			if _, err := insTask.ExecContext(ctx, number, seq+1, tk.step, tk.kind, it.dept, tk.role, tk.status, seq+1, 1,
				dateCol(c.due), dateCol(c.yellow)); err != nil {
				return err
			}
		}
	}
	return nil
}

type scaleState struct {
	status                   casework.Status
	accepted, decided, close *time.Time
	closed                   *time.Time
	approved                 any
	due, yellow              workday.Date
	suspended                bool
}

func scaleCase(i, n int, received time.Time) scaleState {
	var s scaleState
	at := received.Add(time.Hour)
	s.due = workday.DateOf(received).AddDays(5)
	s.yellow = s.due.AddDays(-1)
	if i < n*9/10 {
		s.accepted, s.decided, s.closed = &at, &at, &at
		s.status, s.approved = casework.Closed, true
		switch i % 20 {
		case 0:
			s.status, s.accepted, s.decided, s.approved = casework.Refused, nil, nil, nil
		case 1:
			s.status, s.decided, s.approved = casework.Withdrawn, nil, nil
		}
		return s
	}
	// In progress: a due date from ten days ago to twenty days ahead, so that about
	// a third is red, a sixth yellow and the rest blue.
	s.due = scaleToday.AddDays(i%31 - 10)
	s.yellow = s.due.AddDays(-2)
	switch i % 10 {
	case 0:
		s.status = casework.Submitted
		s.due, s.yellow = 0, 0
	case 1:
		s.status = casework.AwaitingCorrection
		s.due, s.yellow = 0, 0
	case 2, 3, 4, 5:
		s.status, s.accepted = casework.Accepted, &at
	default:
		s.status, s.accepted = casework.InReview, &at
	}
	s.suspended = s.accepted != nil && i%997 == 0
	return s
}

type scaleTask struct{ step, kind, role, status string }

func (s scaleState) tasks(dept string) []scaleTask {
	if s.accepted == nil {
		return nil
	}
	st := func(open bool) string {
		switch {
		case s.status == casework.Closed:
			return "done"
		case s.status == casework.Withdrawn:
			return "cancelled"
		case open:
			return "open"
		}
		return "waiting"
	}
	return []scaleTask{
		{"审查", "review", "approver", st(s.status == casework.Accepted)},
		{"决定", "decide", "approver", st(s.status == casework.InReview)},
		{"送达", "deliver", "certificate_officer", st(false)},
	}
}

// explain logs the query plan of q once, for the closing note.
func explain(b *testing.B, db *DB, q string, args ...any) {
	b.Helper()
	err := db.Read(context.Background(), func(tx *Tx) error {
		rows, err := tx.tx.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				return err
			}
			plan = append(plan, detail)
		}
		b.Logf("plan: %s", strings.Join(plan, " | "))
		return rows.Err()
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkScalePointRead is the baseline of the scale benchmarks: one case by number.
func BenchmarkScalePointRead(b *testing.B) {
	db := scaleDB(b)
	ctx := context.Background()
	number := ""
	if err := db.Read(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT number FROM cases WHERE status = 'in_review' LIMIT 1`).Scan(&number)
	}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := db.Read(ctx, func(tx *Tx) error { _, err := tx.FindCase(ctx, number); return err }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScaleRedList is the supervisor's ?light=red&department=scjg, one page of 50.
func BenchmarkScaleRedList(b *testing.B) {
	db := scaleDB(b)
	ctx := context.Background()
	f := casework.Filter{Scope: casework.Scope{All: true}, Statuses: casework.OpenStatuses, Light: casework.Red,
		Department: "scjg", Today: scaleToday, Page: paging.Request{Limit: 50}}
	var rows int
	for b.Loop() {
		if err := db.Read(ctx, func(tx *Tx) error {
			p, err := tx.FindCases(ctx, f)
			rows = len(p.Rows)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	if rows != 50 {
		b.Fatalf("the red list has %d rows, want a full page", rows)
	}
	explainCases(b, db, f)
}

// BenchmarkScaleApproverRedList is the same list as the department's approver sees it,
// through the scope that also admits cases the department has a task in.
func BenchmarkScaleApproverRedList(b *testing.B) {
	db := scaleDB(b)
	ctx := context.Background()
	f := casework.Filter{Scope: casework.Scope{Department: "scjg"}, Statuses: casework.OpenStatuses, Light: casework.Red,
		Department: "scjg", Today: scaleToday, Page: paging.Request{Limit: 50}}
	for b.Loop() {
		if err := db.Read(ctx, func(tx *Tx) error { _, err := tx.FindCases(ctx, f); return err }); err != nil {
			b.Fatal(err)
		}
	}
	explainCases(b, db, f)
}

func explainCases(b *testing.B, db *DB, f casework.Filter) {
	var w where
	w.scope(f.Scope)
	w.in("c.status", strs(f.Statuses))
	w.light(f.Light, f.Today)
	w.eq("c.department", f.Department)
	explain(b, db, `SELECT `+caseRowColumns+` FROM cases c WHERE `+w.sql()+` ORDER BY c.received_at DESC, c.number DESC LIMIT 51`, w.args...)
}

// BenchmarkScaleCounts is the supervisor's board: counts by department, hall, status and light.
func BenchmarkScaleCounts(b *testing.B) {
	db := scaleDB(b)
	ctx := context.Background()
	var total int
	for b.Loop() {
		total = 0
		if err := db.Read(ctx, func(tx *Tx) error {
			cs, err := tx.CountCases(ctx, casework.Scope{All: true}, scaleToday)
			for _, c := range cs {
				total += c.N
			}
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total), "cases")
	explain(b, db, `SELECT c.department, c.hall, c.status, c.promised_due, c.yellow_from, COUNT(*) FROM cases c
		WHERE `+liveSQL+` GROUP BY c.department, c.hall, c.status, c.promised_due, c.yellow_from`)
}

// BenchmarkScaleQueue is a department's task queue, red first, one page of 50.
func BenchmarkScaleQueue(b *testing.B) {
	db := scaleDB(b)
	ctx := context.Background()
	f := casework.TaskFilter{Role: access.Approver, Department: "scjg", Today: scaleToday, Page: paging.Request{Limit: 50}}
	var rows int
	for b.Loop() {
		if err := db.Read(ctx, func(tx *Tx) error {
			p, err := tx.FindTasks(ctx, f)
			rows = len(p.Rows)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	if rows != 50 {
		b.Fatalf("the queue has %d rows, want a full page", rows)
	}
	explain(b, db, `SELECT t.seq FROM case_tasks t JOIN cases c ON c.number = t.case_number WHERE `+openTasksOf[access.Approver]+`
		AND t.department = ? AND t.due < ? ORDER BY t.due, t.case_number, t.seq LIMIT 51`, "scjg", scaleToday.String())
}

// BenchmarkScaleSweepSelection is what one sweep reads: only the cases it may act on.
func BenchmarkScaleSweepSelection(b *testing.B) {
	db := scaleDB(b)
	ctx := context.Background()
	cr, err := casework.SweepOn(workday.Embedded(), scaleToday)
	if err != nil {
		b.Fatal(err)
	}
	var work int
	for b.Loop() {
		if err := db.Read(ctx, func(tx *Tx) error {
			w, err := tx.FindSweepWork(ctx, cr)
			work = len(w)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(work), "cases")
}
