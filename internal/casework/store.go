package casework

import (
	"context"
	"errors"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// Filter selects cases for a list; empty fields do not filter. Every filter,
// the light included, is applied before the page is cut.
type Filter struct {
	Scope      Scope
	Statuses   []Status
	Light      Light
	Hall       string
	Department string // the department that owns the case
	Item       string
	Channel    Channel
	Parent     string
	// Today is the day lights are computed for.
	Today workday.Date
	// Oldest lists the longest-waiting first (a hall's queue); else newest first.
	Oldest bool
	Page   paging.Request
}

// CaseRow is one row of a case list: what the columns hold, without the document.
type CaseRow struct {
	Number      string
	Item        string
	ItemName    string
	ApplicantID int64
	Applicant   string
	Hall        string
	Department  string
	Channel     Channel
	Status      Status
	ReceivedAt  time.Time
	AcceptedAt  *time.Time
	DecidedAt   *time.Time
	ClosedAt    *time.Time
	PromisedDue workday.Date
	LegalDue    workday.Date
	YellowFrom  workday.Date
	Provisional bool
	Suspended   bool
	Parent      string
}

// Light returns the row's light on today, or "" when no clock runs.
func (r CaseRow) Light(today workday.Date) Light {
	if !r.Status.clockRunning() || r.PromisedDue == 0 {
		return ""
	}
	return LightOn(today, r.PromisedDue, r.YellowFrom)
}

// Clock returns the row's clock on today from its stored dates, or nil when no
// clock runs: the light is the one the list's SQL filtered on.
func (r CaseRow) Clock(cal *workday.Calendar, today workday.Date) (*Clock, error) {
	light := r.Light(today)
	if light == "" {
		return nil, nil
	}
	cal = ProvisionalCalendar(cal, today)
	left, err := DaysLeft(cal, today, r.PromisedDue)
	if err != nil {
		return nil, err
	}
	legalLeft, err := DaysLeft(cal, today, r.LegalDue)
	if err != nil {
		return nil, err
	}
	return &Clock{Light: light, DaysLeft: left, LegalDaysLeft: legalLeft, LegalOverdue: today > r.LegalDue,
		Suspended: r.Suspended, Provisional: r.Provisional}, nil
}

// CaseCursor is the sort key of a case list: most recently received first.
type CaseCursor struct {
	ReceivedAt time.Time `json:"r"`
	Number     string    `json:"n"`
}

// Count is the number of cases of one department and hall in one status and light.
type Count struct {
	Department string `json:"department"`
	Hall       string `json:"hall"`
	Status     Status `json:"status"`
	Light      Light  `json:"light,omitempty"`
	N          int    `json:"count"`
}

// TaskFilter selects the open tasks of a queue, sorted red first, then yellow, then
// blue, and by due date.
type TaskFilter struct {
	// Role is whose steps they are: approvers' (review, inspection, decision,
	// post-check) or certificate officers' (issue and delivery).
	Role       access.Role
	Department string
	Hall       string // the case's hall: a certificate officer's queue
	Light      Light
	Item       string // the case's item code
	Step       string // the task's step name
	Today      workday.Date
	Page       paging.Request
}

// TaskRow is one task of a queue, with what the queue shows of its case.
type TaskRow struct {
	Task
	Case      string
	Item      string
	ItemName  string
	Applicant string
	Hall      string
}

// QueueCount is the number of a queue's tasks of one step of one item.
type QueueCount struct {
	Item, ItemName, Step string
	N                    int
}

// Light returns the task's light on today (none while it has no due date).
func (r TaskRow) Light(today workday.Date) Light { return LightOn(today, r.Due, r.YellowFrom) }

// TaskCursor is the sort key of a task queue.
type TaskCursor struct {
	Light int          `json:"l"`
	Due   workday.Date `json:"d"`
	Case  string       `json:"c"`
	Seq   int          `json:"s"`
}

// LightRank orders lights for queues: red first.
func LightRank(l Light) int {
	switch l {
	case Red:
		return 0
	case Yellow:
		return 1
	}
	return 2
}

// SweepWork is a case the sweep may act on, and what it may do.
type SweepWork struct {
	Number string
	Action Action
}

// SweepCriteria say which cases the sweep acts on as of one day.
type SweepCriteria struct {
	// DeemReceivedBefore: a case still submitted that was received before this day
	// has waited more than five working days (Art. 32).
	DeemReceivedBefore workday.Date
	// Of the watched cases (Case.Watched), the sweep refreshes those whose dates
	// were never computed, the suspended ones whose dates were computed before
	// Today, and the provisional ones computed with an official calendar that
	// ended before OfficialThrough (the calendar now in force).
	Today           workday.Date
	OfficialThrough workday.Date
}

// SweepOn returns the sweep's criteria on today.
func SweepOn(cal *workday.Calendar, today workday.Date) (SweepCriteria, error) {
	// Art. 32 counts by the official calendar only: a provisional one would count
	// an unannounced holiday as a working day and deem a case accepted too soon.
	before, err := cal.YellowFrom(today, DeemedAcceptanceDays)
	if errors.Is(err, workday.ErrOutOfRange) {
		before, err = 0, nil
	}
	if err != nil {
		return SweepCriteria{}, err
	}
	ys := cal.Years()
	return SweepCriteria{DeemReceivedBefore: before, Today: today,
		OfficialThrough: workday.MakeDate(ys[len(ys)-1], time.December, 31)}, nil
}

// Store is the storage of cases, implemented by the store package inside a transaction.
type Store interface {
	// NextCaseSeq returns the next sequence number of hall on day; numbers are never reused.
	NextCaseSeq(ctx context.Context, hall string, day workday.Date) (int, error)
	// CreateCase inserts c and its tasks with Version 1; Conflict if its number exists.
	CreateCase(ctx context.Context, c *Case) error
	// FindCase returns the case with its tasks; NotFound if there is no case with number.
	FindCase(ctx context.Context, number string) (*Case, error)
	// FindChildCases returns the child cases of parent, in number order.
	FindChildCases(ctx context.Context, parent string) ([]*Case, error)
	// UpdateCase saves c and its changed tasks if c still has the version it was read
	// with, and bumps the version; Conflict (code concurrent_update) if someone else
	// saved it first.
	UpdateCase(ctx context.Context, c *Case) error
	// FindCases returns one page of the cases matching f, most recently received first.
	FindCases(ctx context.Context, f Filter) (paging.Page[CaseRow], error)
	// CountCases counts the cases within scope that are not finished (closed,
	// refused or withdrawn), by department, hall, status and light on today.
	CountCases(ctx context.Context, scope Scope, today workday.Date) ([]Count, error)
	// FindTasks returns one page of the tasks matching f.
	FindTasks(ctx context.Context, f TaskFilter) (paging.Page[TaskRow], error)
	// CountQueue counts the tasks of f's queue by item and step, whatever f's light,
	// item and step: the choices of the queue's filters.
	CountQueue(ctx context.Context, f TaskFilter) ([]QueueCount, error)
	// FindSweepWork returns the cases the sweep may act on under c.
	FindSweepWork(ctx context.Context, c SweepCriteria) ([]SweepWork, error)
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
	// ClaimAccountHolder records that a's ID number or credit code has the online
	// account userID; the error of ErrAlreadyRegistered if it has one already.
	ClaimAccountHolder(ctx context.Context, a *Applicant, userID int64) error
	// FindApplicant returns NotFound if there is no applicant id.
	FindApplicant(ctx context.Context, id int64) (*Applicant, error)
	// FindWindowApplicant returns the applicant without an online account that window
	// clerks filed for earlier with the same ID number or credit code; NotFound if none.
	FindWindowApplicant(ctx context.Context, a *Applicant) (*Applicant, error)
}
