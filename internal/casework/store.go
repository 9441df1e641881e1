package casework

import (
	"context"
	"time"

	"yiwang/internal/workday"
)

// Filter selects cases for staff lists; empty fields do not filter.
type Filter struct {
	Statuses    []Status
	Hall        string
	Department  string
	ApplicantID int64
	Item        string
	Limit       int
}

// Store is the storage of cases, implemented by the store package inside a transaction.
type Store interface {
	// NextCaseSeq returns the next sequence number of hall on day; numbers are never reused.
	NextCaseSeq(ctx context.Context, hall string, day workday.Date) (int, error)
	// CreateCase inserts c with Version 1; Conflict if its number exists.
	CreateCase(ctx context.Context, c *Case) error
	// FindCase returns NotFound if there is no case with number.
	FindCase(ctx context.Context, number string) (*Case, error)
	// UpdateCase saves c if it still has the version it was read with, and bumps the
	// version; Conflict (code concurrent_update) if someone else saved it first.
	UpdateCase(ctx context.Context, c *Case) error
	// FindCases returns cases matching f, most recently received first.
	FindCases(ctx context.Context, f Filter) ([]*Case, error)
	// ClaimIdempotencyKey claims a user's key for the request with requestHash. A new
	// key is claimed (claimed true): the request goes on to file its case and records
	// it with SetIdempotentCase in the same transaction. A key claimed before returns
	// the case its first request filed and that request's hash.
	ClaimIdempotencyKey(ctx context.Context, userID int64, key, requestHash string, now time.Time) (claimed bool, number, firstHash string, err error)
	// SetIdempotentCase records the case filed by the request that claimed key.
	SetIdempotentCase(ctx context.Context, userID int64, key, number string) error
}

// ApplicantStore is the storage of applicants.
type ApplicantStore interface {
	// CreateApplicant inserts a and sets its ID.
	CreateApplicant(ctx context.Context, a *Applicant, hasAccount bool, now time.Time) error
	// FindApplicant returns NotFound if there is no applicant id.
	FindApplicant(ctx context.Context, id int64) (*Applicant, error)
	// FindWindowApplicant returns the applicant without an online account that window
	// clerks filed for earlier with the same ID number or credit code; NotFound if none.
	FindWindowApplicant(ctx context.Context, a *Applicant) (*Applicant, error)
}
