package app

import (
	"context"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/audit"
	"yiwang/internal/blob"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/notify"
	"yiwang/internal/workday"
)

// Tx is everything a command may read or write, inside one transaction: the Store
// interfaces the domain packages own, plus the holiday years loaded.
type Tx interface {
	catalog.Store
	casework.Store
	casework.ApplicantStore
	access.Store
	audit.Store
	blob.Store
	notify.Store
	// FindCalendarYears returns the years an administrator loaded.
	FindCalendarYears(ctx context.Context) ([]workday.YearFile, error)
	SaveCalendarYear(ctx context.Context, y workday.YearFile, by string, now time.Time) error
	// OnCommit registers fn to run once the transaction has committed, and never
	// if it rolls back.
	OnCommit(fn func())
	// Ping runs a cheap query that reads the database, for the readiness probe.
	Ping(ctx context.Context) error
}

// Database runs commands and queries in transactions.
type Database interface {
	// Update runs fn in a write transaction, committed only if fn returns nil.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only snapshot.
	View(ctx context.Context, fn func(Tx) error) error
}

// Clock gives the current instant. The demo's clock starts at a chosen instant and
// runs forward from there; production uses the system clock.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real time, in Beijing.
type SystemClock struct{}

// Now returns the current instant in Beijing time.
func (SystemClock) Now() time.Time { return time.Now().In(workday.Beijing) }

// OffsetClock runs forward from Start as real time passes since it was created.
type OffsetClock struct {
	start time.Time
	began time.Time
}

// NewOffsetClock returns a clock that reads start now.
func NewOffsetClock(start time.Time) *OffsetClock {
	return &OffsetClock{start: start, began: time.Now()}
}

// Now returns the start instant plus the real time elapsed since.
func (c *OffsetClock) Now() time.Time {
	return c.start.Add(time.Since(c.began)).In(workday.Beijing)
}
