package app

import (
	"context"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// The window console's reads (综合窗口): the walk-in applicant checked before an
// item is filed for them, and the hall's submissions waiting for acceptance.

// CheckWindowApplicant checks the applicant a clerk is about to file for, as
// SubmitCase will: the number with its check character, the name and the phone,
// each error naming applicant.<field>. It reports whether the number is already on
// file as a window applicant; one on file under another name is refused and
// audited exactly as a filing under that name would be (the name on file is not told).
func (s *Service) CheckWindowApplicant(ctx context.Context, in ApplicantInput) (known bool, err error) {
	a, err := access.Require(ctx, access.Clerk)
	if err != nil {
		return false, err
	}
	ap, err := newApplicant(in.Kind, in.Name, in.IDNumber, in.CreditCode, in.Phone)
	if err != nil {
		return false, prefixField(err, "applicant")
	}
	var found *casework.Applicant
	err = s.db.View(ctx, func(tx Tx) (err error) {
		found, err = tx.FindWindowApplicant(ctx, ap)
		return err
	})
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		return false, nil
	case err != nil:
		return false, err
	case found.Name != ap.Name:
		return false, s.recordNameMismatch(ctx, a, &nameMismatch{given: *ap})
	}
	return true, nil
}

// WaitingCase is a submission waiting at the hall for acceptance, with the last
// day on which the window may still ask for corrections or refuse (Art. 32).
type WaitingCase struct {
	CaseSummary
	NoticeBy workday.Date `json:"notice_by"`
	DaysLeft int          `json:"notice_days_left"`
}

// WaitingList is one page of the hall's waiting submissions, oldest first.
type WaitingList struct {
	Cases      []WaitingCase `json:"cases"`
	NextCursor string        `json:"next_cursor,omitempty"`
	HasMore    bool          `json:"has_more"`
}

// WaitingCases lists the submitted cases of the clerk's own hall, the longest
// waiting first, each with the working days left before Art. 32 deems it accepted.
func (s *Service) WaitingCases(ctx context.Context, pr paging.Request) (WaitingList, error) {
	a, err := access.Require(ctx, access.Clerk)
	if err != nil {
		return WaitingList{}, err
	}
	today := workday.DateOf(s.Now())
	f := casework.Filter{Scope: casework.ScopeOf(a), Statuses: []casework.Status{casework.Submitted}, Hall: a.Hall,
		Today: today, Oldest: true, Page: pr}
	var page paging.Page[casework.CaseRow]
	if err := s.db.View(ctx, func(tx Tx) (err error) {
		page, err = tx.FindCases(ctx, f)
		return err
	}); err != nil {
		return WaitingList{}, err
	}
	list := WaitingList{Cases: make([]WaitingCase, 0, len(page.Rows)), NextCursor: page.Next, HasMore: page.More}
	for _, r := range page.Rows {
		by, left, err := casework.CorrectionDaysLeft(s.Calendar(), r.ReceivedAt, today)
		if err != nil {
			return WaitingList{}, calendarErr(err)
		}
		list.Cases = append(list.Cases, WaitingCase{CaseSummary: summaryOf(r), NoticeBy: by, DaysLeft: left})
	}
	return list, nil
}

func summaryOf(r casework.CaseRow) CaseSummary {
	return CaseSummary{Number: r.Number, Item: r.Item, ItemName: r.ItemName, Applicant: r.Applicant, Hall: r.Hall,
		Department: r.Department, Channel: r.Channel, Status: r.Status, Parent: r.Parent, ReceivedAt: r.ReceivedAt,
		AcceptedAt: r.AcceptedAt, DecidedAt: r.DecidedAt, ClosedAt: r.ClosedAt, DueDate: datePtr(r.PromisedDue),
		LegalDueDate: datePtr(r.LegalDue), Provisional: r.Provisional}
}
