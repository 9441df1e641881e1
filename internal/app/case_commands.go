package app

import (
	"context"
	"encoding/json"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/audit"
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

// step is the domain call a case command makes; it returns what it did.
type step func(c *casework.Case, x cmd) (casework.Event, error)

// command runs one case command and returns the case as its actor now sees it.
func (s *Service) command(ctx context.Context, number string, fn step) (*CaseView, error) {
	c, _, err := s.apply(ctx, number, fn)
	if err != nil {
		return nil, err
	}
	return s.view(c)
}

// apply runs one case command in one transaction: load the case (someone who may
// not see it gets NotFound), apply the domain rule, and, if the event it returns
// changed anything, save the case and record the event in the audit trail.
func (s *Service) apply(ctx context.Context, number string, fn step) (c *casework.Case, changed bool, err error) {
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
		ev, err := fn(c, cmd{ctx, tx, a, it, env})
		if err != nil {
			return calendarErr(err)
		}
		if ev.SaveOnly {
			return tx.UpdateCase(ctx, c) // bookkeeping only: nothing to record
		}
		if changed = ev.Changed(); !changed {
			return nil // e.g. a sweep finding the dates where they were: nothing to record
		}
		c.UpdatedAt = now
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		return s.recordCase(ctx, tx, a, now, c, ev)
	})
	return c, changed, err
}

// recordCase appends a case event to the audit trail, with the message it gives the
// applicant (tellApplicant), and logs it once committed.
func (s *Service) recordCase(ctx context.Context, tx Tx, a access.Actor, now time.Time, c *casework.Case, ev casework.Event) error {
	before, after := map[string]any{}, map[string]any{}
	for _, ch := range ev.Changes {
		if ch.Before != nil {
			before[ch.Field] = ch.Before
		}
		after[ch.Field] = ch.After
	}
	b, err := json.Marshal(before)
	if err != nil {
		return err
	}
	af, err := json.Marshal(after)
	if err != nil {
		return err
	}
	if err := s.tellApplicant(ctx, tx, now, c, ev); err != nil {
		return err
	}
	e := &audit.Entry{Region: c.Region, At: now, ActorID: a.UserID, Actor: a.Username, ActorName: a.Name,
		Role: string(a.Role), Action: string(ev.Action), Subject: caseSubject(c.Number), Before: b, After: af,
		Reason: ev.Reason}
	if err := tx.AppendAudit(ctx, e); err != nil {
		return err
	}
	number, action, status := c.Number, ev.Action, c.Status
	tx.OnCommit(func() {
		s.log.Debug("case event", "case", number, "action", action, "status", status, "actor", a.Username)
	})
	return nil
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
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Accept(x.a, x.it, in, x.env)
	})
}

// AcceptCaseWithGaps accepts a case with materials to follow (容缺受理).
func (s *Service) AcceptCaseWithGaps(ctx context.Context, number string, in casework.AcceptWithGapsInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.AcceptWithGaps(x.a, x.it, in, x.env)
	})
}

// RequestCorrection sends the one-time correction notice.
func (s *Service) RequestCorrection(ctx context.Context, number string, in casework.CorrectionInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.RequestCorrection(x.a, x.it, in, x.env)
	})
}

// SupplementCase hands in missing materials.
func (s *Service) SupplementCase(ctx context.Context, number string, in casework.SupplementInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		if err := casework.CheckMaterialIDs(x.it, in.Materials, "materials"); err != nil {
			return casework.Event{}, err
		}
		if err := fillBlobs(x.ctx, x.tx, x.a, in.Materials, "materials"); err != nil {
			return casework.Event{}, err
		}
		return c.Supplement(x.a, x.it, in, x.env)
	})
}

// RefuseCase declines to accept a case.
func (s *Service) RefuseCase(ctx context.Context, number string, in casework.ReasonInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Refuse(x.a, in, x.env)
	})
}

// CompleteTask finishes an open task of the actor's department.
func (s *Service) CompleteTask(ctx context.Context, number string, in casework.CompleteTaskInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.CompleteTask(x.a, in, x.env)
	})
}

// ApproveCase grants an application.
func (s *Service) ApproveCase(ctx context.Context, number string, in casework.DecisionInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Approve(x.a, x.it, in, x.env)
	})
}

// DenyCase denies an application.
func (s *Service) DenyCase(ctx context.Context, number string, in casework.DecisionInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Deny(x.a, x.it, in, x.env)
	})
}

// SuspendCase stops the clock.
func (s *Service) SuspendCase(ctx context.Context, number string, in casework.SuspendInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Suspend(x.a, in, x.env)
	})
}

// ResumeCase restarts the clock.
func (s *Service) ResumeCase(ctx context.Context, number string) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Resume(x.a, x.env)
	})
}

// ExtendCase extends the limit once.
func (s *Service) ExtendCase(ctx context.Context, number string, in casework.ExtendInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Extend(x.a, in, x.env)
	})
}

// WithdrawCase ends a case at the applicant's request.
func (s *Service) WithdrawCase(ctx context.Context, number string, in casework.ReasonInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Withdraw(x.a, in, x.env)
	})
}

// IssueCase records that an approved case's certificate was made (制证).
func (s *Service) IssueCase(ctx context.Context, number string, in casework.IssueInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Issue(x.a, in, x.env)
	})
}

// DeliverCase records the delivery of the decision (送达), which closes the case.
func (s *Service) DeliverCase(ctx context.Context, number string, in casework.DeliverInput) (*CaseView, error) {
	return s.command(ctx, number, func(c *casework.Case, x cmd) (casework.Event, error) {
		return c.Deliver(x.a, in, x.env)
	})
}
