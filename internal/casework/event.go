package casework

import (
	"fmt"
	"slices"
	"time"

	"yiwang/internal/humantext"
	"yiwang/internal/workday"
)

// Event is what one command did to a case: which action, why (the reason, note or
// opinion the actor gave), and the before and after of every field it touched.
// The app turns it into the audit entry; nothing is found by comparing documents.
type Event struct {
	Action  Action
	Reason  string
	Changes []Change
	// SaveOnly: nothing an audit entry tells changed, but the case's bookkeeping
	// did (the day its dates were last computed): save it, record nothing.
	SaveOnly bool
}

// Change is one field a command touched.
type Change struct {
	Field  string
	Before any
	After  any
}

// Changed reports whether the command changed anything (a sweep that finds the
// dates where they were changes nothing, and nothing is saved or recorded).
func (e Event) Changed() bool { return len(e.Changes) > 0 }

// state is what an event compares: each field a command may touch, as values.
type state struct {
	status                 Status
	receivedAt             time.Time
	acceptedAt             *time.Time
	acceptedBy             string
	deemed                 bool
	promisedDue, legalDue  workday.Date
	yellowFrom             workday.Date
	provisional            bool
	materials, corrections int
	gaps                   []Gap
	suspensions            []Suspension
	extension              *Extension
	decision               *Decision
	closure                *Closure
	delivery               *Delivery
	tasks                  []Task
	suspended              bool
}

func (c *Case) state() state {
	return state{status: c.Status, receivedAt: c.ReceivedAt, acceptedAt: c.AcceptedAt, acceptedBy: c.AcceptedBy,
		deemed: c.Deemed, promisedDue: c.PromisedDue, legalDue: c.LegalDue, yellowFrom: c.YellowFrom,
		provisional: c.Provisional, materials: len(c.Materials), corrections: len(c.Corrections),
		gaps: slices.Clone(c.Gaps), suspensions: slices.Clone(c.Suspensions), extension: c.Extension,
		decision: c.Decision, closure: c.Closure, delivery: c.Delivery, tasks: slices.Clone(c.Tasks),
		suspended: c.Suspended()}
}

// do runs change on c and returns the event of what it changed. A failed change
// leaves no event; the caller discards the case (its transaction rolls back). The
// reason is normalised as change normalises the field it came from, so that the case
// and its audit entry agree.
func (c *Case) do(act Action, reason string, change func() error) (Event, error) {
	before := c.state()
	if err := change(); err != nil {
		return Event{}, err
	}
	return Event{Action: act, Reason: humantext.Normal(reason), Changes: c.changesSince(before)}, nil
}

// changesSince lists the fields that differ from before, in a fixed order.
func (c *Case) changesSince(b state) []Change {
	a := c.state()
	var ch []Change
	add := func(field string, same bool, before, after any) {
		if !same {
			ch = append(ch, Change{Field: field, Before: before, After: after})
		}
	}
	add("status", a.status == b.status, b.status, a.status)
	add("received_at", a.receivedAt.Equal(b.receivedAt), b.receivedAt, a.receivedAt)
	add("accepted_at", samePtr(a.acceptedAt, b.acceptedAt, time.Time.Equal), b.acceptedAt, a.acceptedAt)
	add("accepted_by", a.acceptedBy == b.acceptedBy, b.acceptedBy, a.acceptedBy)
	add("deemed_accepted", a.deemed == b.deemed, b.deemed, a.deemed)
	add("due_date", a.promisedDue == b.promisedDue, dateOrNil(b.promisedDue), dateOrNil(a.promisedDue))
	add("legal_due_date", a.legalDue == b.legalDue, dateOrNil(b.legalDue), dateOrNil(a.legalDue))
	add("yellow_from", a.yellowFrom == b.yellowFrom, dateOrNil(b.yellowFrom), dateOrNil(a.yellowFrom))
	add("provisional", a.provisional == b.provisional, b.provisional, a.provisional)
	if a.materials != b.materials {
		add("materials", false, nil, c.Materials[b.materials:])
	}
	if a.corrections != b.corrections {
		add("corrections", false, nil, c.Corrections[b.corrections:])
	}
	add("gaps", slices.EqualFunc(a.gaps, b.gaps, sameGap), b.gaps, a.gaps)
	add("suspended", a.suspended == b.suspended, b.suspended, a.suspended)
	if len(a.suspensions) != len(b.suspensions) || a.suspended != b.suspended {
		add("suspension", false, nil, a.suspensions[len(a.suspensions)-1])
	}
	add("extension", a.extension == b.extension, b.extension, a.extension)
	add("decision", a.decision == b.decision, b.decision, a.decision)
	add("closure", a.closure == b.closure, b.closure, a.closure)
	add("delivery", a.delivery == b.delivery, b.delivery, a.delivery)
	ch = append(ch, taskChanges(b.tasks, a.tasks)...)
	return ch
}

// taskChanges lists each task whose status, dates or completion changed.
func taskChanges(before, after []Task) []Change {
	var ch []Change
	for _, t := range after {
		i := slices.IndexFunc(before, func(u Task) bool { return u.Seq == t.Seq })
		field := fmt.Sprintf("tasks[%d]", t.Seq)
		switch {
		case i < 0:
			ch = append(ch, Change{Field: field, After: taskSummary(t)})
		case before[i] != t:
			ch = append(ch, Change{Field: field, Before: taskSummary(before[i]), After: taskSummary(t)})
		}
	}
	return ch
}

// taskSummary is a task as the audit trail keeps it.
func taskSummary(t Task) map[string]any {
	m := map[string]any{"step": t.Step, "kind": t.Kind, "department": t.Department, "status": t.Status}
	if t.Due != 0 {
		m["due"] = t.Due
	}
	if t.DoneBy != "" {
		m["done_by"], m["done_at"] = t.DoneBy, t.DoneAt
	}
	if t.Opinion != "" {
		m["opinion"] = t.Opinion
	}
	return m
}

func samePtr[T any](a, b *T, eq func(T, T) bool) bool {
	return a == nil && b == nil || a != nil && b != nil && eq(*a, *b)
}

func sameGap(a, b Gap) bool {
	return a.Material == b.Material && a.Due == b.Due && samePtr(a.SuppliedAt, b.SuppliedAt, time.Time.Equal)
}

func dateOrNil(d workday.Date) any {
	if d == 0 {
		return nil
	}
	return d
}
