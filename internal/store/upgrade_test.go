package store

import (
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/blob"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// foundationCase is a case as the foundation's schema kept it: columns and one JSON
// document holding everything, the tasks included.
type foundationCase struct {
	number, status           string
	promisedDue, legalDue    sql.NullString
	accepted                 sql.NullString
	pending                  bool
	tasks                    []foundationTask
	applicantID, itemVersion int
}

type foundationTask struct {
	Seq    int    `json:"seq"`
	Step   string `json:"step"`
	Role   string `json:"role"`
	Status string `json:"status"`
	Due    string `json:"due"`
	DoneBy string `json:"done_by"`
}

// TestUpgradeFoundationDataDirectory opens a data directory that the foundation's
// demo made (testdata/foundation-demo.db.gz, seeded on 2026-12-21 by the code before
// the case model) and checks that the migration keeps every case, task, date and
// audit entry, and that the audit chain still verifies.
func TestUpgradeFoundationDataDirectory(t *testing.T) {
	dir := t.TempDir()
	unpack(t, "testdata/foundation-demo.db.gz", filepath.Join(dir, "yiwang.db"))
	ctx := context.Background()
	old, auditRows := readFoundation(t, filepath.Join(dir, "yiwang.db"))
	if len(old) < 10 {
		t.Fatalf("the fixture holds %d cases; it should hold the whole demo", len(old))
	}

	db, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Read(ctx, func(tx *Tx) error {
		for _, o := range old {
			c, err := tx.FindCase(ctx, o.number)
			if err != nil {
				return err
			}
			checkUpgradedCase(t, o, c)
		}
		if err := checkUpgradedItems(ctx, t, tx); err != nil {
			return err
		}
		if err := pageCertificateQueue(ctx, t, tx, old, workday.MakeDate(2026, 12, 21)); err != nil {
			return err
		}
		rep, err := tx.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if !rep.OK || rep.Entries != int64(auditRows) {
			t.Errorf("audit after the upgrade: ok %v, %d entries, want %d: %+v", rep.OK, rep.Entries, auditRows, rep.Problems)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sweepAfterUpgrade(t, db, old)
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// sweepAfterUpgrade runs the first sweep of the upgraded server: it gives every
// running case its yellow day, and the cases whose dates were pending a provisional
// date, each recorded in a still verifying audit trail.
func sweepAfterUpgrade(t *testing.T, db *DB, old []foundationCase) {
	ctx := context.Background()
	now := time.Date(2026, 12, 21, 11, 0, 0, 0, workday.Beijing)
	blobs, err := blob.NewDir(filepath.Join(t.TempDir(), "blobs"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := app.New(ctx, db, blobs, fixedClock(now), app.Config{Region: "370211"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.Read(ctx, func(tx *Tx) error {
		for _, o := range old {
			c, err := tx.FindCase(ctx, o.number)
			if err != nil {
				return err
			}
			running := c.Status == casework.Accepted || c.Status == casework.InReview
			switch {
			case running && (c.YellowFrom == 0 || c.PromisedDue == 0 || c.LegalDue == 0):
				t.Errorf("%s after the sweep: due %v legal %v yellow %v", c.Number, c.PromisedDue, c.LegalDue, c.YellowFrom)
			case running && o.pending && !c.Provisional:
				t.Errorf("%s: pending dates did not become provisional", c.Number)
			case c.Watched() && !c.Suspended() && !c.Provisional:
				t.Errorf("%s (%s) is still watched after the sweep", c.Number, c.Status)
			}
			for _, tk := range c.Tasks {
				if tk.Status == casework.TaskOpen && (tk.Due == 0 || tk.YellowFrom == 0) {
					t.Errorf("%s task %d (%s) is open without dates after the sweep: due %v yellow %v",
						c.Number, tk.Seq, tk.Step, tk.Due, tk.YellowFrom)
				}
			}
		}
		rep, err := tx.VerifyAudit(ctx)
		if err == nil && !rep.OK {
			t.Errorf("audit after the first sweep: %+v", rep.Problems)
		}
		if err != nil {
			return err
		}
		return pageCertificateQueue(ctx, t, tx, old, workday.DateOf(now))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkUpgradedItems: every item version has typed steps that pass validation.
func checkUpgradedItems(ctx context.Context, t *testing.T, tx *Tx) error {
	rows, err := tx.query(ctx, `SELECT code, version FROM item_versions`)
	if err != nil {
		return err
	}
	type key struct {
		code    string
		version int
	}
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.code, &k.version); err != nil {
			return err
		}
		keys = append(keys, k)
	}
	rows.Close()
	for _, k := range keys {
		it, err := tx.FindItemVersion(ctx, k.code, k.version)
		if err != nil {
			return err
		}
		if err := it.Validate(); err != nil {
			t.Errorf("item %s v%d after the upgrade: %v (%+v)", k.code, k.version, err, it.Procedure)
		}
	}
	if len(keys) < 24 {
		t.Errorf("%d item versions, want the demo's 24", len(keys))
	}
	return nil
}

// pageCertificateQueue pages the hall's certificate queue one task at a time: it
// ends, and holds every dated open issue and delivery task of the upgraded cases
// once (before the first sweep, the foundation left some undated).
func pageCertificateQueue(ctx context.Context, t *testing.T, tx *Tx, old []foundationCase, today workday.Date) error {
	want := map[string]bool{}
	for _, o := range old {
		c, err := tx.FindCase(ctx, o.number)
		if err != nil {
			return err
		}
		for _, tk := range c.Tasks {
			if tk.Status == casework.TaskOpen && tk.Role == access.CertificateOfficer && c.Hall == "hall-district" && tk.Due != 0 {
				want[fmt.Sprintf("%s/%d", c.Number, tk.Seq)] = true
			}
		}
	}
	got := map[string]bool{}
	f := casework.TaskFilter{Role: access.CertificateOfficer, Hall: "hall-district", Today: today, Page: paging.Request{Limit: 1}}
	for range 100 {
		p, err := tx.FindTasks(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range p.Rows {
			k := fmt.Sprintf("%s/%d", r.Case, r.Seq)
			if got[k] {
				t.Fatalf("the certificate queue gives %s twice", k)
			}
			got[k] = true
		}
		if !p.More {
			break
		}
		f.Page.Cursor = p.Next
	}
	if len(want) == 0 || !maps.Equal(got, want) {
		t.Errorf("certificate queue %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	return nil
}

func checkUpgradedCase(t *testing.T, o foundationCase, c *casework.Case) {
	t.Helper()
	if string(c.Status) != o.status || c.Applicant.ID != int64(o.applicantID) || c.ItemVersion != o.itemVersion {
		t.Errorf("%s: status %s applicant %d version %d, want %s %d %d", o.number, c.Status, c.Applicant.ID, c.ItemVersion,
			o.status, o.applicantID, o.itemVersion)
	}
	if got := dateString(c.PromisedDue); got != o.promisedDue.String {
		t.Errorf("%s: promised due %q, want %q", o.number, got, o.promisedDue.String)
	}
	if got := dateString(c.LegalDue); got != o.legalDue.String {
		t.Errorf("%s: legal due %q, want %q", o.number, got, o.legalDue.String)
	}
	if (c.AcceptedAt != nil) != o.accepted.Valid || c.Provisional != o.pending {
		t.Errorf("%s: accepted %v provisional %v, want accepted %v provisional %v", o.number, c.AcceptedAt, c.Provisional,
			o.accepted.Valid, o.pending)
	}
	dated := slices.Contains([]casework.Status{casework.Accepted, casework.InReview, casework.Approved, casework.Issued,
		casework.Denied}, c.Status)
	if c.Watched() != dated {
		t.Errorf("%s (%s): watched %v: the first sweep must date every case with a clock or steps after its decision",
			o.number, c.Status, c.Watched())
	}
	if len(c.Tasks) != len(o.tasks) {
		t.Fatalf("%s: %d tasks, want %d", o.number, len(c.Tasks), len(o.tasks))
	}
	for i, ot := range o.tasks {
		nt := c.Tasks[i]
		if nt.Seq != ot.Seq || nt.Step != ot.Step || string(nt.Status) != ot.Status || string(nt.Role) != ot.Role ||
			dateString(nt.Due) != ot.Due || nt.DoneBy != ot.DoneBy || nt.Department != c.Department {
			t.Errorf("%s task %d: %+v, want %+v", o.number, i, nt, ot)
		}
	}
	// The foundation's last review step was the decision.
	var decides int
	for _, nt := range c.Tasks {
		if nt.Kind == "decide" {
			decides++
		}
	}
	if len(c.Tasks) > 0 && decides != 1 {
		t.Errorf("%s: %d decision tasks, want 1: %+v", o.number, decides, c.Tasks)
	}
}

func dateString(d workday.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func unpack(t *testing.T, src, dst string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// readFoundation reads the cases and the number of audit entries with the
// foundation's schema, before anything migrates it.
func readFoundation(t *testing.T, path string) ([]foundationCase, int) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if v, err := goose.GetDBVersion(raw); err != nil || v != 1 {
		t.Fatalf("fixture schema version %d (%v), want the foundation's 1", v, err)
	}
	rows, err := raw.Query(`SELECT number, status, promised_due, legal_due, applicant_id, item_version, data FROM cases ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cases []foundationCase
	for rows.Next() {
		var c foundationCase
		var data string
		if err := rows.Scan(&c.number, &c.status, &c.promisedDue, &c.legalDue, &c.applicantID, &c.itemVersion, &data); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			AcceptedAt *string          `json:"accepted_at"`
			Pending    bool             `json:"dates_pending"`
			Tasks      []foundationTask `json:"tasks"`
		}
		if err := json.Unmarshal([]byte(data), &doc); err != nil {
			t.Fatal(err)
		}
		c.accepted = sql.NullString{Valid: doc.AcceptedAt != nil}
		c.pending, c.tasks = doc.Pending, doc.Tasks
		cases = append(cases, c)
	}
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM audit_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return cases, n
}
