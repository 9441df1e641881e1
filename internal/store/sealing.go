package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/civicid"
	"yiwang/internal/sealed"
)

// With a data key the personal columns are sealed: applicants' ID number, credit
// code and phone, the case document (which repeats the applicant and holds the
// form), and account_holders' number, which keeps only the blind index. Names stay
// clear: lists and search show and sort by them.
//
// Each sealed value is bound to its place, so that one cannot be copied into
// another column, or a case's document into another case.
const (
	placeIDNumber   = "applicants.id_number"
	placeCreditCode = "applicants.credit_code"
	placePhone      = "applicants.phone"
	placeKeyCheck   = "settings." + keyCheckSetting
	holderDomain    = "holder number"
)

func placeCase(number string) string { return "cases.data/" + number }

// keyCheckSetting holds a value sealed with the key at its first use, so that a
// later start with another key, or none, is refused before it reads anything.
const (
	keyCheckSetting = "data_key_check"
	keyCheckText    = "yiwang data key"
)

var errNoDataKey = errors.New("store: the database holds personal data sealed with a data key: " +
	"start with --data-key FILE, the key it was sealed with")

var errWrongDataKey = errors.New("store: --data-key is not the key this database was sealed with")

// cols seals and opens the personal columns; without a key (nil) it stores them
// clear, as before keys existed.
type cols struct{ key *sealed.Key }

func (c cols) seal(place, v string) string {
	if c.key == nil || v == "" {
		return v
	}
	return c.key.Seal(place, v)
}

// open reads a column that may hold clear text written before a key was given, or
// a sealed value. A sealed value that does not open is an error, never garbage.
func (c cols) open(place, v string) (string, error) {
	if !sealed.IsSealed(v) {
		return v, nil
	}
	if c.key == nil {
		return "", errNoDataKey
	}
	p, err := c.key.Open(place, v)
	if err != nil {
		return "", fmt.Errorf("store: %s: %w", place, err)
	}
	return p, nil
}

// holder is how a's ID number or credit code is stored where it is looked up by
// equality: its blind index with a key, as is without; "" if a has none.
func (c cols) holder(a *casework.Applicant) string {
	number := a.IDNumber.Full()
	if a.Kind == casework.Organisation {
		number = string(a.CreditCode)
	}
	if c.key == nil || number == "" {
		return number
	}
	return c.key.Index(holderDomain, number)
}

// checkDataKey refuses a key other than the one the database was sealed with, and
// a start without a key once one was used. At a key's first use it seals the rows
// written before, so that the database holds no personal value in clear from then
// on.
func (db *DB) checkDataKey(ctx context.Context) error {
	return db.InTx(ctx, func(tx *Tx) error {
		stored, err := tx.Setting(ctx, keyCheckSetting)
		switch {
		case apperr.KindOf(err) == apperr.NotFound:
			if tx.cols.key == nil {
				return nil
			}
			if err := tx.SetSetting(ctx, keyCheckSetting, tx.cols.seal(placeKeyCheck, keyCheckText)); err != nil {
				return err
			}
			return tx.sealClearRows(ctx)
		case err != nil:
			return err
		case tx.cols.key == nil:
			return errNoDataKey
		}
		if v, err := tx.cols.open(placeKeyCheck, stored); err != nil || v != keyCheckText {
			return errWrongDataKey
		}
		return nil
	})
}

// sealBatch bounds how many rows sealClearRows holds in memory at once.
const sealBatch = 500

// sealClearRows seals the personal columns of every row written without a key.
// Rows are read a batch at a time, then rewritten, since the transaction's one
// connection cannot write while it is still reading.
func (tx *Tx) sealClearRows(ctx context.Context) error {
	if err := tx.sealClearApplicants(ctx); err != nil {
		return err
	}
	if err := tx.sealClearHolders(ctx); err != nil {
		return err
	}
	return tx.sealClearCases(ctx)
}

func (tx *Tx) sealClearApplicants(ctx context.Context) error {
	for after := int64(0); ; {
		rows, err := tx.query(ctx, `SELECT `+applicantColumns+` FROM applicants WHERE id > ? ORDER BY id LIMIT ?`, after, sealBatch)
		if err != nil {
			return err
		}
		var as []*casework.Applicant
		for rows.Next() {
			a, err := tx.scanApplicant(rows)
			if err != nil {
				rows.Close()
				return err
			}
			as = append(as, a)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil || len(as) == 0 {
			return err
		}
		for _, a := range as {
			_, err := tx.exec(ctx, `UPDATE applicants SET id_number = ?, credit_code = ?, phone = ?, number_index = ? WHERE id = ?`,
				nullString(tx.cols.seal(placeIDNumber, a.IDNumber.Full())), nullString(tx.cols.seal(placeCreditCode, string(a.CreditCode))),
				tx.cols.seal(placePhone, a.Phone), nullString(tx.cols.holder(a)), a.ID)
			if err != nil {
				return err
			}
			after = a.ID
		}
	}
}

func (tx *Tx) sealClearHolders(ctx context.Context) error {
	rows, err := tx.query(ctx, `SELECT kind, number FROM account_holders`)
	if err != nil {
		return err
	}
	var clear []*casework.Applicant
	for rows.Next() {
		var kind casework.ApplicantKind
		var number string
		if err := rows.Scan(&kind, &number); err != nil {
			rows.Close()
			return err
		}
		if strings.HasPrefix(number, sealed.IndexPrefix) {
			continue
		}
		a := &casework.Applicant{Kind: kind}
		if kind == casework.Organisation {
			a.CreditCode = civicid.CreditCode(number)
		} else {
			a.IDNumber = civicid.IDNumber(number)
		}
		clear = append(clear, a)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, a := range clear {
		number := a.IDNumber.Full() + string(a.CreditCode)
		if _, err := tx.exec(ctx, `UPDATE account_holders SET number = ? WHERE kind = ? AND number = ?`,
			tx.cols.holder(a), a.Kind, number); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) sealClearCases(ctx context.Context) error {
	for after := ""; ; {
		rows, err := tx.query(ctx, `SELECT number, data FROM cases WHERE number > ? ORDER BY number LIMIT ?`, after, sealBatch)
		if err != nil {
			return err
		}
		var numbers, docs []string
		for rows.Next() {
			var number, data string
			if err := rows.Scan(&number, &data); err != nil {
				rows.Close()
				return err
			}
			numbers, docs = append(numbers, number), append(docs, data)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil || len(numbers) == 0 {
			return err
		}
		for i, number := range numbers {
			after = number
			if sealed.IsSealed(docs[i]) {
				continue
			}
			if _, err := tx.exec(ctx, `UPDATE cases SET data = ? WHERE number = ?`,
				tx.cols.seal(placeCase(number), docs[i]), number); err != nil {
				return err
			}
		}
	}
}
