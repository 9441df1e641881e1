package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/audit"
	"yiwang/internal/blob"
	"yiwang/internal/workday"
)

// Config is what the service needs besides its collaborators.
type Config struct {
	// Region is the 行政区划代码 of catalog-wide events (items, accounts, calendar).
	Region string
	// SessionTTL is how long a login lasts.
	SessionTTL time.Duration
	// AnonymousSearches is how many searches by visitors not logged in may run at
	// once (default 2), so that they never hold every read connection; further
	// ones wait for a place for up to SearchWait (default 10 s), then are refused
	// as throttled.
	AnonymousSearches int
	SearchWait        time.Duration
}

// Service runs the use cases.
type Service struct {
	db    Database
	blobs *blob.Dir
	clock Clock
	cfg   Config
	log   *slog.Logger
	cal   atomic.Pointer[workday.Calendar]
	// limits throttle anonymous attempts (log-in, look-up, registration, search).
	limits *limits
	// sessions are the sessions recently found valid (sessions.go).
	sessions *sessionCache
	// search admits the anonymous searches (catalog.go).
	search *searchGate
	// searching, set by tests only, is called by an anonymous search inside its
	// read transaction.
	searching func()
}

// New returns a service and loads the working-day calendar: the embedded years,
// replaced or extended by those the administrator loaded.
func New(ctx context.Context, db Database, blobs *blob.Dir, clock Clock, cfg Config, log *slog.Logger) (*Service, error) {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.AnonymousSearches <= 0 {
		cfg.AnonymousSearches = 2
	}
	if cfg.SearchWait <= 0 {
		cfg.SearchWait = 10 * time.Second
	}
	s := &Service{db: db, blobs: blobs, clock: clock, cfg: cfg, log: log, limits: newLimits(),
		sessions: newSessionCache(), search: newSearchGate(cfg.AnonymousSearches)}
	return s, s.ReloadCalendar(ctx)
}

// Now returns the service's current instant, to the whole second. Every instant a
// command records comes from here, so one event has one instant wherever it is
// read: in a command's answer, the case, the audit trail, or a later read from a
// database that keeps less than nanoseconds (PostgreSQL keeps microseconds). A
// second is what the legal record and the receipt show; events within one second
// are ordered by the audit sequence and case numbers, never by their instants.
func (s *Service) Now() time.Time { return s.clock.Now().Truncate(time.Second) }

// Calendar returns the working-day calendar in force.
func (s *Service) Calendar() *workday.Calendar { return s.cal.Load() }

// ReloadCalendar rebuilds the calendar from the embedded years and the stored ones.
func (s *Service) ReloadCalendar(ctx context.Context) error {
	var stored []workday.YearFile
	if err := s.db.View(ctx, func(tx Tx) (err error) {
		stored, err = tx.FindCalendarYears(ctx)
		return err
	}); err != nil {
		return err
	}
	cal := workday.Embedded()
	for _, y := range stored {
		var err error
		if cal, err = cal.With(y); err != nil {
			return err
		}
	}
	s.cal.Store(cal)
	return nil
}

// event is what a command records in the audit trail.
type event struct {
	region  string
	action  string
	subject string
	before  map[string]json.RawMessage
	after   map[string]json.RawMessage
	reason  string
}

// record appends ev to the audit trail as done by actor at now, inside tx.
func record(ctx context.Context, tx Tx, actor access.Actor, now time.Time, ev event) error {
	before, after, err := audit.Diff(ev.before, ev.after)
	if err != nil {
		return err
	}
	e := &audit.Entry{
		Region: ev.region, At: now, ActorID: actor.UserID, Actor: actor.Username, ActorName: actor.Name,
		Role: string(actor.Role), Action: ev.action, Subject: ev.subject,
		Before: before, After: after, Reason: ev.reason,
	}
	return tx.AppendAudit(ctx, e)
}

// snapshot encodes v and splits it into its top-level fields: a copy that a later
// change to v does not touch, cheap to compare field by field.
func snapshot(v any) map[string]json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}
