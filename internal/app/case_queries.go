package app

import (
	"context"
	"slices"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/audit"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// Case returns a case its viewer may see.
func (s *Service) Case(ctx context.Context, number string) (*CaseView, error) {
	a, err := access.Require(ctx)
	if err != nil {
		return nil, err
	}
	var c *casework.Case
	err = s.db.View(ctx, func(tx Tx) (err error) {
		c, err = s.caseFor(ctx, tx, a, number)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.view(c)
}

// CaseQuery filters a list of cases; empty fields do not filter.
type CaseQuery struct {
	Statuses   []casework.Status
	Light      casework.Light
	Department string
	Hall       string
	Item       string
	Channel    casework.Channel
	Parent     string
	Page       paging.Request
}

// CaseSummary is one row of a case list.
type CaseSummary struct {
	Number       string           `json:"number"`
	Item         string           `json:"item"`
	ItemName     string           `json:"item_name"`
	Applicant    string           `json:"applicant"`
	Hall         string           `json:"hall"`
	Department   string           `json:"department"`
	Channel      casework.Channel `json:"channel"`
	Status       casework.Status  `json:"status"`
	Parent       string           `json:"parent,omitempty"`
	ReceivedAt   time.Time        `json:"received_at"`
	AcceptedAt   *time.Time       `json:"accepted_at"`
	DecidedAt    *time.Time       `json:"decided_at,omitempty"`
	ClosedAt     *time.Time       `json:"closed_at,omitempty"`
	DueDate      *workday.Date    `json:"due_date"`
	LegalDueDate *workday.Date    `json:"legal_due_date"`
	Provisional  bool             `json:"provisional"`
	*casework.Clock
}

// CaseList is one page of cases.
type CaseList struct {
	Cases      []CaseSummary `json:"cases"`
	NextCursor string        `json:"next_cursor,omitempty"`
	HasMore    bool          `json:"has_more"`
}

// Cases lists one page of the cases within the viewer's scope (casework.ScopeOf).
// Without a status filter the cases waiting for a decision are listed.
func (s *Service) Cases(ctx context.Context, q CaseQuery) (CaseList, error) {
	a, err := access.Require(ctx, access.Applicant, access.Clerk, access.Approver, access.CertificateOfficer, access.Supervisor)
	if err != nil {
		return CaseList{}, err
	}
	if err := validateCaseQuery(q); err != nil {
		return CaseList{}, err
	}
	today := workday.DateOf(s.Now())
	f := casework.Filter{Scope: casework.ScopeOf(a), Statuses: q.Statuses, Light: q.Light, Hall: q.Hall,
		Department: q.Department, Item: q.Item, Channel: q.Channel, Parent: q.Parent, Today: today, Page: q.Page}
	if len(f.Statuses) == 0 {
		f.Statuses = casework.OpenStatuses
	}
	if err := f.Scope.Narrow(f); err != nil {
		return CaseList{}, err
	}
	var page paging.Page[casework.CaseRow]
	if err := s.db.View(ctx, func(tx Tx) (err error) {
		page, err = tx.FindCases(ctx, f)
		return err
	}); err != nil {
		return CaseList{}, err
	}
	list := CaseList{Cases: make([]CaseSummary, 0, len(page.Rows)), NextCursor: page.Next, HasMore: page.More}
	for _, r := range page.Rows {
		clock, err := r.Clock(s.Calendar(), today)
		if err != nil {
			return CaseList{}, calendarErr(err)
		}
		list.Cases = append(list.Cases, CaseSummary{Number: r.Number, Item: r.Item, ItemName: r.ItemName,
			Applicant: r.Applicant, Hall: r.Hall, Department: r.Department, Channel: r.Channel, Status: r.Status,
			Parent: r.Parent, ReceivedAt: r.ReceivedAt, AcceptedAt: r.AcceptedAt, DecidedAt: r.DecidedAt,
			ClosedAt: r.ClosedAt, DueDate: datePtr(r.PromisedDue), LegalDueDate: datePtr(r.LegalDue),
			Provisional: r.Provisional, Clock: clock})
	}
	return list, nil
}

func validateCaseQuery(q CaseQuery) error {
	switch q.Light {
	case "", casework.Blue, casework.Yellow, casework.Red:
	default:
		return apperr.BadParameterf("light", "灯色须为 blue、yellow 或 red")
	}
	for _, st := range q.Statuses {
		if !slices.Contains(casework.Statuses, st) {
			return apperr.BadParameterf("status", "未知的办件状态 %s", st)
		}
	}
	switch q.Channel {
	case "", casework.Online, casework.Window, casework.Kiosk:
	default:
		return apperr.BadParameterf("channel", "渠道须为 online、window 或 kiosk")
	}
	return nil
}

// CaseCounts counts the cases within the viewer's scope that are not finished, by
// department, hall, status and light: the supervisor's board, from one query.
func (s *Service) CaseCounts(ctx context.Context) ([]casework.Count, error) {
	a, err := access.Require(ctx, access.Clerk, access.Approver, access.CertificateOfficer, access.Supervisor)
	if err != nil {
		return nil, err
	}
	var counts []casework.Count
	err = s.db.View(ctx, func(tx Tx) (err error) {
		counts, err = tx.CountCases(ctx, casework.ScopeOf(a), workday.DateOf(s.Now()))
		return err
	})
	return counts, err
}

// CaseEvents returns a case's audit trail, a page at a time in order, to those who
// may see the case.
func (s *Service) CaseEvents(ctx context.Context, number string, pr paging.Request) (paging.Page[audit.Entry], error) {
	a, err := access.Require(ctx)
	if err != nil {
		return paging.Page[audit.Entry]{}, err
	}
	var after audit.Position
	if _, err := pr.Decode(&after); err != nil {
		return paging.Page[audit.Entry]{}, err
	}
	var es []audit.Entry
	err = s.db.View(ctx, func(tx Tx) error {
		if _, err := s.caseFor(ctx, tx, a, number); err != nil {
			return err
		}
		es, err = tx.FindAuditBySubject(ctx, caseSubject(number), after, pr.Size()+1)
		return err
	})
	return paging.Cut(es, pr, func(e audit.Entry) any { return audit.Position{Region: e.Region, Seq: e.Seq} }), err
}

// VerifyAudit checks every chain of the audit trail; supervisors and administrators only.
func (s *Service) VerifyAudit(ctx context.Context) (audit.Report, error) {
	if _, err := access.Require(ctx, access.Supervisor, access.Admin); err != nil {
		return audit.Report{}, err
	}
	return s.VerifyAuditTrail(ctx)
}

// VerifyAuditTrail checks the audit trail without an actor (the `audit verify` command).
func (s *Service) VerifyAuditTrail(ctx context.Context) (r audit.Report, err error) {
	err = s.db.View(ctx, func(tx Tx) error {
		r, err = tx.VerifyAudit(ctx)
		return err
	})
	return r, err
}
