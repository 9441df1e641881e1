package app

import (
	"context"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
)

// The online hall's questions on the applicant's behalf: may this be filed as it
// stands, and what may I do with my case now. Both answer by the rules the
// commands themselves apply, so that a page offers only what would be done.

// CheckApplication checks an application as SubmitCase would file it, without
// filing it: the item is published, every material is the item's, once, in a file
// the actor uploaded of a type and size it accepts, and the form fits the item's
// definition. Every problem is answered at once (invalid_fields). The applicant's
// own record and the hall are left to SubmitCase.
func (s *Service) CheckApplication(ctx context.Context, req SubmitRequest) error {
	a, err := access.Require(ctx, access.Applicant, access.Clerk)
	if err != nil {
		return err
	}
	if req.Channel == "" {
		req.Channel = casework.DefaultChannel(a.Role)
	}
	return s.db.View(ctx, func(tx Tx) error {
		it, err := publishedItem(ctx, tx, req.Item)
		if err != nil {
			return err
		}
		if err := casework.CheckMaterialIDs(it, req.Materials, "materials"); err != nil {
			return err
		}
		ms := append([]casework.MaterialInput(nil), req.Materials...)
		if err := fillBlobs(ctx, tx, a, ms, "materials"); err != nil {
			return err
		}
		return casework.CheckSubmission(it, req.Channel, ms, req.Form, s.Now())
	})
}

// CaseDetail is a case as its viewer sees it, with the item version it was filed
// under and the actions of casework.Actions the viewer may take on it now.
type CaseDetail struct {
	*CaseView
	Item    *catalog.Item
	Actions []casework.Action
}

// CaseDetail returns a case its viewer may see, with its item version (a case keeps
// the version it was filed under, superseded or not) and what the viewer may do
// with it now (casework.Case.May).
func (s *Service) CaseDetail(ctx context.Context, number string) (*CaseDetail, error) {
	a, err := access.Require(ctx)
	if err != nil {
		return nil, err
	}
	var c *casework.Case
	var it *catalog.Item
	err = s.db.View(ctx, func(tx Tx) (err error) {
		if c, err = s.caseFor(ctx, tx, a, number); err != nil {
			return err
		}
		it, err = tx.FindItemVersion(ctx, c.Item, c.ItemVersion)
		return err
	})
	if err != nil {
		return nil, err
	}
	d := &CaseDetail{Item: it}
	for _, act := range casework.Actions {
		if c.May(a, act) {
			d.Actions = append(d.Actions, act)
		}
	}
	d.CaseView, err = s.view(c)
	return d, err
}
