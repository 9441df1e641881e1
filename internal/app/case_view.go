package app

import (
	"encoding/json"
	"time"

	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// CaseView is a case as the API shows it to someone allowed to see it: the
// applicant's ID and phone masked, and those of the form, dates as dates (null until known), and the
// clock (light and days left) as of today. It is its own type, so the storage of
// a case can change without changing what clients read.
type CaseView struct {
	Number       string                       `json:"number"`
	Region       string                       `json:"region"`
	Hall         string                       `json:"hall"`
	Channel      casework.Channel             `json:"channel"`
	Parent       string                       `json:"parent,omitempty"`
	QueryCode    string                       `json:"query_code"`
	Applicant    casework.Applicant           `json:"applicant"`
	FiledBy      string                       `json:"filed_by,omitempty"`
	Item         string                       `json:"item"`
	ItemVersion  int                          `json:"item_version"`
	ItemName     string                       `json:"item_name"`
	Department   string                       `json:"department"`
	Handling     catalog.Handling             `json:"handling"`
	PromisedDays int                          `json:"promised_days"`
	LegalDays    int                          `json:"legal_days"`
	YellowDays   int                          `json:"yellow_days"`
	Form         json.RawMessage              `json:"form"`
	Materials    []casework.SubmittedMaterial `json:"materials"`
	Status       casework.Status              `json:"status"`
	SubmittedAt  time.Time                    `json:"submitted_at"`
	ReceivedAt   time.Time                    `json:"received_at"`
	AcceptedAt   *time.Time                   `json:"accepted_at"`
	AcceptedBy   string                       `json:"accepted_by,omitempty"`
	Deemed       bool                         `json:"deemed_accepted,omitempty"`
	Corrections  []casework.CorrectionNotice  `json:"corrections"`
	Gaps         []casework.Gap               `json:"gaps"`
	Suspensions  []casework.Suspension        `json:"suspensions"`
	Extension    *casework.Extension          `json:"extension"`
	Tasks        []casework.Task              `json:"tasks"`
	Decision     *casework.Decision           `json:"decision"`
	Closure      *casework.Closure            `json:"closure,omitempty"`
	Delivery     *casework.Delivery           `json:"delivery,omitempty"`
	DueDate      *workday.Date                `json:"due_date"`
	LegalDueDate *workday.Date                `json:"legal_due_date"`
	YellowFrom   *workday.Date                `json:"yellow_from"`
	// Provisional: the dates were counted with weekends only, because a year they
	// reach has no official calendar yet (暂定).
	Provisional bool      `json:"provisional"`
	Version     int       `json:"version"`
	UpdatedAt   time.Time `json:"updated_at"`
	*casework.Clock
}

// view builds the CaseView of c as of today.
func (s *Service) view(c *casework.Case) (*CaseView, error) {
	clock, err := c.ClockAt(s.Calendar(), workday.DateOf(s.Now()))
	if err != nil {
		return nil, calendarErr(err)
	}
	return &CaseView{Number: c.Number, Region: c.Region, Hall: c.Hall, Channel: c.Channel, Parent: c.Parent,
		QueryCode: c.QueryCode, Applicant: c.Applicant.Masked(), FiledBy: c.FiledBy, Item: c.Item,
		ItemVersion: c.ItemVersion, ItemName: c.ItemName, Department: c.Department, Handling: c.Handling,
		PromisedDays: c.PromisedDays, LegalDays: c.LegalDays, YellowDays: c.YellowDays, Form: c.MaskedForm(),
		Materials: nonNil(c.Materials), Status: c.Status, SubmittedAt: c.SubmittedAt, ReceivedAt: c.ReceivedAt,
		AcceptedAt: c.AcceptedAt, AcceptedBy: c.AcceptedBy, Deemed: c.Deemed, Corrections: nonNil(c.Corrections),
		Gaps: nonNil(c.Gaps), Suspensions: nonNil(c.Suspensions), Extension: c.Extension, Tasks: nonNil(c.Tasks),
		Decision: c.Decision, Closure: c.Closure, Delivery: c.Delivery, DueDate: datePtr(c.PromisedDue),
		LegalDueDate: datePtr(c.LegalDue), YellowFrom: datePtr(c.YellowFrom), Provisional: c.Provisional,
		Version: c.Version, UpdatedAt: c.UpdatedAt, Clock: clock}, nil
}

func datePtr(d workday.Date) *workday.Date {
	if d == 0 {
		return nil
	}
	return &d
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
