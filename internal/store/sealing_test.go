package store

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/civicid"
	"yiwang/internal/sealed"
	"yiwang/internal/workday"
)

const (
	sealedID    = "370211199001011234"
	sealedPhone = "13912345678"
	sealedCode  = "91370211MA3C0ABC12"
	heldID      = "370211198505055678"
)

func dataKey(t *testing.T, fill byte) *sealed.Key {
	t.Helper()
	k, err := sealed.New(bytes.Repeat([]byte{fill}, sealed.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// rawBytes is everything SQLite has written for path: the file and its WAL.
func rawBytes(t *testing.T, path string) []byte {
	t.Helper()
	var all []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// fillPersonal stores, as the services do, a window applicant (person), a window
// organisation, an applicant with an online account holding heldID, and a case
// filed for the first one whose form repeats the ID number.
func fillPersonal(t *testing.T, db *DB, number string) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 2, 9, 9, 0, 0, 0, workday.Beijing)
	err := db.InTx(ctx, func(tx *Tx) error {
		if _, err := seedOneItem(ctx, tx, now); err != nil {
			return err
		}
		p := &casework.Applicant{Kind: casework.Person, Name: "李四", IDNumber: sealedID, Phone: sealedPhone}
		if err := tx.CreateApplicant(ctx, p, false, now); err != nil {
			return err
		}
		o := &casework.Applicant{Kind: casework.Organisation, Name: "某公司", CreditCode: sealedCode, Phone: "053200000000"}
		if err := tx.CreateApplicant(ctx, o, false, now); err != nil {
			return err
		}
		h := &casework.Applicant{Kind: casework.Person, Name: "王五", IDNumber: heldID, Phone: "13700000000"}
		if err := tx.CreateApplicant(ctx, h, true, now); err != nil {
			return err
		}
		u := &access.User{Username: "wangwu", Name: "王五", Role: access.Applicant, ApplicantID: h.ID, PasswordHash: "x", CreatedAt: now}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.ClaimAccountHolder(ctx, h, u.ID); err != nil {
			return err
		}
		form, _ := json.Marshal(map[string]string{"agent_id_number": sealedID})
		return tx.CreateCase(ctx, &casework.Case{Number: number, Region: "370211", Hall: "h", Department: "scjg", Item: "i",
			ItemVersion: 1, Applicant: *p, Form: form, Status: casework.Submitted, ReceivedAt: now, UpdatedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkPersonal reads back through the store what fillPersonal stored.
func checkPersonal(t *testing.T, db *DB, number string) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *Tx) error {
		c, err := tx.FindCase(ctx, number)
		if err != nil {
			return err
		}
		if c.Applicant.IDNumber.Full() != sealedID || c.Applicant.Phone != sealedPhone || !strings.Contains(string(c.Form), sealedID) {
			t.Errorf("case read back: %+v form %s", c.Applicant, c.Form)
		}
		a, err := tx.FindApplicant(ctx, c.Applicant.ID)
		if err != nil {
			return err
		}
		if a.IDNumber.Full() != sealedID || a.Phone != sealedPhone || a.Name != "李四" {
			t.Errorf("applicant read back: %+v", a)
		}
		w, err := tx.FindWindowApplicant(ctx, &casework.Applicant{Kind: casework.Person, IDNumber: sealedID})
		if err != nil || w.ID != a.ID {
			t.Errorf("window applicant by ID number: %+v %v, want %d", w, err, a.ID)
		}
		w, err = tx.FindWindowApplicant(ctx, &casework.Applicant{Kind: casework.Organisation, CreditCode: sealedCode})
		if err != nil || w.CreditCode != sealedCode {
			t.Errorf("window organisation by credit code: %+v %v", w, err)
		}
		if _, err := tx.FindWindowApplicant(ctx, &casework.Applicant{Kind: casework.Person, IDNumber: heldID}); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("an applicant with an account found as a window applicant: %v", err)
		}
		err = tx.ClaimAccountHolder(ctx, &casework.Applicant{Kind: casework.Person, IDNumber: heldID}, 1)
		if e := apperr.As(err); e == nil || e.Code != "already_registered" {
			t.Errorf("a second account for a held ID number: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSealedAtRest: with a data key, the ID numbers, credit code and phone numbers
// appear nowhere in the database's files, yet read back whole, window applicants
// are found by their number and one account per number still holds.
func TestSealedAtRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yiwang.db")
	db, err := Open(context.Background(), "sqlite:"+path, Options{DataKey: dataKey(t, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fillPersonal(t, db, "n1")
	checkPersonal(t, db, "n1")
	raw := rawBytes(t, path)
	for _, clear := range []string{sealedID, sealedPhone, sealedCode, heldID} {
		if bytes.Contains(raw, []byte(clear)) {
			t.Errorf("%s is in the database's files in clear", clear)
		}
	}
	if !bytes.Contains(raw, []byte("李四")) {
		t.Errorf("the applicant's name, kept clear for lists, is not in the files: is this the database?")
	}
}

// TestDataKeyMismatch: a database sealed with one key refuses to open with another
// or with none, naming the flag, rather than serving what it cannot read.
func TestDataKeyMismatch(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yiwang.db")
	db, err := Open(ctx, "sqlite:"+path, Options{DataKey: dataKey(t, 1)})
	if err != nil {
		t.Fatal(err)
	}
	fillPersonal(t, db, "n1")
	db.Close()
	for name, key := range map[string]*sealed.Key{"another key": dataKey(t, 2), "no key": nil} {
		db, err := Open(ctx, "sqlite:"+path, Options{DataKey: key})
		if err == nil {
			db.Close()
			t.Errorf("%s: opened", name)
			continue
		}
		if !strings.Contains(err.Error(), "--data-key") {
			t.Errorf("%s: %v, want it to name --data-key", name, err)
		}
	}
	db, err = Open(ctx, "sqlite:"+path, Options{DataKey: dataKey(t, 1)})
	if err != nil {
		t.Fatalf("the right key after the wrong ones: %v", err)
	}
	defer db.Close()
	checkPersonal(t, db, "n1")
}

// TestDataKeyLater: a database that ran without a key keeps its rows readable once
// a key is given; its personal values are sealed then, and so are new ones.
func TestDataKeyLater(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yiwang.db")
	db, err := Open(ctx, "sqlite:"+path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fillPersonal(t, db, "n1")
	db.Close()
	if !bytes.Contains(rawBytes(t, path), []byte(sealedID)) {
		t.Fatal("without a key the ID number should be stored clear")
	}

	db, err = Open(ctx, "sqlite:"+path, Options{DataKey: dataKey(t, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkPersonal(t, db, "n1")
	const newID = "370211200002023456"
	err = db.InTx(ctx, func(tx *Tx) error {
		a := &casework.Applicant{Kind: casework.Person, Name: "赵六", IDNumber: newID, Phone: "13600000000"}
		if err := tx.CreateApplicant(ctx, a, false, time.Now()); err != nil {
			return err
		}
		found, err := tx.FindWindowApplicant(ctx, &casework.Applicant{Kind: casework.Person, IDNumber: civicid.IDNumber(newID)})
		if err != nil || found.ID != a.ID || found.IDNumber.Full() != newID {
			t.Errorf("new applicant: %+v %v", found, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	raw := rawBytes(t, path)
	for _, clear := range []string{sealedID, sealedPhone, sealedCode, heldID, newID} {
		if bytes.Contains(raw, []byte(clear)) {
			t.Errorf("%s is still in the database's files in clear after the key was given", clear)
		}
	}
}
