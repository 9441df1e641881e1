package app

import (
	"context"

	"yiwang/internal/access"
	"yiwang/internal/casework"
)

// CaseDesk is a case as the staff who work it see it: the case itself (masked as
// the API shows it), the actions the viewer may take on it now (casework's
// Case.Allowed), and the tasks they may complete now.
type CaseDesk struct {
	Case        *CaseView
	Actions     []casework.Action
	Completable []casework.Task
	// MaterialTypes is the content type of each submitted file, by blob id: a
	// page shows an image or a PDF in place.
	MaterialTypes map[string]string
}

// Allows reports whether act is among the desk's actions.
func (d *CaseDesk) Allows(act casework.Action) bool {
	for _, a := range d.Actions {
		if a == act {
			return true
		}
	}
	return false
}

// CaseDesk returns a case its viewer may see, with what they may do to it now.
// Staff only: an applicant has their own page.
func (s *Service) CaseDesk(ctx context.Context, number string) (*CaseDesk, error) {
	a, err := access.Require(ctx, access.Clerk, access.Approver, access.CertificateOfficer, access.Supervisor)
	if err != nil {
		return nil, err
	}
	var c *casework.Case
	types := map[string]string{}
	if err := s.db.View(ctx, func(tx Tx) (err error) {
		if c, err = s.caseFor(ctx, tx, a, number); err != nil {
			return err
		}
		for _, m := range c.Materials {
			if m.Blob == "" || types[m.Blob] != "" {
				continue
			}
			b, err := tx.FindBlob(ctx, m.Blob)
			if err != nil {
				return err
			}
			types[m.Blob] = b.ContentType
		}
		return nil
	}); err != nil {
		return nil, err
	}
	v, err := s.view(c)
	if err != nil {
		return nil, err
	}
	return &CaseDesk{Case: v, Actions: c.Allowed(a), Completable: c.Completable(a), MaterialTypes: types}, nil
}

// Queue is a page of the viewer's queue (Tasks) with the counts of the whole queue
// by item and step, which its filters offer; both read in one transaction.
func (s *Service) Queue(ctx context.Context, q TaskQuery) (TaskList, []casework.QueueCount, error) {
	f, err := s.queueFilter(ctx, q)
	if err != nil {
		return TaskList{}, nil, err
	}
	var list TaskList
	var counts []casework.QueueCount
	err = s.db.View(ctx, func(tx Tx) (err error) {
		if list, err = findTasks(ctx, tx, f); err != nil {
			return err
		}
		counts, err = tx.CountQueue(ctx, f)
		return err
	})
	return list, counts, err
}
