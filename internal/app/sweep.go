package app

import (
	"context"
	"errors"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/workday"
)

// SweepResult counts what one sweep did.
type SweepResult struct {
	DeemedAccepted int
	Refreshed      int
}

// Sweep does the time-driven work as of the clock's now: Art. 32 deemed acceptance
// of cases left in submitted too long, moving the dates of suspended cases, and
// forgetting expired sessions. Each
// case is its own transaction, re-read inside it, so a sweep racing a clerk (or
// another instance's sweep) acts once or not at all.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	if err := s.ReloadCalendar(ctx); err != nil {
		return res, err
	}
	if err := s.db.Update(ctx, func(tx Tx) error { return tx.DeleteExpiredSessions(ctx, s.Now()) }); err != nil {
		return res, err
	}
	ctx = access.NewContext(ctx, access.SystemActor)
	var cases []*casework.Case
	err := s.db.View(ctx, func(tx Tx) (err error) {
		cases, err = tx.FindCases(ctx, casework.Filter{Statuses: []casework.Status{casework.Submitted, casework.Accepted, casework.InReview}, Limit: -1})
		return err
	})
	if err != nil {
		return res, err
	}
	today := workday.DateOf(s.Now())
	var errs []error
	for _, c := range cases {
		switch {
		case c.Status == casework.Submitted:
			due, err := c.DeemedAcceptanceDue(s.Calendar(), today)
			if err != nil || !due {
				errs = append(errs, err)
				continue
			}
			_, changed, err := s.apply(ctx, c.Number, casework.DeemAccept, "《行政许可法》第三十二条：收到申请材料之日起五个工作日内未一次性告知补正，自收到材料之日起即为受理",
				func(c *casework.Case, x cmd) error { return c.DeemAccept(x.it, x.env) })
			errs = append(errs, err)
			if changed {
				res.DeemedAccepted++
			}
		case c.DatesPending || c.Suspended():
			_, changed, err := s.apply(ctx, c.Number, casework.RefreshDeadlines, "暂停计时期间顺延期限",
				func(c *casework.Case, x cmd) error { return c.RefreshDeadlines(x.env) })
			errs = append(errs, err)
			if changed {
				res.Refreshed++
			}
		}
	}
	return res, errors.Join(errs...)
}
