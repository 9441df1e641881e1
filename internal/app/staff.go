package app

import (
	"context"

	"yiwang/internal/access"
	"yiwang/internal/audit"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
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
	// Item is the item version the case was filed under (its form's labels).
	Item *catalog.Item
	// Events is the case's audit trail, oldest first.
	Events []audit.Entry
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

// CaseDesk returns a case its viewer may see, with what they may do to it now,
// its item version and its audit trail, all read in one transaction. Staff only:
// an applicant has their own page.
func (s *Service) CaseDesk(ctx context.Context, number string) (*CaseDesk, error) {
	a, err := access.Require(ctx, access.Clerk, access.Approver, access.CertificateOfficer, access.Supervisor)
	if err != nil {
		return nil, err
	}
	var c *casework.Case
	var it *catalog.Item
	var events []audit.Entry
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
		if it, err = tx.FindItemVersion(ctx, c.Item, c.ItemVersion); err != nil {
			return err
		}
		events, err = allEvents(ctx, tx, c.Number)
		return err
	}); err != nil {
		return nil, err
	}
	v, err := s.view(c)
	if err != nil {
		return nil, err
	}
	return &CaseDesk{Case: v, Actions: c.Allowed(a), Completable: c.Completable(a), MaterialTypes: types, Item: it,
		Events: events}, nil
}

// allEvents reads a case's whole audit trail, a page at a time.
func allEvents(ctx context.Context, tx Tx, number string) ([]audit.Entry, error) {
	var out []audit.Entry
	var after audit.Position
	for {
		es, err := tx.FindAuditBySubject(ctx, caseSubject(number), after, paging.MaxLimit)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
		if len(es) < paging.MaxLimit {
			return out, nil
		}
		last := es[len(es)-1]
		after = audit.Position{Region: last.Region, Seq: last.Seq}
	}
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
