package casework

import (
	"encoding/json"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/civicid"
	"yiwang/internal/workday"
)

// Status is where a case stands in its lifecycle.
type Status string

// The statuses of DESIGN.md.
const (
	Draft              Status = "draft"
	Submitted          Status = "submitted"
	AwaitingCorrection Status = "awaiting_correction"
	Accepted           Status = "accepted"
	InReview           Status = "in_review"
	Approved           Status = "approved"
	Denied             Status = "denied"
	Refused            Status = "refused"
	Withdrawn          Status = "withdrawn"
	Issued             Status = "issued"
	Closed             Status = "closed"
)

// Statuses lists every status.
var Statuses = []Status{Draft, Submitted, AwaitingCorrection, Accepted, InReview, Approved, Denied, Refused, Withdrawn, Issued, Closed}

// OpenStatuses are those in which a case still waits for a decision.
var OpenStatuses = []Status{Submitted, AwaitingCorrection, Accepted, InReview}

// clockRunning reports whether the time limit runs in s (after acceptance, before decision).
func (s Status) clockRunning() bool { return s == Accepted || s == InReview }

// Channel is how a case reached the hall.
type Channel string

// Channels.
const (
	Online Channel = "online"
	Window Channel = "window"
	Kiosk  Channel = "kiosk"
)

// ApplicantKind distinguishes a natural person from an organisation.
type ApplicantKind string

// Applicant kinds.
const (
	Person       ApplicantKind = "person"
	Organisation ApplicantKind = "organisation"
)

// Applicant is who applies, as recorded on the case when it was filed.
type Applicant struct {
	ID         int64              `json:"id"`
	Kind       ApplicantKind      `json:"kind"`
	Name       string             `json:"name"`
	IDNumber   civicid.IDNumber   `json:"id_number,omitempty"`
	CreditCode civicid.CreditCode `json:"credit_code,omitempty"`
	Phone      string             `json:"phone"`
}

// MaskedForm returns the form as staff and the audit trail see it: its ID number
// and phone fields masked, and any ID number typed into another field.
func (c *Case) MaskedForm() json.RawMessage { return c.PersonalFields.Masked(c.Form) }

// ErrAlreadyRegistered is the error of a registration for an ID number or credit
// code that has an online account: one person or organisation, one account.
func ErrAlreadyRegistered(kind ApplicantKind) error {
	field, what := "id_number", "身份证号码"
	if kind == Organisation {
		field, what = "credit_code", "统一社会信用代码"
	}
	return apperr.Conflictf("already_registered", "该%s已注册过账号，请用原账号登录", what).WithField(field)
}

// Masked returns a as shown to staff and kept in the audit trail: the ID number
// and the phone number masked.
func (a Applicant) Masked() Applicant {
	a.IDNumber = civicid.IDNumber(a.IDNumber.Masked())
	a.Phone = civicid.MaskPhone(a.Phone)
	return a
}

// Case is one application (办件) with everything that happened to it. It is the
// domain's type: the store keeps it as columns, task rows and a document, and the
// API shows it through a view of its own.
type Case struct {
	Number    string
	Region    string
	Hall      string
	Channel   Channel
	QueryCode string
	Applicant Applicant
	FiledBy   string
	// Parent is the number of the bundle's parent case (一件事), or "".
	Parent string

	Item         string
	ItemVersion  int
	ItemName     string
	Department   string // the item's department, which owns the case
	Handling     catalog.Handling
	PromisedDays int
	LegalDays    int
	YellowDays   int

	Form json.RawMessage
	// PersonalFields are the fields of the item's form definition that hold an ID
	// number or a phone, kept so that the form is shown masked (MaskedForm).
	PersonalFields catalog.Form
	Materials      []SubmittedMaterial

	Status      Status
	SubmittedAt time.Time
	ReceivedAt  time.Time
	AcceptedAt  *time.Time
	AcceptedBy  string
	Deemed      bool

	Corrections []CorrectionNotice
	Gaps        []Gap
	Suspensions []Suspension
	Extension   *Extension
	Tasks       []Task
	Decision    *Decision
	Closure     *Closure
	Delivery    *Delivery

	// PromisedDue, LegalDue and YellowFrom (the day the light turns yellow) are kept
	// current by every command and by the sweep, so lists and counts filter on them;
	// an open suspension moves them day by day. Zero until acceptance.
	PromisedDue workday.Date
	LegalDue    workday.Date
	YellowFrom  workday.Date
	// Provisional: a date falls in a year whose official calendar is not loaded, so
	// it was counted with weekends only (暂定) until the notice is loaded.
	Provisional bool
	// DatesOn is the day the dates were last computed, DatesThrough the last day of
	// the official calendar they were computed with.
	DatesOn      workday.Date
	DatesThrough workday.Date

	// Version counts saved changes; a save that finds another version lost a race.
	Version   int
	UpdatedAt time.Time
}

// ClosedAt returns when c ended: delivered, refused or withdrawn; nil while it goes on.
func (c *Case) ClosedAt() *time.Time {
	switch {
	case c.Delivery != nil:
		return &c.Delivery.At
	case c.Closure != nil:
		return &c.Closure.At
	}
	return nil
}

// DecidedAt returns when c was approved or denied, or nil.
func (c *Case) DecidedAt() *time.Time {
	if c.Decision == nil {
		return nil
	}
	return &c.Decision.At
}

// SubmittedMaterial is one file (or one paper original checked at the window) for a material.
type SubmittedMaterial struct {
	Material string    `json:"material"`
	Name     string    `json:"name"`
	Blob     string    `json:"blob,omitempty"`
	Paper    bool      `json:"paper,omitempty"`
	At       time.Time `json:"at"`
}

// CorrectionItem is one missing or faulty material in a correction notice.
type CorrectionItem struct {
	Material string `json:"material"`
	Problem  string `json:"problem"`
}

// CorrectionNotice is the one-time notice (一次性告知) of everything to correct.
type CorrectionNotice struct {
	Items []CorrectionItem `json:"items"`
	Note  string           `json:"note,omitempty"`
	By    string           `json:"by"`
	At    time.Time        `json:"at"`
}

// Gap is a material accepted missing (容缺) that must arrive by Due.
type Gap struct {
	Material   string       `json:"material"`
	Name       string       `json:"name"`
	Due        workday.Date `json:"due"`
	SuppliedAt *time.Time   `json:"supplied_at"`
}

// Decision is the department's approval or denial.
type Decision struct {
	Approved bool      `json:"approved"`
	Reason   string    `json:"reason,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// Closure records why a case ended without a decision (refused or withdrawn).
type Closure struct {
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// Extension is the one extension of the limit (延期) that the law allows.
type Extension struct {
	Days       int       `json:"days"`
	Reason     string    `json:"reason"`
	ApprovedBy string    `json:"approved_by"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// openGaps returns the gaps whose material has not arrived.
func (c *Case) openGaps() []Gap {
	var open []Gap
	for _, g := range c.Gaps {
		if g.SuppliedAt == nil {
			open = append(open, g)
		}
	}
	return open
}

// has reports whether a file or paper original was submitted for material.
func (c *Case) has(material string) bool {
	for _, m := range c.Materials {
		if m.Material == material {
			return true
		}
	}
	return false
}
