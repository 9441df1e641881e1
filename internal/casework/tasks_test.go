package casework_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
)

// taskView is what the tests compare of a task.
type taskView struct {
	Seq    int
	Step   string
	Role   access.Role
	Status casework.TaskStatus
	Day    int
	Due    string
}

func view(c *casework.Case) []taskView {
	out := make([]taskView, 0, len(c.Tasks))
	for _, t := range c.Tasks {
		out = append(out, taskView{Seq: t.Seq, Step: t.Step, Role: t.Role, Status: t.Status, Day: t.Day, Due: dueString(t.Due)})
	}
	return out
}

// The Day of the steps after the decision when the item sets none: Art. 44.
const art44 = catalog.DeliveryDays

const (
	open      = casework.TaskOpen
	waiting   = casework.TaskWaiting
	done      = casework.TaskDone
	cancelled = casework.TaskCancelled
)

func TestTasksAtAcceptance(t *testing.T) {
	tests := []struct {
		name      string
		procedure []catalog.Step
		promised  int
		legal     int
		want      []taskView
	}{
		{name: "two review steps over 3 days", procedure: procedure("受理", "审查", "决定", "制证", "送达"), promised: 3, legal: 20,
			want: []taskView{
				{1, "审查", access.Approver, open, 2, "2026-03-04"},
				{2, "决定", access.Approver, waiting, 3, "2026-03-05"},
				{3, "制证", access.CertificateOfficer, waiting, art44, "<nil>"},
				{4, "送达", access.CertificateOfficer, waiting, art44, "<nil>"},
			}},
		{name: "three review steps over 10 days", procedure: procedure("受理", "审查", "复核", "决定", "出证", "发证", "送达"), promised: 10, legal: 20,
			want: []taskView{
				{1, "审查", access.Approver, open, 4, "2026-03-06"},
				{2, "复核", access.Approver, waiting, 7, "2026-03-11"},
				{3, "决定", access.Approver, waiting, 10, "2026-03-16"},
				{4, "出证", access.CertificateOfficer, waiting, art44, "<nil>"},
				{5, "发证", access.CertificateOfficer, waiting, art44, "<nil>"},
				{6, "送达", access.CertificateOfficer, waiting, art44, "<nil>"},
			}},
		{name: "more review steps than days", procedure: procedure("受理", "初审", "复审", "决定"), promised: 1, legal: 20,
			want: []taskView{
				{1, "初审", access.Approver, open, 1, "2026-03-03"},
				{2, "复审", access.Approver, waiting, 1, "2026-03-03"},
				{3, "决定", access.Approver, waiting, 1, "2026-03-03"},
			}},
		{name: "decision only", procedure: procedure("受理", "审批", "送达"), promised: 5, legal: 20,
			want: []taskView{
				{1, "审批", access.Approver, open, 5, "2026-03-09"},
				{2, "送达", access.CertificateOfficer, waiting, art44, "<nil>"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedWith(tt.promised, tt.legal)
			it.Procedure = tt.procedure
			c := accepted(t, it, envOn(t, "2026-03-02"))
			if diff := cmp.Diff(tt.want, view(c)); diff != "" {
				t.Errorf("tasks (-want +got):\n%s", diff)
			}
			for _, tk := range c.Tasks {
				if tk.Department != deptCode {
					t.Errorf("task %s: department got %v, want %v", tk.Step, tk.Department, deptCode)
				}
			}
			// The decision is due on the promised date.
			var decision casework.Task
			for _, tk := range c.Tasks {
				if tk.Kind == catalog.StepDecide {
					decision = tk
				}
			}
			if decision.Due == 0 || decision.Due != c.PromisedDue {
				t.Errorf("decision due %v, want the promised date %v", dueString(decision.Due), dueString(c.PromisedDue))
			}
		})
	}
}

func TestNoTasksBeforeAcceptance(t *testing.T) {
	for _, s := range []casework.Status{casework.Submitted, casework.AwaitingCorrection, casework.Refused} {
		t.Run(string(s), func(t *testing.T) {
			c := inStatus(t, promisedItem(), s)
			if len(c.Tasks) != 0 {
				t.Errorf("got %d tasks, want 0", len(c.Tasks))
			}
		})
	}
}

func TestCompleteTask(t *testing.T) {
	env := envOn(t, "2026-03-03")
	tests := []struct {
		name string
		item *catalog.Item
		// before completes these seqs first.
		before []int
		in     casework.CompleteTaskInput
		want   *errWant
	}{
		{name: "first step", item: promisedItem(), in: casework.CompleteTaskInput{Seq: 1, Opinion: "材料真实"}},
		{name: "second of three", item: withExtraReviewStep(promisedItem()), before: []int{1}, in: casework.CompleteTaskInput{Seq: 2, Opinion: "同意"}},
		{name: "last review step is the decision", item: promisedItem(), before: []int{1}, in: casework.CompleteTaskInput{Seq: 2, Opinion: "同意"}, want: invalidTransition},
		{name: "last of three", item: withExtraReviewStep(promisedItem()), before: []int{1, 2}, in: casework.CompleteTaskInput{Seq: 3, Opinion: "同意"}, want: invalidTransition},
		{name: "a waiting step", item: promisedItem(), in: casework.CompleteTaskInput{Seq: 2, Opinion: "同意"}, want: invalidTransition},
		{name: "a done step", item: withExtraReviewStep(promisedItem()), before: []int{1}, in: casework.CompleteTaskInput{Seq: 1, Opinion: "同意"}, want: invalidTransition},
		{name: "a certificate step", item: promisedItem(), in: casework.CompleteTaskInput{Seq: 3, Opinion: "同意"}, want: invalidTransition},
		{name: "no such step", item: promisedItem(), in: casework.CompleteTaskInput{Seq: 9, Opinion: "同意"}, want: invalid("seq")},
		{name: "no opinion", item: promisedItem(), in: casework.CompleteTaskInput{Seq: 1, Opinion: " "}, want: required("opinion")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := accepted(t, tt.item, envOn(t, "2026-03-02"))
			for _, seq := range tt.before {
				ok(t)(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: seq, Opinion: "前序"}, env))
			}
			before := view(c)
			beforeStatus := c.Status
			_, err := c.CompleteTask(approver2, tt.in, env)
			checkErr(t, err, tt.want)
			if tt.want != nil {
				if diff := cmp.Diff(before, view(c)); diff != "" || c.Status != beforeStatus {
					t.Errorf("a refused CompleteTask changed status %v→%v, tasks (-before +after):\n%s", beforeStatus, c.Status, diff)
				}
				return
			}
			tk := c.Tasks[tt.in.Seq-1]
			if tk.Status != done || tk.DoneBy != approver2.Username || tk.Opinion != tt.in.Opinion || !tk.DoneAt.Equal(env.Now) {
				t.Errorf("completed task: got %+v, want done by %s with opinion %q at %v", tk, approver2.Username, tt.in.Opinion, env.Now)
			}
			if got := c.Tasks[tt.in.Seq].Status; got != open {
				t.Errorf("next task: got %v, want %v", got, open)
			}
			if c.Status != casework.InReview {
				t.Errorf("status: got %v, want %v", c.Status, casework.InReview)
			}
		})
	}
}

func TestApproveOpensTheStepsAfterTheDecision(t *testing.T) {
	it := promisedItem()
	c := accepted(t, it, envOn(t, "2026-03-02"))
	reviewed := envOn(t, "2026-03-03")
	ok(t)(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 1, Opinion: "材料真实"}, reviewed))
	decided := envOn(t, "2026-03-04")
	ok(t)(c.Approve(approver2, it, casework.DecisionInput{Reason: "符合条件"}, decided))
	// 10 working days after Wed 03-04 is Wed 03-18.
	want := []taskView{
		{1, "审查", access.Approver, done, 2, "2026-03-04"},
		{2, "决定", access.Approver, done, 3, "2026-03-05"},
		{3, "制证", access.CertificateOfficer, open, art44, "2026-03-18"},
		{4, "送达", access.CertificateOfficer, open, art44, "2026-03-18"},
	}
	if diff := cmp.Diff(want, view(c)); diff != "" {
		t.Errorf("tasks (-want +got):\n%s", diff)
	}
	wantDecision := &casework.Decision{Approved: true, Reason: "符合条件", By: approver2.Username, At: decided.Now}
	if diff := cmp.Diff(wantDecision, c.Decision); diff != "" {
		t.Errorf("decision (-want +got):\n%s", diff)
	}
	// The review is done by who reviewed, the decision by who decided, with the reason.
	for i, w := range []struct {
		by      string
		at      time.Time
		opinion string
	}{{approver.Username, reviewed.Now, "材料真实"}, {approver2.Username, decided.Now, "符合条件"}} {
		if tk := c.Tasks[i]; tk.DoneBy != w.by || !tk.DoneAt.Equal(w.at) || tk.Opinion != w.opinion {
			t.Errorf("task %s: got done by %q at %v (%q), want %q at %v (%q)", tk.Step, tk.DoneBy, tk.DoneAt, tk.Opinion, w.by, w.at, w.opinion)
		}
	}
	for _, tk := range c.Tasks[2:] {
		if !tk.OpenedAt.Equal(decided.Now) {
			t.Errorf("task %s opened at %v, want at the decision %v", tk.Step, tk.OpenedAt, decided.Now)
		}
	}
}

// TestTheDecisionWaitsForTheReview: a decision is made once every review and
// inspection is done (tasks_outstanding before), and it changes nothing until then.
func TestTheDecisionWaitsForTheReview(t *testing.T) {
	for _, act := range []casework.Action{casework.Approve, casework.Deny} {
		t.Run(string(act), func(t *testing.T) {
			it := promisedItem()
			c := accepted(t, it, envOn(t, "2026-03-02"))
			env := envOn(t, "2026-03-03")
			cmd := commands[act]
			_, err := cmd.run(c, it, approver2, env)
			checkErr(t, err, conflict("tasks_outstanding"))
			if c.Status != casework.Accepted || c.Decision != nil || task(t, c, "决定").Status != waiting {
				t.Fatalf("a refused decision: status %v decision %+v 决定 %v", c.Status, c.Decision, task(t, c, "决定").Status)
			}
			reviewAll(t, c, env)
			ok(t)(cmd.run(c, it, approver2, env))
		})
	}
}

func TestDeliveryDueOverTheHoliday(t *testing.T) {
	// Decided Thu 2026-09-24: 09-25..27 (Mid-Autumn) and 10-01..07 are off; the working
	// days after it are 09-28, 29, 30, 10-08, 09, Sat 10-10 (make-up), 12, 13, 14, 15.
	it := promisedItem()
	c := accepted(t, it, envOn(t, "2026-09-22"))
	reviewAll(t, c, envOn(t, "2026-09-23"))
	ok(t)(c.Approve(approver2, it, casework.DecisionInput{}, envOn(t, "2026-09-24")))
	if got, want := dueString(task(t, c, "送达").Due), "2026-10-15"; got != want {
		t.Errorf("送达 due: got %v, want %v", got, want)
	}
}

// TestDecisionKeepsCompletedReviewSteps: a review step finished before the decision
// stays done, with the opinion and person that finished it.
func TestDecisionKeepsCompletedReviewSteps(t *testing.T) {
	tests := []struct {
		name    string
		approve bool
	}{
		{name: "approve", approve: true},
		{name: "deny", approve: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			c := accepted(t, it, envOn(t, "2026-03-02"))
			first := envOn(t, "2026-03-03")
			ok(t)(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 1, Opinion: "材料真实"}, first))
			var err error
			if tt.approve {
				_, err = c.Approve(approver2, it, casework.DecisionInput{}, envOn(t, "2026-03-04"))
			} else {
				_, err = c.Deny(approver2, it, casework.DecisionInput{Reason: "不符合"}, envOn(t, "2026-03-04"))
			}
			must(t, err)
			got := c.Tasks[0]
			want := casework.Task{Seq: 1, Step: "审查", Kind: catalog.StepReview, Department: deptCode, Role: access.Approver,
				Status: done, Stage: 1, Day: 2, Due: date(t, "2026-03-04"), YellowFrom: date(t, "2026-03-03"),
				OpenedAt: envOn(t, "2026-03-02").Now, DoneBy: approver.Username, DoneAt: first.Now, Opinion: "材料真实"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("审查 (-want +got):\n%s", diff)
			}
			if got := c.Tasks[1]; got.Status != done || got.DoneBy != approver2.Username {
				t.Errorf("决定: got %v by %q, want done by %q", got.Status, got.DoneBy, approver2.Username)
			}
		})
	}
}

func TestDenyCancelsTheCertificateButDelivers(t *testing.T) {
	it := promisedItem()
	it.Procedure = procedure("受理", "审查", "决定", "制证", "出证", "发证", "送达", "核查")
	c := accepted(t, it, envOn(t, "2026-03-02"))
	decided := envOn(t, "2026-03-04")
	reviewAll(t, c, decided)
	ok(t)(c.Deny(approver, it, casework.DecisionInput{Reason: "不符合法定条件"}, decided))
	want := []taskView{
		{1, "审查", access.Approver, done, 2, "2026-03-04"},
		{2, "决定", access.Approver, done, 3, "2026-03-05"},
		{3, "制证", access.CertificateOfficer, cancelled, art44, "<nil>"},
		{4, "出证", access.CertificateOfficer, cancelled, art44, "<nil>"},
		{5, "发证", access.CertificateOfficer, cancelled, art44, "<nil>"},
		{6, "送达", access.CertificateOfficer, open, art44, "2026-03-18"},
		{7, "核查", access.Approver, cancelled, art44, "<nil>"}, // nothing granted, nothing to check
	}
	if diff := cmp.Diff(want, view(c)); diff != "" {
		t.Errorf("tasks (-want +got):\n%s", diff)
	}
	if c.Status != casework.Denied || c.Decision == nil || c.Decision.Approved || c.Decision.Reason != "不符合法定条件" {
		t.Errorf("got status %v decision %+v, want denied with the reason", c.Status, c.Decision)
	}
}

func TestDenyNeedsAReason(t *testing.T) {
	it := promisedItem()
	c := accepted(t, it, envOn(t, "2026-03-02"))
	checkErr(t, errOf(c.Deny(approver, it, casework.DecisionInput{Reason: "  "}, envOn(t, "2026-03-03"))), required("reason"))
	if c.Status != casework.Accepted || c.Decision != nil {
		t.Errorf("got status %v decision %+v, want accepted with no decision", c.Status, c.Decision)
	}
}

func TestInstantItemAtTheWindow(t *testing.T) {
	it := instantItem()
	env := envOn(t, "2026-03-02")
	c := complete(t, it, env)

	checkErr(t, errOf(c.Accept(clerk, it, casework.AcceptInput{}, env)), invalidTransition)
	checkErr(t, errOf(c.AcceptWithGaps(clerk, it, casework.AcceptWithGapsInput{
		Gaps: []casework.GapInput{{Material: matIDCard, Due: date(t, "2026-03-09")}}}, env)), invalidTransition)

	ok(t)(c.Approve(clerk, it, casework.DecisionInput{}, env))
	if c.Status != casework.Approved {
		t.Fatalf("status: got %v, want %v", c.Status, casework.Approved)
	}
	if c.AcceptedAt == nil || !c.AcceptedAt.Equal(env.Now) || c.AcceptedBy != clerk.Username {
		t.Errorf("got AcceptedAt %v by %q, want %v by %q", c.AcceptedAt, c.AcceptedBy, env.Now, clerk.Username)
	}
	// An instant item has no promised days to share: its decision has no limit of its own.
	want := []taskView{
		{1, "审核", access.Approver, done, 0, "<nil>"},
		{2, "送达", access.CertificateOfficer, open, art44, "2026-03-16"},
	}
	if diff := cmp.Diff(want, view(c)); diff != "" {
		t.Errorf("tasks (-want +got):\n%s", diff)
	}
	if c.Tasks[0].DoneBy != clerk.Username {
		t.Errorf("审核 done by: got %v, want %v", c.Tasks[0].DoneBy, clerk.Username)
	}
	if c.PromisedDue != 0 || c.LegalDue != 0 {
		t.Errorf("got dates %v, want none for a case decided at once", dates(c))
	}
}

func TestInstantDenyAtTheWindow(t *testing.T) {
	it := instantItem()
	env := envOn(t, "2026-03-02")
	c := complete(t, it, env)
	ok(t)(c.Deny(clerk, it, casework.DecisionInput{Reason: "不符合条件"}, env))
	want := []taskView{
		{1, "审核", access.Approver, done, 0, "<nil>"},
		{2, "送达", access.CertificateOfficer, open, art44, "2026-03-16"},
	}
	if diff := cmp.Diff(want, view(c)); diff != "" {
		t.Errorf("tasks (-want +got):\n%s", diff)
	}
}

// TestInstantApproveChecksMaterials: deciding an instant item at the window is also
// its acceptance, so every required material must be there, as for Accept.
func TestInstantApproveChecksMaterials(t *testing.T) {
	it := instantItem()
	env := envOn(t, "2026-03-02")
	c := submitted(t, it, env) // no 身份证
	checkErr(t, errOf(c.Approve(clerk, it, casework.DecisionInput{}, env)), conflict("materials_missing"))
	if c.Status != casework.Submitted {
		t.Errorf("status: got %v, want %v", c.Status, casework.Submitted)
	}
}

func TestWithdraw(t *testing.T) {
	for _, s := range allStatuses {
		t.Run(string(s), func(t *testing.T) {
			it := promisedItem()
			c := inStatus(t, it, s)
			env := envOn(t, "2026-03-11")
			_, err := c.Withdraw(owner, casework.ReasonInput{Reason: "不再需要"}, env)
			if !slices.Contains(casework.OpenStatuses, s) {
				checkErr(t, err, invalidTransition)
				if c.Status != s {
					t.Errorf("status: got %v, want %v", c.Status, s)
				}
				return
			}
			must(t, err)
			if c.Status != casework.Withdrawn {
				t.Errorf("status: got %v, want %v", c.Status, casework.Withdrawn)
			}
			want := &casework.Closure{Reason: "不再需要", By: owner.Username, At: env.Now}
			if diff := cmp.Diff(want, c.Closure); diff != "" {
				t.Errorf("closure (-want +got):\n%s", diff)
			}
			for _, tk := range c.Tasks {
				if tk.Status == open || tk.Status == waiting {
					t.Errorf("task %s: got %v, want done or cancelled", tk.Step, tk.Status)
				}
			}
		})
	}
}

func TestWithdrawEndsTheSuspensionAndCancelsTasks(t *testing.T) {
	it := promisedItem()
	c := accepted(t, it, envOn(t, "2026-03-02"))
	ok(t)(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 1, Opinion: "同意"}, envOn(t, "2026-03-03")))
	ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForExpertReview}, envOn(t, "2026-03-03")))
	env := envOn(t, "2026-03-06")
	ok(t)(c.Withdraw(owner, casework.ReasonInput{Reason: "不再需要"}, env))
	if c.Suspended() {
		t.Errorf("Suspended: got true, want false")
	}
	if u := c.Suspensions[0].Until; u == nil || !u.Equal(env.Now) {
		t.Errorf("suspension until: got %v, want %v", u, env.Now)
	}
	got := make([]casework.TaskStatus, 0, len(c.Tasks))
	for _, tk := range c.Tasks {
		got = append(got, tk.Status)
	}
	if diff := cmp.Diff([]casework.TaskStatus{done, cancelled, cancelled, cancelled}, got); diff != "" {
		t.Errorf("task statuses (-want +got):\n%s", diff)
	}
	k, err := c.ClockAt(cal, date(t, "2026-03-06"))
	must(t, err)
	if k != nil {
		t.Errorf("clock after withdrawal: got %+v, want nil", k)
	}
}

// TestRefusedActionsLeaveTheCaseAlone: an action refused for its status changes nothing.
func TestRefusedActionsLeaveTheCaseAlone(t *testing.T) {
	for _, act := range []casework.Action{casework.Approve, casework.Withdraw, casework.Suspend, casework.Extend, casework.Accept,
		casework.Deliver} {
		t.Run(string(act), func(t *testing.T) {
			it := matrixItem(catalog.Promised, casework.Approved)
			c := inStatus(t, it, casework.Approved)
			before := *c
			before.Tasks = append([]casework.Task(nil), c.Tasks...)
			cmd := commands[act]
			checkErr(t, errOf(cmd.run(c, it, cmd.actor(it), envOn(t, actDay))), invalidTransition)
			if diff := cmp.Diff(&before, c, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("case changed (-before +after):\n%s", diff)
			}
		})
	}
}
