package store

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// mustCreateCase stores a submitted case numbered number, with what it refers to.
func mustCreateCase(tb testing.TB, db *DB, number string) {
	tb.Helper()
	ctx := context.Background()
	now := time.Date(2026, 2, 9, 9, 0, 0, 0, workday.Beijing)
	err := db.InTx(ctx, func(tx *Tx) error {
		if err := tx.UpsertDepartment(ctx, &catalog.Department{Code: "scjg", Name: "市场监管"}); err != nil {
			return err
		}
		if _, err := tx.FindHall(ctx, "h"); apperr.KindOf(err) == apperr.NotFound {
			if err := tx.CreateHall(ctx, &catalog.Hall{Code: "h", Name: "大厅", Kind: catalog.DistrictHall, Region: "370211", Seq: 1}); err != nil {
				return err
			}
		}
		if err := tx.SaveItemState(ctx, catalog.State{Code: "i", Latest: 1, Published: 1}); err != nil {
			return err
		}
		it := &catalog.Item{Code: "i", Name: "事项", Department: "scjg", Version: 1, Status: catalog.Published, UpdatedAt: now}
		if err := tx.SaveItemVersion(ctx, it); err != nil {
			return err
		}
		a := &casework.Applicant{Kind: casework.Person, Name: "张三", Phone: "13800000000"}
		if err := tx.CreateApplicant(ctx, a, false, now); err != nil {
			return err
		}
		return tx.CreateCase(ctx, &casework.Case{Number: number, Region: "370211", Hall: "h", Department: "scjg", Item: "i",
			ItemVersion: 1, Applicant: *a, Status: casework.Submitted, ReceivedAt: now, UpdatedAt: now})
	})
	if err != nil {
		tb.Fatal(err)
	}
}

type claim struct {
	claimed           bool
	number, firstHash string
}

func claimKey(t *testing.T, tx *Tx, userID int64, key, hash string) claim {
	t.Helper()
	c, n, h, err := tx.ClaimIdempotencyKey(context.Background(), userID, key, hash, auditNow)
	if err != nil {
		t.Fatal(err)
	}
	return claim{c, n, h}
}

// TestClaimIdempotencyKey: the first request claims a key; a later one finds the
// case the first filed and the first request's hash, whatever its own.
func TestClaimIdempotencyKey(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	mustCreateCase(t, db, "n1")
	err := db.InTx(ctx, func(tx *Tx) error {
		if got := claimKey(t, tx, 7, "k", "hash-a"); !got.claimed {
			t.Errorf("new key: got %+v, want claimed", got)
		}
		// Until its case is recorded the claim is in progress, even to itself.
		if _, _, _, err := tx.ClaimIdempotencyKey(ctx, 7, "k", "hash-a", auditNow); !apperr.Is(err, "idempotency_key_in_use") {
			t.Errorf("claim in progress: got %v", err)
		}
		return tx.SetIdempotentCase(ctx, 7, "k", "n1")
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		for _, tc := range []struct {
			name   string
			userID int64
			key    string
			hash   string
			want   claim
		}{
			{"same request again", 7, "k", "hash-a", claim{false, "n1", "hash-a"}},
			{"another request, same key", 7, "k", "hash-b", claim{false, "n1", "hash-a"}},
			{"another user's key", 8, "k", "hash-a", claim{true, "", "hash-a"}},
		} {
			if got := claimKey(t, tx, tc.userID, tc.key, tc.hash); got != tc.want {
				t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestIdempotencyMigrationKeepsKeys: keys stored before case_number became nullable
// still replay their case.
func TestIdempotencyMigrationKeepsKeys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", dsn(path, SyncFull, false, false))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(sqliteMigrations, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO departments (code, name) VALUES ('d', '部门')`,
		`INSERT INTO halls (code, name, kind, region, seq) VALUES ('h', '大厅', 'district', '370211', 1)`,
		`INSERT INTO items (code, latest_version, published_version) VALUES ('i', 1, 1)`,
		`INSERT INTO item_versions (code, version, status, name, department, data, updated_at) VALUES ('i', 1, 'published', '事项', 'd', '{}', 't')`,
		`INSERT INTO applicants (id, kind, name, phone, created_at) VALUES (1, 'person', '张三', '1', 't')`,
		`INSERT INTO cases (number, region, hall, department, item_code, item_version, applicant_id, status, received_at, version, updated_at, data)
			VALUES ('n1', '370211', 'h', 'd', 'i', 1, 1, 'submitted', 't', 1, 't', '{}')`,
		`INSERT INTO idempotency_keys (user_id, key, request_hash, case_number, created_at) VALUES (7, 'k', 'hash-a', 'n1', 't')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err := Open(ctx, "sqlite:"+path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.InTx(ctx, func(tx *Tx) error {
		if got, want := claimKey(t, tx, 7, "k", "hash-b"), (claim{false, "n1", "hash-a"}); got != want {
			t.Errorf("migrated key: got %+v, want %+v", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
