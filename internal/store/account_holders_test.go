package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/civicid"
)

// TestUpgradeKeepsDuplicateAccounts: a database from before one account per ID
// number may hold two accounts for one number. The upgrade keeps both working, the
// oldest holds the number, and a third registration for it is refused.
func TestUpgradeKeepsDuplicateAccounts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "yiwang.db")
	unpack(t, "testdata/foundation-demo.db.gz", path)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var idNumber string
	var first int64
	if err := raw.QueryRow(`SELECT a.id_number, u.id FROM users u JOIN applicants a ON a.id = u.applicant_id
		WHERE a.id_number IS NOT NULL ORDER BY u.id LIMIT 1`).Scan(&idNumber, &first); err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`INSERT INTO applicants (id, kind, name, id_number, phone, has_account, created_at)
			VALUES (9001, 'person', '同号者', ?, '13800000099', 1, '2026-12-01T00:00:00Z');
		INSERT INTO users (id, username, name, role, applicant_id, password_hash, created_at)
			VALUES (9001, 'samenumber', '同号者', 'applicant', 9001, 'x', '2026-12-01T00:00:00Z')`, idNumber)
	if err != nil {
		t.Fatal(err)
	}
	raw.Close()

	ctx := context.Background()
	db, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatalf("upgrade with two accounts for one number: %v", err)
	}
	defer db.Close()
	var holder int64
	if err := db.read.QueryRow(`SELECT user_id FROM account_holders WHERE kind = 'person' AND number = ?`, idNumber).Scan(&holder); err != nil || holder != first {
		t.Errorf("holder of the number: %d, %v; want the oldest account %d", holder, err, first)
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.FindUserByUsername(ctx, "samenumber"); err != nil {
			return err
		}
		a := &casework.Applicant{Kind: casework.Person, IDNumber: civicid.IDNumber(idNumber)}
		if err := tx.ClaimAccountHolder(ctx, a, 9001); apperr.As(err) == nil || apperr.As(err).Code != "already_registered" {
			t.Errorf("a claim on a held number: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
