package casework

import (
	"time"

	"slices"
	"strings"
	"yiwang/internal/workday"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
)

// TaskStatus is where one procedure step stands.
type TaskStatus string

// Task statuses: review steps run one after another (waiting → open → done); the
// steps after the decision wait for it.
const (
	TaskWaiting   TaskStatus = "waiting"
	TaskOpen      TaskStatus = "open"
	TaskDone      TaskStatus = "done"
	TaskCancelled TaskStatus = "cancelled"
)

// DeliveryDays is Art. 44 行政许可法: the decision is delivered within 10 days.
const DeliveryDays = 10

// Task is one procedure step of the item for its department.
type Task struct {
	Seq        int         `json:"seq"`
	Step       string      `json:"step"`
	Department string      `json:"department"`
	Role       access.Role `json:"role"`
	Status     TaskStatus  `json:"status"`
	// Day is the step's place in the promised limit (working days after acceptance);
	// 0 for the steps after the decision, whose date the decision sets.
	Day     int           `json:"day"`
	Due     *workday.Date `json:"due"`
	DoneBy  string        `json:"done_by,omitempty"`
	DoneAt  *time.Time    `json:"done_at,omitempty"`
	Opinion string        `json:"opinion,omitempty"`
}

// Steps the window performs itself (受理) or that follow the decision (制证, 送达).
var (
	windowSteps       = []string{"受理"}
	afterDecisionStep = []string{"制证", "出证", "发证", "送达"}
)

// newTasks turns the item's procedure into tasks: review steps share the promised
// limit evenly, the last one due on the promised date.
func newTasks(it *catalog.Item) []Task {
	var review, after []string
	for _, s := range it.Procedure {
		switch {
		case slices.Contains(windowSteps, s):
		case slices.Contains(afterDecisionStep, s):
			after = append(after, s)
		default:
			review = append(review, s)
		}
	}
	tasks := make([]Task, 0, len(review)+len(after))
	for i, s := range review {
		day := (it.PromisedDays*(i+1) + len(review) - 1) / len(review)
		st := TaskWaiting
		if i == 0 {
			st = TaskOpen
		}
		tasks = append(tasks, Task{Step: s, Department: it.Department, Role: access.Approver, Status: st, Day: max(day, 1)})
	}
	for _, s := range after {
		tasks = append(tasks, Task{Step: s, Department: it.Department, Role: access.CertificateOfficer, Status: TaskWaiting})
	}
	for i := range tasks {
		tasks[i].Seq = i + 1
	}
	return tasks
}

// CompleteTaskInput records the opinion on the open review step.
type CompleteTaskInput struct {
	Seq     int    `json:"seq"`
	Opinion string `json:"opinion"`
}

// CompleteTask finishes the open review step with an opinion and opens the next one.
// The last review step is the decision itself: approve or deny finishes it.
func (c *Case) CompleteTask(by access.Actor, in CompleteTaskInput, env Env) error {
	if err := check(c, by, CompleteTask); err != nil {
		return err
	}
	i := slices.IndexFunc(c.Tasks, func(t Task) bool { return t.Seq == in.Seq })
	switch {
	case i < 0:
		return apperr.Invalidf("seq", "办件没有第%d个环节", in.Seq)
	case c.Tasks[i].Status != TaskOpen || c.Tasks[i].Role != access.Approver:
		return apperr.Conflictf("invalid_transition", "环节“%s”当前不能办理", c.Tasks[i].Step)
	case i+1 >= len(c.Tasks) || c.Tasks[i+1].Role != access.Approver:
		return apperr.Conflictf("invalid_transition", "最后一个审查环节以批准或不予批准办结")
	}
	if err := text("opinion", in.Opinion, true); err != nil {
		return err
	}
	c.finishTask(i, by, in.Opinion, env)
	c.Tasks[i+1].Status = TaskOpen
	c.Status = InReview
	return nil
}

func (c *Case) finishTask(i int, by access.Actor, opinion string, env Env) {
	t := &c.Tasks[i]
	t.Status, t.DoneBy, t.DoneAt, t.Opinion = TaskDone, by.Username, &env.Now, opinion
}

// DecisionInput is an approval (reason optional) or denial (reason required).
type DecisionInput struct {
	Reason string `json:"reason"`
}

// Approve grants the application. On a promised item the person who accepted it may
// not approve it (受审分离).
func (c *Case) Approve(by access.Actor, it *catalog.Item, in DecisionInput, env Env) error {
	if err := checkDecider(c, by, Approve); err != nil {
		return err
	}
	if err := text("reason", in.Reason, false); err != nil {
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
}

// Deny refuses the licence with the written reason the law requires (Art. 38).
func (c *Case) Deny(by access.Actor, it *catalog.Item, in DecisionInput, env Env) error {
	if err := checkDecider(c, by, Deny); err != nil {
		return err
	}
	if err := text("reason", in.Reason, true); err != nil {
		return err
	}
	return c.decide(by, it, false, in.Reason, env)
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

// decide records the decision, finishes the review steps and dates the steps after
// it: the certificate is made only on approval, the decision is delivered either way.
func (c *Case) decide(by access.Actor, it *catalog.Item, approved bool, reason string, env Env) error {
	if c.AcceptedAt == nil { // instant item decided at the window: acceptance and decision are one step
		c.AcceptedAt, c.AcceptedBy = &env.Now, by.Username
		c.Tasks = newTasks(it)
	}
	deliverBy, err := dueOrPending(env.Cal, env.today(), DeliveryDays)
	if err != nil {
		return err
	}
	for i := range c.Tasks {
		t := &c.Tasks[i]
		switch {
		case t.Role == access.Approver:
			if t.Status != TaskDone {
				c.finishTask(i, by, reason, env)
			}
		case !approved && t.Step != "送达":
			t.Status = TaskCancelled
		default:
			t.Status, t.Due = TaskOpen, deliverBy
		}
	}
	c.Decision = &Decision{Approved: approved, Reason: reason, By: by.Username, At: env.Now}
	c.Status = Denied
	if approved {
		c.Status = Approved
	}
	return nil
}

func (c *Case) cancelTasks() {
	for i := range c.Tasks {
		if c.Tasks[i].Status == TaskOpen || c.Tasks[i].Status == TaskWaiting {
			c.Tasks[i].Status = TaskCancelled
		}
	}
}
