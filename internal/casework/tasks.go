package casework

import (
	"slices"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// TaskStatus is where one procedure step stands.
type TaskStatus string

// Task statuses: the tasks of a stage open together (waiting → open → done), the
// next stage when all of them are done; the steps after the decision wait for it.
const (
	TaskWaiting   TaskStatus = "waiting"
	TaskOpen      TaskStatus = "open"
	TaskDone      TaskStatus = "done"
	TaskCancelled TaskStatus = "cancelled"
)

// Task is one procedure step of a case, owned by one department. Every field is a
// value, so a task compares with == (the store saves only tasks that changed).
type Task struct {
	Seq        int              `json:"seq"`
	Step       string           `json:"step"`
	Kind       catalog.StepKind `json:"kind"`
	Department string           `json:"department"`
	Role       access.Role      `json:"role"`
	Status     TaskStatus       `json:"status"`
	// Stage orders the tasks: those of one stage run at the same time (并联).
	Stage int `json:"stage"`
	// Day is where the task's limit ends: working days after acceptance for the
	// steps up to the decision, after the decision for the steps following it.
	Day        int          `json:"day"`
	Due        workday.Date `json:"due,omitzero"`
	YellowFrom workday.Date `json:"yellow_from,omitzero"`
	OpenedAt   time.Time    `json:"opened_at,omitzero"`
	DoneBy     string       `json:"done_by,omitempty"`
	DoneAt     time.Time    `json:"done_at,omitzero"`
	Opinion    string       `json:"opinion,omitempty"`
}

// withinPromise reports whether t runs within the promised limit: review,
// inspection and the decision itself (unlike StepKind.BeforeDecision, which
// leaves the decision out).
func (t *Task) withinPromise() bool { return !t.Kind.AfterDecision() }

// finished reports whether t needs nothing more.
func (t *Task) finished() bool { return t.Status == TaskDone || t.Status == TaskCancelled }

// newTasks turns the item's procedure into tasks. The steps up to the decision get
// their own limits where the item sets them, counted stage after stage; otherwise
// the promised limit is shared evenly among the stages, the decision due on the
// promised date. The steps after the decision count from it.
func newTasks(it *catalog.Item) []Task {
	var tasks []Task
	stage := 0
	for _, s := range it.Procedure {
		if s.Kind == catalog.StepAccept {
			continue // the window's own step: the acceptance itself
		}
		if !s.Parallel || s.Kind.AfterDecision() {
			stage++
		}
		role := access.Approver
		if s.Kind == catalog.StepIssue || s.Kind == catalog.StepDeliver {
			role = access.CertificateOfficer
		}
		tasks = append(tasks, Task{Seq: len(tasks) + 1, Step: s.Name, Kind: s.Kind, Department: it.DepartmentOf(s),
			Role: role, Status: TaskWaiting, Stage: stage, Day: s.Days})
	}
	planDays(tasks, it.PromisedDays)
	return tasks
}

// planDays sets each task's Day: see newTasks.
func planDays(tasks []Task, promised int) {
	stages, explicit := 0, false
	for _, t := range tasks {
		if t.withinPromise() {
			stages = t.Stage
			explicit = explicit || t.Day > 0
		}
	}
	end, stageStart := 0, map[int]int{} // end: the last day reached by the stages so far
	for i := range tasks {
		t := &tasks[i]
		switch {
		case t.Kind.AfterDecision():
			if t.Day == 0 {
				t.Day = catalog.DeliveryDays
			}
		case !explicit: // the promise shared evenly, each stage ending on its share
			t.Day = max((promised*t.Stage+stages-1)/stages, min(promised, 1))
		default:
			if _, ok := stageStart[t.Stage]; !ok {
				stageStart[t.Stage] = end
			}
			own := t.Day
			t.Day = stageStart[t.Stage] + own
			end = max(end, t.Day)
			if t.Kind == catalog.StepDecide && own == 0 {
				t.Day = max(promised, t.Day) // a decision without its own limit is due on the promised date
			}
		}
	}
}

// openStage opens the first stage before the decision that is not finished, if
// none of its tasks is open yet.
func (c *Case) openStage(now time.Time) {
	for i := range c.Tasks {
		t := &c.Tasks[i]
		if !t.withinPromise() || t.finished() {
			continue
		}
		for j := range c.Tasks {
			if u := &c.Tasks[j]; u.Stage == t.Stage && u.Status == TaskWaiting {
				u.Status, u.OpenedAt = TaskOpen, now
			}
		}
		return
	}
}

// taskBySeq returns the index of the task seq, or an Invalid error naming field seq.
func (c *Case) taskBySeq(seq int) (int, error) {
	i := slices.IndexFunc(c.Tasks, func(t Task) bool { return t.Seq == seq })
	if i < 0 {
		return -1, apperr.Invalidf("seq", "办件没有第%d个环节", seq)
	}
	return i, nil
}

// involves reports whether department owns c or has a task in it.
func (c *Case) involves(department string) bool {
	return department != "" && (c.Department == department ||
		slices.ContainsFunc(c.Tasks, func(t Task) bool { return t.Department == department }))
}

// hasStep reports whether the procedure has a step of kind that is not cancelled.
func (c *Case) hasStep(kind catalog.StepKind) bool {
	return slices.ContainsFunc(c.Tasks, func(t Task) bool { return t.Kind == kind && t.Status != TaskCancelled })
}

// CompleteTaskInput records the opinion on an open task.
type CompleteTaskInput struct {
	Seq     int    `json:"seq"`
	Opinion string `json:"opinion"`
}

// CompleteTask finishes an open review or inspection task of the actor's own
// department with an opinion; when the last task of a stage is done, the next
// stage opens. After an approval it finishes a post-check (事后核查). The decision
// is not a task to complete: approve or deny makes it.
func (c *Case) CompleteTask(by access.Actor, in CompleteTaskInput, env Env) (Event, error) {
	return c.do(CompleteTask, in.Opinion, func() error {
		if err := check(c, by, CompleteTask); err != nil {
			return err
		}
		i, err := c.taskBySeq(in.Seq)
		if err != nil {
			return err
		}
		t := &c.Tasks[i]
		if err := c.completable(t, by); err != nil {
			return err
		}
		if err := text("opinion", &in.Opinion, true); err != nil {
			return err
		}
		t.Status, t.DoneBy, t.DoneAt, t.Opinion = TaskDone, by.Username, env.Now, in.Opinion
		if c.Status.clockRunning() {
			c.openStage(env.Now)
			c.Status = InReview
		}
		return nil
	})
}

// completable refuses t unless by may complete it now: an open review or inspection
// task of by's department while the clock runs, or a post-check after the decision.
func (c *Case) completable(t *Task, by access.Actor) error {
	reviewing := c.Status.clockRunning()
	switch {
	case t.Department != by.Department:
		return apperr.Forbiddenf("环节“%s”由其他部门办理", t.Step)
	case t.Kind == catalog.StepDecide:
		return apperr.Conflictf("invalid_transition", "决定环节以批准或不予批准办结")
	case t.Status != TaskOpen || reviewing != t.Kind.BeforeDecision() || !reviewing && t.Kind != catalog.StepPostCheck:
		return apperr.Conflictf("invalid_transition", "环节“%s”当前不能办理", t.Step)
	case reviewing && c.Suspended():
		return apperr.Conflictf("invalid_transition", "办件处于暂停计时状态，须先恢复计时才能办理环节")
	}
	return nil
}

// outstandingBefore returns the first unfinished review or inspection task, which
// keeps the decision waiting.
func (c *Case) outstandingBefore() *Task {
	for i := range c.Tasks {
		if t := &c.Tasks[i]; t.Kind.BeforeDecision() && !t.finished() {
			return t
		}
	}
	return nil
}

func (c *Case) cancelTasks() {
	for i := range c.Tasks {
		if !c.Tasks[i].finished() {
			c.Tasks[i].Status = TaskCancelled
		}
	}
}
