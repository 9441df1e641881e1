package casework_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
)

// jointItem is a licence reviewed by its department (审查) while another department
// inspects the site at the same time (勘验, 并联), then checked again (复核) and
// decided: stage 1 has two tasks of two departments, stage 2 one, stage 3 the decision.
func jointItem() *catalog.Item {
	it := promisedWith(10, 20)
	it.Procedure = []catalog.Step{
		{Name: "受理", Kind: catalog.StepAccept},
		{Name: "审查", Kind: catalog.StepReview},
		{Name: "勘验", Kind: catalog.StepInspect, Department: otherDept, Parallel: true},
		{Name: "复核", Kind: catalog.StepReview},
		{Name: "决定", Kind: catalog.StepDecide},
		{Name: "制证", Kind: catalog.StepIssue},
		{Name: "送达", Kind: catalog.StepDeliver},
	}
	return it
}

// stageView is what the stage tests compare of a task.
type stageView struct {
	Step       string
	Department string
	Stage      int
	Status     casework.TaskStatus
}

func stages(c *casework.Case) []stageView {
	var out []stageView
	for _, t := range c.Tasks {
		out = append(out, stageView{t.Step, t.Department, t.Stage, t.Status})
	}
	return out
}

func TestFixturesAreValidItems(t *testing.T) {
	// matrixItem(catalog.Instant, …) is left out on purpose: it puts review steps on an
	// instant item, which Validate refuses, to reach states the matrix must still cover.
	for _, it := range []*catalog.Item{promisedItem(), instantItem(), jointItem(), explicitDaysItem(3, 5, 1, 0),
		matrixItem(catalog.Promised, casework.Accepted)} {
		t.Run(it.Code+"/"+it.Procedure[1].Name, func(t *testing.T) {
			if err := it.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

// TestParallelTasksOfTwoDepartments: the tasks of one stage open together, each
// department completes only its own, the next stage opens when both are done, and
// the decision waits for every review and inspection.
func TestParallelTasksOfTwoDepartments(t *testing.T) {
	it := jointItem()
	accept := envOn(t, "2026-03-02")
	c := accepted(t, it, accept)
	env := envOn(t, "2026-03-03")
	want := []stageView{
		{"审查", deptCode, 1, open},
		{"勘验", otherDept, 1, open},
		{"复核", deptCode, 2, waiting},
		{"决定", deptCode, 3, waiting},
		{"制证", deptCode, 4, waiting},
		{"送达", deptCode, 5, waiting},
	}
	if diff := cmp.Diff(want, stages(c)); diff != "" {
		t.Fatalf("at acceptance (-want +got):\n%s", diff)
	}
	for _, step := range []string{"审查", "勘验"} {
		if got := task(t, c, step).OpenedAt; !got.Equal(accept.Now) {
			t.Errorf("%s opened at %v, want at acceptance %v", step, got, accept.Now)
		}
	}

	// Each department completes only its own task.
	checkErr(t, errOf(c.CompleteTask(otherApprover, casework.CompleteTaskInput{Seq: 1, Opinion: "同意"}, env)), forbidden)
	checkErr(t, errOf(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 2, Opinion: "同意"}, env)), forbidden)
	if diff := cmp.Diff(want, stages(c)); diff != "" {
		t.Fatalf("after refused completions (-want +got):\n%s", diff)
	}
	checkErr(t, errOf(c.Approve(approver2, it, casework.DecisionInput{}, env)), conflict("tasks_outstanding"))

	// One of the two is done: the next stage still waits, and so does the decision.
	ok(t)(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 1, Opinion: "材料齐全"}, env))
	if got := task(t, c, "复核").Status; got != waiting {
		t.Errorf("复核 after 审查 alone: got %v, want %v", got, waiting)
	}
	checkErr(t, errOf(c.Approve(approver2, it, casework.DecisionInput{}, env)), conflict("tasks_outstanding"))

	ok(t)(c.CompleteTask(otherApprover, casework.CompleteTaskInput{Seq: 2, Opinion: "现场符合"}, env))
	if got := task(t, c, "复核"); got.Status != open || !got.OpenedAt.Equal(env.Now) {
		t.Errorf("复核 after both: got %v opened %v, want open at %v", got.Status, got.OpenedAt, env.Now)
	}
	if got := task(t, c, "勘验"); got.DoneBy != otherApprover.Username || got.Opinion != "现场符合" {
		t.Errorf("勘验: got done by %q with %q, want %q", got.DoneBy, got.Opinion, otherApprover.Username)
	}
	checkErr(t, errOf(c.Approve(approver2, it, casework.DecisionInput{}, env)), conflict("tasks_outstanding"))

	ok(t)(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 3, Opinion: "同意"}, env))
	if got := task(t, c, "决定").Status; got != open {
		t.Errorf("决定 after the reviews: got %v, want %v", got, open)
	}
	// The decision is the deciding department's, not the inspecting one's.
	checkErr(t, errOf(c.Approve(otherApprover, it, casework.DecisionInput{}, env)), forbidden)
	ok(t)(c.Approve(approver2, it, casework.DecisionInput{}, env))
	if c.Status != casework.Approved {
		t.Errorf("status: got %v, want %v", c.Status, casework.Approved)
	}
}

// TestDecisionByTheDecidingDepartment: the decision step may belong to another
// department than the item's; its approvers decide, the item's do not.
func TestDecisionByTheDecidingDepartment(t *testing.T) {
	it := promisedItem()
	it.Procedure[2].Department = otherDept // 决定
	c := accepted(t, it, envOn(t, fileDay))
	env := envOn(t, "2026-03-03")
	reviewAll(t, c, env)
	checkErr(t, errOf(c.Approve(approver2, it, casework.DecisionInput{}, env)), forbidden)
	ok(t)(c.Approve(otherApprover, it, casework.DecisionInput{}, env))
}

// TestStagesOpenInOrder: a stage opens only when every task of the stage before
// it is done, whichever finishes last.
func TestStagesOpenInOrder(t *testing.T) {
	tests := []struct {
		name  string
		order []int // seqs completed, in order
		want  [][]casework.TaskStatus
	}{
		{name: "review first", order: []int{1, 2, 3}, want: [][]casework.TaskStatus{
			{done, open, waiting, waiting},
			{done, done, open, waiting},
			{done, done, done, open},
		}},
		{name: "inspection first", order: []int{2, 1, 3}, want: [][]casework.TaskStatus{
			{open, done, waiting, waiting},
			{done, done, open, waiting},
			{done, done, done, open},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := accepted(t, jointItem(), envOn(t, fileDay))
			env := envOn(t, "2026-03-03")
			for i, seq := range tt.order {
				ok(t)(c.CompleteTask(approverOf(c.Tasks[seq-1].Department), casework.CompleteTaskInput{Seq: seq, Opinion: "同意"}, env))
				var got []casework.TaskStatus
				for _, tk := range c.Tasks[:4] {
					got = append(got, tk.Status)
				}
				if diff := cmp.Diff(tt.want[i], got); diff != "" {
					t.Errorf("after seq %d (-want +got):\n%s", seq, diff)
				}
			}
		})
	}
}

// explicitDaysItem is jointItem with limits of its own for the review, the
// inspection in parallel to it, the second review and the decision.
func explicitDaysItem(review, inspect, recheck, decide int) *catalog.Item {
	it := jointItem()
	for i, d := range []int{0, review, inspect, recheck, decide} {
		it.Procedure[i].Days = d
	}
	return it
}

// TestStepDays: steps with limits of their own are due stage after stage (a stage
// ends with its longest task), and a decision without one on the promised date;
// without any, the promised limit is shared evenly among the stages.
func TestStepDays(t *testing.T) {
	tests := []struct {
		name string
		item *catalog.Item
		want []taskView
	}{
		{name: "even split of 10 days over 3 stages", item: jointItem(), want: []taskView{
			{1, "审查", access.Approver, open, 4, "2026-03-06"},
			{2, "勘验", access.Approver, open, 4, "2026-03-06"},
			{3, "复核", access.Approver, waiting, 7, "2026-03-11"},
			{4, "决定", access.Approver, waiting, 10, "2026-03-16"},
			{5, "制证", access.CertificateOfficer, waiting, art44, "<nil>"},
			{6, "送达", access.CertificateOfficer, waiting, art44, "<nil>"},
		}},
		{name: "own days, decision on the promised date", item: explicitDaysItem(3, 5, 1, 0), want: []taskView{
			{1, "审查", access.Approver, open, 3, "2026-03-05"},
			{2, "勘验", access.Approver, open, 5, "2026-03-09"},
			{3, "复核", access.Approver, waiting, 6, "2026-03-10"},
			{4, "决定", access.Approver, waiting, 10, "2026-03-16"},
			{5, "制证", access.CertificateOfficer, waiting, art44, "<nil>"},
			{6, "送达", access.CertificateOfficer, waiting, art44, "<nil>"},
		}},
		{name: "own days, decision in 2 more", item: explicitDaysItem(3, 5, 1, 2), want: []taskView{
			{1, "审查", access.Approver, open, 3, "2026-03-05"},
			{2, "勘验", access.Approver, open, 5, "2026-03-09"},
			{3, "复核", access.Approver, waiting, 6, "2026-03-10"},
			{4, "决定", access.Approver, waiting, 8, "2026-03-12"},
			{5, "制证", access.CertificateOfficer, waiting, art44, "<nil>"},
			{6, "送达", access.CertificateOfficer, waiting, art44, "<nil>"},
		}},
		{name: "own days, the longer parallel task first", item: explicitDaysItem(5, 3, 1, 0), want: []taskView{
			{1, "审查", access.Approver, open, 5, "2026-03-09"},
			{2, "勘验", access.Approver, open, 3, "2026-03-05"},
			{3, "复核", access.Approver, waiting, 6, "2026-03-10"},
			{4, "决定", access.Approver, waiting, 10, "2026-03-16"},
			{5, "制证", access.CertificateOfficer, waiting, art44, "<nil>"},
			{6, "送达", access.CertificateOfficer, waiting, art44, "<nil>"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must(t, tt.item.Validate())
			c := accepted(t, tt.item, envOn(t, fileDay)) // Mon 2026-03-02
			if diff := cmp.Diff(tt.want, view(c)); diff != "" {
				t.Errorf("tasks (-want +got):\n%s", diff)
			}
			for _, tk := range c.Tasks {
				if tk.Due == 0 {
					continue
				}
				if y, err := cal.YellowFrom(tk.Due, c.YellowDays); err != nil || tk.YellowFrom != y {
					t.Errorf("%s: yellow from %v, want %v (%v)", tk.Step, tk.YellowFrom, y, err)
				}
			}
		})
	}
}

// TestPostCheck: a post-check (事后核查) opens with the steps after an approval and
// is completed afterwards by its department; a denial cancels it.
func TestPostCheck(t *testing.T) {
	it := promisedItem()
	it.Procedure = append(it.Procedure, catalog.Step{Name: "核查", Kind: catalog.StepPostCheck, Department: otherDept, Days: 20})
	c := accepted(t, it, envOn(t, fileDay))
	env := envOn(t, "2026-03-03")
	checkErr(t, errOf(c.CompleteTask(otherApprover, casework.CompleteTaskInput{Seq: 5, Opinion: "核查完毕"}, env)), invalidTransition)
	reviewAll(t, c, env)
	ok(t)(c.Approve(approver2, it, casework.DecisionInput{}, env))
	// 20 working days after Tue 03-03 is Tue 03-31.
	if got := task(t, c, "核查"); got.Status != open || got.Due != date(t, "2026-03-31") {
		t.Fatalf("核查 after approval: got %v due %v, want open due 2026-03-31", got.Status, dueString(got.Due))
	}
	// After the decision only the post-check is completed as a task.
	checkErr(t, errOf(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 3, Opinion: "已制证"}, env)), invalidTransition)
	checkErr(t, errOf(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 5, Opinion: "核查完毕"}, env)), forbidden)
	later := envOn(t, "2026-03-20")
	ok(t)(c.CompleteTask(otherApprover, casework.CompleteTaskInput{Seq: 5, Opinion: "核查完毕"}, later))
	if got := task(t, c, "核查"); got.Status != done || !got.DoneAt.Equal(later.Now) || c.Status != casework.Approved {
		t.Errorf("核查: got %v at %v, case %v; want done at %v, case still approved", got.Status, got.DoneAt, c.Status, later.Now)
	}
}

// TestInvolvedDepartmentActs: an approver of a department with a task in a case
// may stop and restart its clock and ask for an extension, like the owning one;
// a department without a task may not.
func TestInvolvedDepartmentActs(t *testing.T) {
	c := accepted(t, jointItem(), envOn(t, fileDay))
	env := envOn(t, "2026-03-03")
	third := access.Actor{Username: "appr.zjj", Role: access.Approver, Department: "zjj"}
	extension := casework.ExtendInput{Days: 2, Reason: "现场复杂", ApprovedBy: "局长"}
	checkErr(t, errOf(c.Suspend(third, casework.SuspendInput{Reason: casework.ForSiteInspection}, env)), forbidden)
	// The inspecting department may stop the clock while its inspection is open...
	ok(t)(c.Suspend(otherApprover, casework.SuspendInput{Reason: casework.ForSiteInspection}, env))
	ok(t)(c.Resume(otherApprover, envOn(t, "2026-03-04")))
	// ...but the extension is the deciding organ's (Art. 42).
	checkErr(t, errOf(c.Extend(otherApprover, extension, env)), forbidden)
	ok(t)(c.Extend(approver, extension, env))
	// Once its inspection is done, it no longer stops the others' clock.
	ok(t)(c.CompleteTask(otherApprover, casework.CompleteTaskInput{Seq: 2, Opinion: "现场与图纸一致"}, env))
	checkErr(t, errOf(c.Suspend(otherApprover, casework.SuspendInput{Reason: casework.ForSiteInspection}, env)), forbidden)
	ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForExpertReview}, env))
}
