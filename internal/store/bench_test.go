package store

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/blob"
	"yiwang/internal/casework"
	"yiwang/internal/demo"
	"yiwang/internal/workday"
)

type benchClock struct{ t time.Time }

func (c *benchClock) Now() time.Time { return c.t }

// openBench opens a database in a temporary directory with the production settings.
func openBench(b *testing.B) *DB {
	b.Helper()
	db, err := Open(context.Background(), b.TempDir(), Options{Sync: benchSync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// rawInsert is the baseline: one single-row INSERT transaction on the same pool and
// pragmas the service uses.
func rawInsert(ctx context.Context, db *DB, payload string) error {
	return db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO bench_rows (data) VALUES (?)`, payload)
		return err
	})
}

// BenchmarkRawInsertTx is the baseline for BenchmarkSubmitAccept.
func BenchmarkRawInsertTx(b *testing.B) {
	db := openBench(b)
	ctx := context.Background()
	if err := db.Exec(ctx, `CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, data TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	payload := string(make([]byte, 2048))
	b.ResetTimer()
	for b.Loop() {
		if err := rawInsert(ctx, db, payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubmitAccept files a window case and accepts it through the service: two
// commands, each one transaction with its audit entry.
func BenchmarkSubmitAccept(b *testing.B) {
	db := openBench(b)
	ctx := context.Background()
	clock := &benchClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, workday.Beijing)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := b.TempDir()
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"), 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	seed := &demo.Seeder{DB: db, Blobs: blobs, Region: "370211", Password: "bench-password", Log: log}
	if err := seed.SetupAt(ctx, clock.t.Add(-time.Hour)); err != nil {
		b.Fatal(err)
	}
	svc, err := app.New(ctx, db, blobs, clock, app.Config{Region: "370211"}, log)
	if err != nil {
		b.Fatal(err)
	}
	clerk, err := svc.UserByUsername(ctx, "clerk")
	if err != nil {
		b.Fatal(err)
	}
	cctx := access.NewContext(ctx, clerk.Actor())
	req := app.SubmitRequest{Item: "370211-XK-0001", Applicant: &app.ApplicantInput{Kind: casework.Person, Name: "李四",
		IDNumber: "37021119900721404X", Phone: "13800000003"}}
	for _, id := range []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7"} {
		req.Materials = append(req.Materials, casework.MaterialInput{Material: id, Paper: true})
	}
	it, err := svc.Item(cctx, req.Item, 0)
	if err != nil {
		b.Fatal(err)
	}
	req.Form = demo.SampleForm(it, "")
	b.ResetTimer()
	for b.Loop() {
		clock.t = clock.t.Add(time.Millisecond)
		v, _, err := svc.SubmitCase(cctx, req, "")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.AcceptCase(cctx, v.Number, casework.AcceptInput{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSync is FULL, the production default; YIWANG_BENCH_SYNC=NORMAL takes the
// fsync out, to compare the commands' own work.
var benchSync = func() Sync {
	if os.Getenv("YIWANG_BENCH_SYNC") == "NORMAL" {
		return SyncNormal
	}
	return SyncFull
}()
