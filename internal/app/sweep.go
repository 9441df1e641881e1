package app

import (
	"context"
	"errors"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/workday"
)

// SweepResult counts what one sweep did.
type SweepResult struct {
	DeemedAccepted int
	Refreshed      int
}

// Sweep does the time-driven work as of the clock's now: Art. 32 deemed acceptance
// of cases left in submitted too long, moving the dates of suspended cases,
// replacing provisional dates once the year's notice is loaded, forgetting
// expired sessions and removing the temporary files of interrupted uploads. casework decides which cases are due (SweepOn) and the store
// reads only those. Each case is its own transaction, re-read inside it, so a
// sweep racing a clerk (or another instance's sweep) acts once or not at all.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	if err := s.ReloadCalendar(ctx); err != nil {
		return res, err
	}
	if err := s.db.Update(ctx, func(tx Tx) error { return tx.DeleteExpiredSessions(ctx, s.Now()) }); err != nil {
		return res, err
	}
	// File times are the machine's, not the service clock's (the demo's runs ahead).
	if _, err := s.blobs.RemoveStaleUploads(time.Now()); err != nil {
		return res, err
	}
	ctx = access.NewContext(ctx, access.SystemActor)
	criteria, err := casework.SweepOn(s.Calendar(), workday.DateOf(s.Now()))
	if err != nil {
		return res, calendarErr(err)
	}
	var work []casework.SweepWork
	if err := s.db.View(ctx, func(tx Tx) (err error) {
		work, err = tx.FindSweepWork(ctx, criteria)
		return err
	}); err != nil {
		return res, err
	}
	var errs []error
	for _, w := range work {
		fn, count := sweepSteps[w.Action], &res.Refreshed
		if w.Action == casework.DeemAccept {
			count = &res.DeemedAccepted
		}
		_, changed, err := s.apply(ctx, w.Number, fn)
		if apperr.KindOf(err) == apperr.Conflict {
			err = nil // someone acted on the case first: nothing is left to do
		}
		errs = append(errs, err)
		if changed {
			*count++
		}
	}
	return res, errors.Join(errs...)
}

var sweepSteps = map[casework.Action]step{
	casework.DeemAccept: func(c *casework.Case, x cmd) (casework.Event, error) { return c.DeemAccept(x.it, x.env) },
	casework.RefreshDeadlines: func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.RefreshDeadlines(x.env)
	},
}
