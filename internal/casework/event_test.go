package casework_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"yiwang/internal/casework"
	"yiwang/internal/catalog"
)

func fields(ev casework.Event) []string {
	var out []string
	for _, ch := range ev.Changes {
		out = append(out, ch.Field)
	}
	return out
}

// TestAcceptEvent: the event of an acceptance lists exactly what it changed, with
// the before and after of each field: nothing more (the materials, the provisional
// flag and the rest are as they were).
func TestAcceptEvent(t *testing.T) {
	it := promisedItem()
	env := envOn(t, fileDay)
	c := complete(t, it, env)
	ev := ok(t)(c.Accept(clerk, it, casework.AcceptInput{Note: "材料齐全"}, env))
	if ev.Action != casework.Accept || ev.Reason != "材料齐全" {
		t.Errorf("got action %v reason %q, want accept with the note", ev.Action, ev.Reason)
	}
	want := []casework.Change{
		{Field: "status", Before: casework.Submitted, After: casework.Accepted},
		{Field: "accepted_at", Before: (*time.Time)(nil), After: c.AcceptedAt},
		{Field: "accepted_by", Before: "", After: clerk.Username},
		{Field: "due_date", Before: nil, After: date(t, "2026-03-05")},
		{Field: "legal_due_date", Before: nil, After: date(t, "2026-03-30")},
		{Field: "yellow_from", Before: nil, After: date(t, "2026-03-04")},
		{Field: "tasks[1]", After: map[string]any{"step": "审查", "kind": catalog.StepReview, "department": deptCode,
			"status": casework.TaskOpen, "due": date(t, "2026-03-04")}},
		{Field: "tasks[2]", After: map[string]any{"step": "决定", "kind": catalog.StepDecide, "department": deptCode,
			"status": casework.TaskWaiting, "due": date(t, "2026-03-05")}},
		{Field: "tasks[3]", After: map[string]any{"step": "制证", "kind": catalog.StepIssue, "department": deptCode,
			"status": casework.TaskWaiting}},
		{Field: "tasks[4]", After: map[string]any{"step": "送达", "kind": catalog.StepDeliver, "department": deptCode,
			"status": casework.TaskWaiting}},
	}
	if diff := cmp.Diff(want, ev.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// TestEventFields: each command's event names exactly the fields it touched.
func TestEventFields(t *testing.T) {
	day := envOn(t, "2026-03-03")
	tests := []struct {
		name string
		// build returns the case to act on and the command.
		build func(t *testing.T) (*casework.Case, func(c *casework.Case) (casework.Event, error))
		want  []string
	}{
		{name: "complete the first task", want: []string{"status", "tasks[1]", "tasks[2]"},
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				return accepted(t, promisedItem(), envOn(t, fileDay)), func(c *casework.Case) (casework.Event, error) {
					return c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 1, Opinion: "同意"}, day)
				}
			}},
		{name: "complete one of two parallel tasks", want: []string{"status", "tasks[1]"},
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				return accepted(t, jointItem(), envOn(t, fileDay)), func(c *casework.Case) (casework.Event, error) {
					return c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 1, Opinion: "同意"}, day)
				}
			}},
		{name: "suspend", want: []string{"suspended", "suspension"},
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				return accepted(t, promisedItem(), envOn(t, fileDay)), func(c *casework.Case) (casework.Event, error) {
					return c.Suspend(approver, casework.SuspendInput{Reason: casework.ForTesting}, day)
				}
			}},
		{name: "extend", want: []string{"due_date", "legal_due_date", "yellow_from", "extension", "tasks[1]", "tasks[2]"},
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				return accepted(t, promisedItem(), envOn(t, fileDay)), func(c *casework.Case) (casework.Event, error) {
					return c.Extend(approver, casework.ExtendInput{Days: 2, Reason: "需现场核查", ApprovedBy: "局长"}, day)
				}
			}},
		{name: "approve", want: []string{"status", "decision", "tasks[2]", "tasks[3]", "tasks[4]"},
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				it := promisedItem()
				c := accepted(t, it, envOn(t, fileDay))
				reviewAll(t, c, day)
				return c, func(c *casework.Case) (casework.Event, error) {
					return c.Approve(approver2, it, casework.DecisionInput{}, day)
				}
			}},
		{name: "issue", want: []string{"status", "tasks[3]"},
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				return approvedCase(t, promisedItem()), func(c *casework.Case) (casework.Event, error) {
					return c.Issue(certOfficer, casework.IssueInput{}, day)
				}
			}},
		{name: "deliver", want: []string{"status", "delivery", "tasks[4]"},
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				c := approvedCase(t, promisedItem())
				ok(t)(c.Issue(certOfficer, casework.IssueInput{}, day))
				return c, func(c *casework.Case) (casework.Event, error) {
					return c.Deliver(certOfficer, casework.DeliverInput{Method: casework.Electronic}, day)
				}
			}},
		{name: "refresh on the day of acceptance", want: nil,
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				return accepted(t, promisedItem(), envOn(t, fileDay)), func(c *casework.Case) (casework.Event, error) {
					return c.RefreshDeadlines(envOn(t, fileDay))
				}
			}},
		{name: "refresh a day later", want: nil,
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				return accepted(t, promisedItem(), envOn(t, fileDay)), func(c *casework.Case) (casework.Event, error) {
					return c.RefreshDeadlines(day)
				}
			}},
		{name: "refresh a suspended case a day later", want: []string{"due_date", "legal_due_date", "yellow_from", "tasks[1]", "tasks[2]"},
			build: func(t *testing.T) (*casework.Case, func(*casework.Case) (casework.Event, error)) {
				c := accepted(t, promisedItem(), envOn(t, fileDay))
				ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, day))
				return c, func(c *casework.Case) (casework.Event, error) {
					return c.RefreshDeadlines(envOn(t, "2026-03-04"))
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, cmd := tt.build(t)
			ev := ok(t)(cmd(c))
			if diff := cmp.Diff(tt.want, fields(ev)); diff != "" {
				t.Errorf("changed fields (-want +got):\n%s", diff)
			}
			if ev.Changed() != (len(tt.want) > 0) {
				t.Errorf("Changed: got %v with %d changes", ev.Changed(), len(ev.Changes))
			}
		})
	}
}

// TestEventBeforeAndAfter: a change shows what a task was and became.
func TestEventBeforeAndAfter(t *testing.T) {
	c := accepted(t, promisedItem(), envOn(t, fileDay))
	day := envOn(t, "2026-03-03")
	ev := ok(t)(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 1, Opinion: "材料真实"}, day))
	if ev.Action != casework.CompleteTask || ev.Reason != "材料真实" {
		t.Errorf("got action %v reason %q, want complete_task with the opinion", ev.Action, ev.Reason)
	}
	want := []casework.Change{
		{Field: "status", Before: casework.Accepted, After: casework.InReview},
		{Field: "tasks[1]",
			Before: map[string]any{"step": "审查", "kind": catalog.StepReview, "department": deptCode, "status": casework.TaskOpen,
				"due": date(t, "2026-03-04")},
			After: map[string]any{"step": "审查", "kind": catalog.StepReview, "department": deptCode, "status": casework.TaskDone,
				"due": date(t, "2026-03-04"), "done_by": approver.Username, "done_at": day.Now, "opinion": "材料真实"}},
		{Field: "tasks[2]",
			Before: map[string]any{"step": "决定", "kind": catalog.StepDecide, "department": deptCode, "status": casework.TaskWaiting,
				"due": date(t, "2026-03-05")},
			After: map[string]any{"step": "决定", "kind": catalog.StepDecide, "department": deptCode, "status": casework.TaskOpen,
				"due": date(t, "2026-03-05")}},
	}
	if diff := cmp.Diff(want, ev.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// TestRefreshReasons: the sweep's refresh says in the audit trail why the dates
// moved: a yellow day never computed (cases from before it existed), provisional
// dates made official, or a suspension.
func TestRefreshReasons(t *testing.T) {
	tests := []struct {
		name   string
		build  func(t *testing.T) *casework.Case
		env    casework.Env
		reason string
		fields []string
	}{
		{name: "dates never computed (an upgraded case)", reason: "计算预警日期", fields: []string{"yellow_from"},
			env: envOn(t, "2026-03-03"),
			build: func(t *testing.T) *casework.Case {
				c := accepted(t, promisedItem(), envOn(t, fileDay))
				c.YellowFrom, c.DatesOn = 0, 0
				return c
			}},
		{name: "provisional", reason: "节假日安排公布后按正式日历重算期限", fields: nil,
			env: envOn(t, "2026-12-29"),
			build: func(t *testing.T) *casework.Case {
				return accepted(t, promisedWith(20, 20), envOn(t, "2026-12-28"))
			}},
		{name: "suspended", reason: "暂停计时期间顺延期限",
			fields: []string{"due_date", "legal_due_date", "yellow_from", "tasks[1]", "tasks[2]"},
			env:    envOn(t, "2026-03-04"),
			build: func(t *testing.T) *casework.Case {
				c := accepted(t, promisedItem(), envOn(t, fileDay))
				ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, envOn(t, "2026-03-03")))
				return c
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.build(t)
			ev := ok(t)(c.RefreshDeadlines(tt.env))
			if ev.Action != casework.RefreshDeadlines || ev.Reason != tt.reason {
				t.Errorf("got %s %q, want refresh_deadlines %q", ev.Action, ev.Reason, tt.reason)
			}
			if diff := cmp.Diff(tt.fields, fields(ev)); diff != "" {
				t.Errorf("changed fields (-want +got):\n%s", diff)
			}
		})
	}
}
