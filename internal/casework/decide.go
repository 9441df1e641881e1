package casework

import (
	"slices"
	"strings"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// DecisionInput is an approval (reason optional) or denial (reason required).
type DecisionInput struct {
	Reason string `json:"reason"`
}

// Approve grants the application once every review and inspection is done. On a
// promised item the person who accepted it may not approve it (受审分离).
func (c *Case) Approve(by access.Actor, it *catalog.Item, in DecisionInput, env Env) (Event, error) {
	return c.do(Approve, in.Reason, func() error {
		if err := checkDecider(c, by, Approve); err != nil {
			return err
		}
		if err := text("reason", &in.Reason, false); err != nil {
			return err
		}
		if gaps := c.openGaps(); len(gaps) > 0 {
			return apperr.Conflictf("gaps_outstanding", "容缺材料“%s”尚未补交，不能作出决定", gaps[0].Name)
		}
		// An instant item approved at the window is accepted in the same step, so the
		// acceptance's check that every required material is there applies too.
		if missing := c.missingRequired(it); c.AcceptedAt == nil && len(missing) > 0 {
			return apperr.Conflictf("materials_missing", "必交材料未齐（%s），请一次性告知补正", strings.Join(missing, "、"))
		}
		return c.decide(by, it, true, in.Reason, env)
	})
}

// Deny refuses the licence with the written reason the law requires (Art. 38),
// once every review and inspection is done.
func (c *Case) Deny(by access.Actor, it *catalog.Item, in DecisionInput, env Env) (Event, error) {
	return c.do(Deny, in.Reason, func() error {
		if err := checkDecider(c, by, Deny); err != nil {
			return err
		}
		if err := text("reason", &in.Reason, true); err != nil {
			return err
		}
		return c.decide(by, it, false, in.Reason, env)
	})
}

// decider may approve or deny: an approver of the department of the decision step,
// and for an instant item also the window clerk of the hall (独任审核).
func decider(a access.Actor, c *Case) bool {
	return decidingApprover(a, c) || c.Handling == catalog.Instant && clerkOfHall(a, c)
}

// decidingDepartment is the department of the decision step, or the case's own
// before the tasks exist (an instant item not yet decided).
func (c *Case) decidingDepartment() string {
	for _, t := range c.Tasks {
		if t.Kind == catalog.StepDecide {
			return t.Department
		}
	}
	return c.Department
}

// checkDecider adds 受审分离 to the transition check: on a promised item the person
// who accepted a case may not decide it.
func checkDecider(c *Case, by access.Actor, act Action) error {
	if err := check(c, by, act); err != nil {
		return err
	}
	if c.Handling == catalog.Promised && c.AcceptedBy == by.Username {
		return apperr.New(apperr.Forbidden, "separation_of_duties", "受审分离：受理人不能审批同一办件")
	}
	return nil
}

// decide records the decision once the stages before it are done, finishes the
// decision task and opens the steps after it: the certificate is made only on
// approval, the decision is delivered either way (Art. 44).
func (c *Case) decide(by access.Actor, it *catalog.Item, approved bool, reason string, env Env) error {
	if t := c.outstandingBefore(); t != nil {
		return apperr.Conflictf("tasks_outstanding", "环节“%s”（%s）尚未办结，不能作出决定", t.Step, t.Department)
	}
	if c.AcceptedAt == nil { // instant item decided at the window: acceptance and decision are one step
		c.AcceptedAt, c.AcceptedBy = &env.Now, by.Username
		c.Tasks = newTasks(it) // an instant item has no review steps (catalog.Item.Validate)
		c.openStage(env.Now)
	}
	for i := range c.Tasks {
		t := &c.Tasks[i]
		switch {
		case t.Kind == catalog.StepDecide:
			t.Status, t.DoneBy, t.DoneAt, t.Opinion = TaskDone, by.Username, env.Now, reason
		case !t.Kind.AfterDecision():
		case !approved && t.Kind != catalog.StepDeliver:
			t.Status = TaskCancelled
		default:
			t.Status, t.OpenedAt = TaskOpen, env.Now
		}
	}
	c.Decision = &Decision{Approved: approved, Reason: reason, By: by.Username, At: env.Now}
	c.Status = Denied
	if approved {
		c.Status = Approved
	}
	return c.datePostDecision(env)
}

// datePostDecision dates the steps after the decision, counted from its day; the
// case's dates are then provisional while one of those is.
func (c *Case) datePostDecision(env Env) error {
	cal := env.calendar()
	day := workday.DateOf(c.Decision.At)
	c.Provisional = false
	c.dated(cal, env.today())
	for i := range c.Tasks {
		t := &c.Tasks[i]
		if !t.Kind.AfterDecision() || t.finished() {
			continue
		}
		d, err := cal.AddWorkdays(day, t.Day)
		if err != nil {
			return err
		}
		if t.YellowFrom, err = cal.YellowFrom(d, c.YellowDays); err != nil {
			return err
		}
		t.Due = d
		c.Provisional = c.Provisional || !cal.Official(d)
	}
	return nil
}

// IssueInput records that the certificate (or the written decision) was made.
type IssueInput struct {
	Note string `json:"note"`
}

// Issue records that the certificate of an approved case was made (制证): the
// issue steps are done and the case waits for delivery.
func (c *Case) Issue(by access.Actor, in IssueInput, env Env) (Event, error) {
	return c.do(Issue, in.Note, func() error {
		if err := check(c, by, Issue); err != nil {
			return err
		}
		if !c.hasStep(catalog.StepIssue) {
			return apperr.Conflictf("invalid_transition", "本事项的办理流程没有制证环节，请直接送达")
		}
		if err := text("note", &in.Note, false); err != nil {
			return err
		}
		c.finishKind(catalog.StepIssue, by, in.Note, env.Now)
		c.Status = Issued
		return nil
	})
}

// DeliveryMethod is how a decision reaches the applicant.
type DeliveryMethod string

// Delivery methods: collected at the hall (一窗出证), sent by express, or
// delivered electronically.
const (
	PickUp     DeliveryMethod = "pickup"
	Express    DeliveryMethod = "express"
	Electronic DeliveryMethod = "electronic"
)

// DeliverInput records how the decision was delivered.
type DeliverInput struct {
	Method DeliveryMethod `json:"method"`
	// Recipient is who collected it at the hall: the applicant or an authorised person.
	Recipient string `json:"recipient"`
	Carrier   string `json:"carrier"`
	Tracking  string `json:"tracking_number"`
	Note      string `json:"note"`
}

// Delivery is how and when the decision reached the applicant (Art. 44).
type Delivery struct {
	Method    DeliveryMethod `json:"method"`
	Recipient string         `json:"recipient,omitempty"`
	Carrier   string         `json:"carrier,omitempty"`
	Tracking  string         `json:"tracking_number,omitempty"`
	Note      string         `json:"note,omitempty"`
	By        string         `json:"by"`
	At        time.Time      `json:"at"`
}

// Deliver records the delivery of the decision (送达), which closes the case. An
// approval whose procedure makes a certificate must be issued first.
func (c *Case) Deliver(by access.Actor, in DeliverInput, env Env) (Event, error) {
	return c.do(Deliver, in.Note, func() error {
		if err := check(c, by, Deliver); err != nil {
			return err
		}
		if c.Status == Approved && c.hasStep(catalog.StepIssue) {
			return apperr.Conflictf("invalid_transition", "证照尚未制作，须先制证再送达")
		}
		if err := in.validate(); err != nil {
			return err
		}
		c.finishKind(catalog.StepDeliver, by, in.Note, env.Now)
		c.Delivery = &Delivery{Method: in.Method, Recipient: in.Recipient, Carrier: in.Carrier, Tracking: in.Tracking,
			Note: in.Note, By: by.Username, At: env.Now}
		c.Status = Closed
		return nil
	})
}

func (in *DeliverInput) validate() error {
	var required []string
	switch in.Method {
	case PickUp:
		required = []string{"recipient"}
	case Express:
		required = []string{"carrier", "tracking_number"}
	case Electronic:
	default:
		return apperr.Invalidf("method", "送达方式须为 pickup（窗口领取）、express（快递）或 electronic（电子送达）")
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"recipient", &in.Recipient}, {"carrier", &in.Carrier}, {"tracking_number", &in.Tracking}} {
		if strings.TrimSpace(*f.v) == "" && !slices.Contains(required, f.name) {
			*f.v = ""
			continue
		}
		if err := name(f.name, f.v); err != nil {
			return err
		}
	}
	return text("note", &in.Note, false)
}

// finishKind marks every open task of kind done by by.
func (c *Case) finishKind(kind catalog.StepKind, by access.Actor, note string, now time.Time) {
	for i := range c.Tasks {
		if t := &c.Tasks[i]; t.Kind == kind && t.Status == TaskOpen {
			t.Status, t.DoneBy, t.DoneAt, t.Opinion = TaskDone, by.Username, now, note
		}
	}
}
