package app

import (
	"context"
	"crypto/subtle"
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

// CaseQuery filters the staff list of cases.
type CaseQuery struct {
	Statuses   []casework.Status
	Light      casework.Light
	Department string
	Hall       string
	Item       string
	Limit      int
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
	ReceivedAt   time.Time        `json:"received_at"`
	AcceptedAt   *time.Time       `json:"accepted_at"`
	DueDate      *workday.Date    `json:"due_date"`
	LegalDueDate *workday.Date    `json:"legal_due_date"`
	*casework.Clock
}

// Cases lists cases within the viewer's scope: a clerk sees their hall, an approver
// their department, a supervisor their scope, an applicant their own. Without a
// status filter the open cases are listed.
func (s *Service) Cases(ctx context.Context, q CaseQuery) ([]CaseSummary, error) {
	a, err := access.Require(ctx, access.Applicant, access.Clerk, access.Approver, access.CertificateOfficer, access.Supervisor)
	if err != nil {
		return nil, err
	}
	f, err := scopeFilter(a, q)
	if err != nil {
		return nil, err
	}
	var cases []*casework.Case
	if err := s.db.View(ctx, func(tx Tx) (err error) {
		cases, err = tx.FindCases(ctx, f)
		return err
	}); err != nil {
		return nil, err
	}
	out := []CaseSummary{}
	for _, c := range cases {
		if !casework.CanView(a, c) {
			continue // the filter already scopes; this keeps the rule in one place
		}
		v, err := s.view(c)
		if err != nil {
			return nil, err
		}
		if q.Light != "" && (v.Clock == nil || v.Light != q.Light) {
			continue
		}
		out = append(out, CaseSummary{Number: c.Number, Item: c.Item, ItemName: c.ItemName, Applicant: c.Applicant.Name,
			Hall: c.Hall, Department: c.Department, Channel: c.Channel, Status: c.Status, ReceivedAt: c.ReceivedAt,
			AcceptedAt: c.AcceptedAt, DueDate: c.PromisedDue, LegalDueDate: c.LegalDue, Clock: v.Clock})
	}
	return out, nil
}

// scopeFilter narrows q to what a may see; asking for another hall or department
// than one's own is refused rather than silently answered with nothing.
func scopeFilter(a access.Actor, q CaseQuery) (casework.Filter, error) {
	f := casework.Filter{Statuses: q.Statuses, Hall: q.Hall, Department: q.Department, Item: q.Item, Limit: q.Limit}
	if len(f.Statuses) == 0 {
		f.Statuses = casework.OpenStatuses
	}
	switch q.Light {
	case "", casework.Blue, casework.Yellow, casework.Red:
	default:
		return f, apperr.Invalidf("light", "灯色须为 blue、yellow 或 red")
	}
	for _, st := range f.Statuses {
		if !slices.Contains(casework.Statuses, st) {
			return f, apperr.Invalidf("status", "未知的办件状态 %q", st)
		}
	}
	narrow := func(field string, have *string, own string) error {
		if own == "" {
			return nil
		}
		if *have != "" && *have != own {
			return apperr.Forbiddenf("只能查看本%s的办件", map[string]string{"hall": "大厅", "department": "部门"}[field])
		}
		*have = own
		return nil
	}
	switch a.Role {
	case access.Applicant:
		f.ApplicantID = a.ApplicantID
	case access.Clerk, access.CertificateOfficer:
		return f, narrow("hall", &f.Hall, a.Hall)
	case access.Approver:
		return f, narrow("department", &f.Department, a.Department)
	case access.Supervisor:
		if err := narrow("hall", &f.Hall, a.Hall); err != nil {
			return f, err
		}
		return f, narrow("department", &f.Department, a.Department)
	}
	return f, nil
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

// PublicCase is what the holder of a receipt may see without logging in: progress,
// no personal data.
type PublicCase struct {
	Number      string          `json:"number"`
	ItemName    string          `json:"item_name"`
	Status      casework.Status `json:"status"`
	SubmittedAt time.Time       `json:"submitted_at"`
	AcceptedAt  *time.Time      `json:"accepted_at"`
	DueDate     *workday.Date   `json:"due_date"`
	Decided     *time.Time      `json:"decided_at"`
	Approved    *bool           `json:"approved,omitempty"`
	*casework.Clock
}

// LookupCase returns a case's progress to whoever holds its number and query code.
// A wrong code and an unknown number answer alike.
func (s *Service) LookupCase(ctx context.Context, number, code string) (*PublicCase, error) {
	var c *casework.Case
	err := s.db.View(ctx, func(tx Tx) (err error) {
		c, err = tx.FindCase(ctx, number)
		return err
	})
	notFound := apperr.NotFoundf("办件编号或查询码不正确")
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(c.QueryCode), []byte(code)) != 1 {
		return nil, notFound
	}
	v, err := s.view(c)
	if err != nil {
		return nil, err
	}
	p := &PublicCase{Number: c.Number, ItemName: c.ItemName, Status: c.Status, SubmittedAt: c.SubmittedAt,
		AcceptedAt: c.AcceptedAt, DueDate: c.PromisedDue, Clock: v.Clock}
	if c.Decision != nil {
		p.Decided, p.Approved = &c.Decision.At, &c.Decision.Approved
	}
	return p, nil
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
