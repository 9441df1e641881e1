package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// ApplicantInput is the applicant a window clerk files for.
type ApplicantInput struct {
	Kind       casework.ApplicantKind `json:"kind"`
	Name       string                 `json:"name"`
	IDNumber   string                 `json:"id_number"`
	CreditCode string                 `json:"credit_code"`
	Phone      string                 `json:"phone"`
}

// SubmitRequest is a new application as sent by an applicant or a window clerk.
type SubmitRequest struct {
	Item      string                   `json:"item"`
	Applicant *ApplicantInput          `json:"applicant,omitempty"`
	Form      json.RawMessage          `json:"form,omitempty"`
	Materials []casework.MaterialInput `json:"materials"`
	Channel   casework.Channel         `json:"channel"`
}

// SubmitCase files a case. With an idempotency key, a retried request returns the
// case the first one created (replayed = true) instead of filing a second.
func (s *Service) SubmitCase(ctx context.Context, req SubmitRequest, idemKey string) (view *CaseView, replayed bool, err error) {
	a, err := access.Require(ctx, access.Applicant, access.Clerk)
	if err != nil {
		return nil, false, err
	}
	if req.Item == "" {
		return nil, false, apperr.Required("item")
	}
	if req.Channel == "" {
		req.Channel = casework.DefaultChannel(a.Role)
	}
	reqHash, err := hashRequest(req)
	if err != nil {
		return nil, false, err
	}
	now := s.Now()
	var c *casework.Case
	err = s.db.Update(ctx, func(tx Tx) error {
		if idemKey != "" {
			claimed, number, h, err := tx.ClaimIdempotencyKey(ctx, a.UserID, idemKey, reqHash, now)
			if err != nil {
				return err
			}
			if !claimed {
				if h != reqHash {
					return &apperr.Error{Kind: apperr.Conflict, Code: "idempotency_key_reused", Field: "Idempotency-Key",
						Message: "该幂等键已用于另一份不同的申请"}
				}
				replayed = true
				c, err = tx.FindCase(ctx, number)
				return err
			}
		}
		var ev casework.Event
		c, ev, err = s.submit(ctx, tx, a, req, now)
		if err != nil {
			return err
		}
		if idemKey != "" {
			if err := tx.SetIdempotentCase(ctx, a.UserID, idemKey, c.Number); err != nil {
				return err
			}
		}
		return s.recordCase(ctx, tx, a, now, c, ev)
	})
	var mismatch *nameMismatch
	if errors.As(err, &mismatch) {
		return nil, false, s.recordNameMismatch(ctx, a, mismatch)
	}
	if err != nil {
		return nil, false, err
	}
	v, err := s.view(c)
	return v, replayed, err
}

// nameMismatch is a window applicant filed under an ID number or credit code that
// is on file with another name.
type nameMismatch struct{ given casework.Applicant }

func (m *nameMismatch) Error() string { return m.answer().Error() }

func (m *nameMismatch) answer() *apperr.Error {
	return &apperr.Error{Kind: apperr.Invalid, Code: "name_mismatch", Field: "applicant.name",
		Message: "姓名与证件号码登记信息不一致"}
}

// recordNameMismatch audits a refused filing under another name, in a transaction
// of its own since the submission's rolled back, and returns the refusal. The entry
// holds what the clerk typed, the number masked; repeated entries show a clerk
// probing numbers.
func (s *Service) recordNameMismatch(ctx context.Context, a access.Actor, m *nameMismatch) error {
	now := s.Now()
	given := m.given.Masked()
	err := s.db.Update(ctx, func(tx Tx) error {
		return record(ctx, tx, a, now, event{region: s.cfg.Region, action: "applicant.name_mismatch",
			subject: "hall/" + a.Hall, after: snapshot(map[string]any{"kind": given.Kind, "name": given.Name,
				"id_number": given.IDNumber, "credit_code": given.CreditCode})})
	})
	if err != nil {
		return err
	}
	return m.answer()
}

func (s *Service) submit(ctx context.Context, tx Tx, a access.Actor, req SubmitRequest, now time.Time) (*casework.Case, casework.Event, error) {
	var none casework.Event
	it, err := publishedItem(ctx, tx, req.Item)
	if err != nil {
		return nil, none, err
	}
	if err := casework.CheckMaterialIDs(it, req.Materials, "materials"); err != nil {
		return nil, none, err
	}
	hall, err := s.filingHall(ctx, tx, a)
	if err != nil {
		return nil, none, err
	}
	applicant, err := s.caseApplicant(ctx, tx, a, req.Applicant, now)
	if err != nil {
		return nil, none, err
	}
	if err := fillBlobs(ctx, tx, a, req.Materials, "materials"); err != nil {
		return nil, none, err
	}
	day := workday.DateOf(now)
	seq, err := tx.NextCaseSeq(ctx, hall.Code, day)
	if err != nil {
		return nil, none, err
	}
	code, err := queryCode()
	if err != nil {
		return nil, none, err
	}
	c, ev, err := casework.New(a, casework.SubmitInput{
		Item: it, Hall: hall, Channel: req.Channel, Applicant: *applicant, Form: req.Form,
		Materials: req.Materials, QueryCode: code, Number: casework.FormatNumber(day, hall, seq),
	}, casework.Env{Now: now, Cal: s.Calendar()})
	if err != nil {
		return nil, none, err
	}
	c.UpdatedAt = now
	return c, ev, tx.CreateCase(ctx, c)
}

// publishedItem loads the version of code that a new case is filed under.
func publishedItem(ctx context.Context, tx Tx, code string) (*catalog.Item, error) {
	st, err := tx.FindItemState(ctx, code)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, apperr.Invalidf("item", "事项 %s 不存在", code)
	}
	if err != nil {
		return nil, err
	}
	v, err := casework.FilingVersion(st)
	if err != nil {
		return nil, err
	}
	return tx.FindItemVersion(ctx, code, v)
}

// filingHall is the clerk's own hall, or for online applications the first
// district hall of the region, which owns them.
func (s *Service) filingHall(ctx context.Context, tx Tx, a access.Actor) (*catalog.Hall, error) {
	if a.Role == access.Clerk {
		return tx.FindHall(ctx, a.Hall)
	}
	halls, err := tx.FindHalls(ctx)
	if err != nil {
		return nil, err
	}
	for _, h := range halls {
		if h.Region == s.cfg.Region && h.Kind == catalog.DistrictHall {
			return &h, nil
		}
	}
	return nil, apperr.New(apperr.Unavailable, "no_hall", "本区尚未设立政务服务中心，暂不能网上申请")
}

// caseApplicant is the logged-in applicant, or the one a clerk names: an earlier
// window applicant with the same ID is reused, otherwise one is created.
func (s *Service) caseApplicant(ctx context.Context, tx Tx, a access.Actor, in *ApplicantInput, now time.Time) (*casework.Applicant, error) {
	if a.Role == access.Applicant {
		if in != nil {
			return nil, apperr.Invalidf("applicant", "申请人只能为自己申请，不能填写 applicant")
		}
		return tx.FindApplicant(ctx, a.ApplicantID)
	}
	if in == nil {
		return nil, apperr.Required("applicant")
	}
	ap, err := newApplicant(in.Kind, in.Name, in.IDNumber, in.CreditCode, in.Phone)
	if err != nil {
		return nil, prefixField(err, "applicant")
	}
	found, err := tx.FindWindowApplicant(ctx, ap)
	if err == nil {
		if found.Name != ap.Name {
			// The name on file is not quoted: a clerk of any hall could otherwise
			// learn it for any ID number by filing it under another name.
			return nil, &nameMismatch{given: *ap}
		}
		found.Phone = ap.Phone // the case records the phone given today
		return found, nil
	}
	if apperr.KindOf(err) != apperr.NotFound {
		return nil, err
	}
	return ap, tx.CreateApplicant(ctx, ap, false, now)
}

// fillBlobs looks up each material file, which must be one the actor uploaded.
func fillBlobs(ctx context.Context, tx Tx, a access.Actor, ms []casework.MaterialInput, field string) error {
	for i := range ms {
		m := &ms[i]
		if m.Blob == "" {
			continue
		}
		f := fmt.Sprintf("%s[%d].blob", field, i)
		mine, err := tx.BlobUploadedBy(ctx, m.Blob, a.UserID)
		if err != nil {
			return err
		}
		if !mine {
			return apperr.Invalidf(f, "文件 %s 不存在，请先上传", m.Blob)
		}
		b, err := tx.FindBlob(ctx, m.Blob)
		if err != nil {
			return err
		}
		m.ContentType, m.Size = b.ContentType, b.Size
	}
	return nil
}

func hashRequest(req SubmitRequest) (string, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// queryCode is the 8-digit code printed on the receipt, with which anyone holding
// the receipt may look the case's progress up without logging in.
func queryCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%08d", n.Int64()), nil
}

func caseSubject(number string) string { return "case/" + number }
