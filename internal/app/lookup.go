package app

import (
	"context"
	"crypto/subtle"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/audit"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// PublicCase is what the holder of a receipt may see without logging in: progress,
// what is still missing, why a case was refused or denied, and its steps. It holds
// no personal data: no applicant, no form, no staff names or accounts, no staff's
// own notes (a step's reason is free text and may name people); it is built field
// by field here, never copied from the case, so that a field added to the case
// does not become public by accident.
type PublicCase struct {
	Number      string          `json:"number"`
	ItemName    string          `json:"item_name"`
	Status      casework.Status `json:"status"`
	SubmittedAt time.Time       `json:"submitted_at"`
	AcceptedAt  *time.Time      `json:"accepted_at"`
	DueDate     *workday.Date   `json:"due_date"`
	// Provisional: a date of the case is counted with weekends only (暂定), the
	// due date itself when DueProvisional.
	Provisional    bool       `json:"provisional"`
	DueProvisional bool       `json:"due_date_provisional"`
	Decided        *time.Time `json:"decided_at"`
	Approved       *bool      `json:"approved,omitempty"`
	Closed         *time.Time `json:"closed_at,omitempty"`
	// Reason is why the case was refused (不予受理) or denied (不予许可), as the
	// written decision says; empty otherwise.
	Reason string `json:"reason,omitempty"`
	// Corrections are the materials the one-time notice (一次性告知) asks for,
	// while the case awaits them.
	Corrections []PublicCorrection `json:"corrections,omitempty"`
	// Gaps are the materials accepted missing (容缺) that have not arrived, with
	// the date they are due.
	Gaps []PublicGap `json:"gaps,omitempty"`
	// Steps are what happened to the case, oldest first: when, what, and which
	// side acted (the applicant, the window, the department), never who.
	Steps []PublicStep `json:"steps"`
	*casework.Clock
}

// PublicCorrection is one material to correct and what is wrong with it.
type PublicCorrection struct {
	Material string `json:"material"`
	Problem  string `json:"problem"`
}

// PublicGap is a material accepted missing, due by Due.
type PublicGap struct {
	Material string       `json:"material"`
	Due      workday.Date `json:"due"`
}

// PublicStep is one step of a case's timeline.
type PublicStep struct {
	At     time.Time       `json:"at"`
	Action casework.Action `json:"action"`
	// By is the side that acted: applicant, window (综合窗口), department,
	// certificate (制证), system.
	By string `json:"by"`
}

// The sides a step is done by.
const (
	byApplicant   = "applicant"
	byWindow      = "window"
	byDepartment  = "department"
	byCertificate = "certificate"
	bySystem      = "system"
)

// sideOf says which side a role acts for, in a public timeline.
func sideOf(role string) string {
	switch access.Role(role) {
	case access.Applicant:
		return byApplicant
	case access.Clerk:
		return byWindow
	case access.Approver:
		return byDepartment
	case access.CertificateOfficer:
		return byCertificate
	}
	return bySystem
}

// maxPublicSteps bounds the timeline a look-up shows; a case has a dozen steps.
const maxPublicSteps = 200

// lookupCase returns a case's progress to whoever holds its number and query code
// (normalised by LookupCase). A wrong code and an unknown number answer alike.
func (s *Service) lookupCase(ctx context.Context, number, code string) (*PublicCase, error) {
	var c *casework.Case
	var item *catalog.Item
	var steps []audit.Entry
	notFound := apperr.NotFoundf("办件编号或查询码不正确")
	err := s.db.View(ctx, func(tx Tx) (err error) {
		if c, err = tx.FindCase(ctx, number); err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(c.QueryCode), []byte(code)) != 1 {
			return notFound
		}
		if item, err = tx.FindItemVersion(ctx, c.Item, c.ItemVersion); err != nil {
			return err
		}
		steps, err = tx.FindAuditBySubject(ctx, caseSubject(c.Number), audit.Position{}, maxPublicSteps)
		return err
	})
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	v, err := s.view(c)
	if err != nil {
		return nil, err
	}
	p := &PublicCase{Number: c.Number, ItemName: c.ItemName, Status: c.Status, SubmittedAt: c.SubmittedAt,
		AcceptedAt: c.AcceptedAt, DueDate: v.DueDate, Provisional: c.Provisional, Closed: c.ClosedAt(), Clock: v.Clock,
		Corrections: publicCorrections(c, item), Gaps: publicGaps(c), Steps: []PublicStep{}}
	p.DueProvisional = c.Provisional && c.PromisedDue != 0 && !s.Calendar().Official(c.PromisedDue)
	if c.Decision != nil {
		p.Decided, p.Approved = &c.Decision.At, &c.Decision.Approved
		if !c.Decision.Approved {
			p.Reason = c.Decision.Reason
		}
	}
	if c.Status == casework.Refused && c.Closure != nil {
		p.Reason = c.Closure.Reason
	}
	for _, e := range steps {
		p.Steps = append(p.Steps, PublicStep{At: e.At, Action: casework.Action(e.Action), By: sideOf(e.Role)})
	}
	return p, nil
}

// publicCorrections lists the last correction notice's materials while the case
// awaits them, by the names the item's guide gives them.
func publicCorrections(c *casework.Case, item *catalog.Item) []PublicCorrection {
	if c.Status != casework.AwaitingCorrection || len(c.Corrections) == 0 {
		return nil
	}
	var out []PublicCorrection
	for _, ci := range c.Corrections[len(c.Corrections)-1].Items {
		name := ci.Material
		if m, ok := item.Material(ci.Material); ok {
			name = m.Name
		}
		out = append(out, PublicCorrection{Material: name, Problem: ci.Problem})
	}
	return out
}

func publicGaps(c *casework.Case) []PublicGap {
	var out []PublicGap
	for _, g := range c.Gaps {
		if g.SuppliedAt == nil {
			out = append(out, PublicGap{Material: g.Name, Due: g.Due})
		}
	}
	return out
}
