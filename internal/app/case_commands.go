package app

import (
	"bytes"
	"context"
	"encoding/json"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
)

// cmd is what a case command's domain call gets: the actor, the item version the
// case was filed under, the instant and calendar, and the transaction.
type cmd struct {
	ctx context.Context
	tx  Tx
	a   access.Actor
	it  *catalog.Item
	env casework.Env
}

// step is the domain call a case command makes.
type step func(c *casework.Case, x cmd) error

// command runs one case command and returns the case as its actor now sees it.
func (s *Service) command(ctx context.Context, number string, action casework.Action, reason string, fn step) (*CaseView, error) {
	c, _, err := s.apply(ctx, number, action, reason, fn)
	if err != nil {
		return nil, err
	}
	return s.view(c)
}

// apply runs one case command in one transaction: load the case (someone who may
// not see it gets NotFound), apply the domain rule, and, if that changed anything,
// save and record the audit entry with what changed and why.
func (s *Service) apply(ctx context.Context, number string, action casework.Action, reason string, fn step) (c *casework.Case, changed bool, err error) {
	a, err := access.Require(ctx)
	if err != nil {
		return nil, false, err
	}
	now := s.Now()
	env := casework.Env{Now: now, Cal: s.Calendar()}
	err = s.db.Update(ctx, func(tx Tx) error {
		c, err = s.caseFor(ctx, tx, a, number)
		if err != nil {
			return err
		}
		it, err := tx.FindItemVersion(ctx, c.Item, c.ItemVersion)
		if err != nil {
			return err
		}
		before := caseSnapshot(c)
		if err := fn(c, cmd{ctx, tx, a, it, env}); err != nil {
			return calendarErr(err)
		}
		after := caseSnapshot(c)
		if changed = !sameSnapshot(before, after); !changed {
			return nil // e.g. a sweep finding the dates where they were: nothing to record
		}
		c.UpdatedAt = now
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		return record(ctx, tx, a, now, event{region: c.Region, action: string(action),
			subject: caseSubject(c.Number), before: before, after: after, reason: reason})
	})
	return c, changed, err
}

// caseFor loads a case that a may see; one they may not see does not exist for them.
func (s *Service) caseFor(ctx context.Context, tx Tx, a access.Actor, number string) (*casework.Case, error) {
	c, err := tx.FindCase(ctx, number)
	if err != nil {
		return nil, err
	}
	if !casework.CanView(a, c) {
		return nil, apperr.NotFoundf("办件 %s 不存在", number)
	}
	return c, nil
}

// AcceptCase formally accepts a case.
func (s *Service) AcceptCase(ctx context.Context, number string, in casework.AcceptInput) (*CaseView, error) {
	return s.command(ctx, number, casework.Accept, in.Note, func(c *casework.Case, x cmd) error {
		return c.Accept(x.a, x.it, in, x.env)
	})
}

// AcceptCaseWithGaps accepts a case with materials to follow (容缺受理).
func (s *Service) AcceptCaseWithGaps(ctx context.Context, number string, in casework.AcceptWithGapsInput) (*CaseView, error) {
	return s.command(ctx, number, casework.AcceptWithGaps, in.Note, func(c *casework.Case, x cmd) error {
		return c.AcceptWithGaps(x.a, x.it, in, x.env)
	})
}

// RequestCorrection sends the one-time correction notice.
func (s *Service) RequestCorrection(ctx context.Context, number string, in casework.CorrectionInput) (*CaseView, error) {
	return s.command(ctx, number, casework.RequestCorrection, in.Note, func(c *casework.Case, x cmd) error {
		return c.RequestCorrection(x.a, x.it, in, x.env)
	})
}

// SupplementCase hands in missing materials.
func (s *Service) SupplementCase(ctx context.Context, number string, in casework.SupplementInput) (*CaseView, error) {
	return s.command(ctx, number, casework.Supplement, "", func(c *casework.Case, x cmd) error {
		if err := fillBlobs(x.ctx, x.tx, x.a, in.Materials, "materials"); err != nil {
			return err
		}
		return c.Supplement(x.a, x.it, in, x.env)
	})
}

// RefuseCase declines to accept a case.
func (s *Service) RefuseCase(ctx context.Context, number string, in casework.ReasonInput) (*CaseView, error) {
	return s.command(ctx, number, casework.Refuse, in.Reason, func(c *casework.Case, x cmd) error {
		return c.Refuse(x.a, in, x.env)
	})
}

// CompleteTask finishes the open review step.
func (s *Service) CompleteTask(ctx context.Context, number string, in casework.CompleteTaskInput) (*CaseView, error) {
	return s.command(ctx, number, casework.CompleteTask, in.Opinion, func(c *casework.Case, x cmd) error {
		return c.CompleteTask(x.a, in, x.env)
	})
}

// ApproveCase grants an application.
func (s *Service) ApproveCase(ctx context.Context, number string, in casework.DecisionInput) (*CaseView, error) {
	return s.command(ctx, number, casework.Approve, in.Reason, func(c *casework.Case, x cmd) error {
		return c.Approve(x.a, x.it, in, x.env)
	})
}

// DenyCase denies an application.
func (s *Service) DenyCase(ctx context.Context, number string, in casework.DecisionInput) (*CaseView, error) {
	return s.command(ctx, number, casework.Deny, in.Reason, func(c *casework.Case, x cmd) error {
		return c.Deny(x.a, x.it, in, x.env)
	})
}

// SuspendCase stops the clock.
func (s *Service) SuspendCase(ctx context.Context, number string, in casework.SuspendInput) (*CaseView, error) {
	return s.command(ctx, number, casework.Suspend, in.Note, func(c *casework.Case, x cmd) error {
		return c.Suspend(x.a, in, x.env)
	})
}

// ResumeCase restarts the clock.
func (s *Service) ResumeCase(ctx context.Context, number string) (*CaseView, error) {
	return s.command(ctx, number, casework.Resume, "", func(c *casework.Case, x cmd) error {
		return c.Resume(x.a, x.env)
	})
}

// ExtendCase extends the limit once.
func (s *Service) ExtendCase(ctx context.Context, number string, in casework.ExtendInput) (*CaseView, error) {
	return s.command(ctx, number, casework.Extend, in.Reason, func(c *casework.Case, x cmd) error {
		return c.Extend(x.a, in, x.env)
	})
}

// WithdrawCase ends a case at the applicant's request.
func (s *Service) WithdrawCase(ctx context.Context, number string, in casework.ReasonInput) (*CaseView, error) {
	return s.command(ctx, number, casework.Withdraw, in.Reason, func(c *casework.Case, x cmd) error {
		return c.Withdraw(x.a, in, x.env)
	})
}

func sameSnapshot(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}
