package casework

import (
	"slices"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
)

// Action is a command on a case; its name is the one used in the API and the audit trail.
type Action string

// The actions of the lifecycle.
const (
	Submit            Action = "submit"
	Accept            Action = "accept"
	AcceptWithGaps    Action = "accept_with_gaps"
	RequestCorrection Action = "request_correction"
	Supplement        Action = "supplement"
	Refuse            Action = "refuse"
	CompleteTask      Action = "complete_task"
	Approve           Action = "approve"
	Deny              Action = "deny"
	Suspend           Action = "suspend"
	Resume            Action = "resume"
	Extend            Action = "extend"
	Withdraw          Action = "withdraw"
	DeemAccept        Action = "deemed_accept"
	RefreshDeadlines  Action = "refresh_deadlines"
	Issue             Action = "issue"
	Deliver           Action = "deliver"
)

// Actions lists every action a person may take on an existing case, in lifecycle
// order: the web routes and the API document are made from it.
var Actions = []Action{Accept, AcceptWithGaps, RequestCorrection, Supplement, Refuse, CompleteTask, Approve, Deny,
	Suspend, Resume, Extend, Withdraw, Issue, Deliver}

// rule says in which statuses an action is legal and who may take it.
type rule struct {
	from        []Status
	instantFrom []Status // when the item is instant (即办件); nil means the same as from
	// running: the clock must be running, i.e. the case may not be suspended.
	running bool
	who     func(a access.Actor, c *Case) bool
}

func clerkOfHall(a access.Actor, c *Case) bool { return a.Role == access.Clerk && a.Hall == c.Hall }

// approverOfCase: an approver of a department that owns the case or has a task in it.
func approverOfCase(a access.Actor, c *Case) bool {
	return a.Role == access.Approver && c.involves(a.Department)
}

// approverAtWork: an approver of the deciding department, or of one with a task
// still to do; a department whose part is done does not stop the others' clock.
func approverAtWork(a access.Actor, c *Case) bool {
	return decidingApprover(a, c) || a.Role == access.Approver && slices.ContainsFunc(c.Tasks, func(t Task) bool {
		return t.Department == a.Department && !t.finished() && !t.Kind.AfterDecision()
	})
}

// decidingApprover: an approver of the department of the decision step.
func decidingApprover(a access.Actor, c *Case) bool {
	return a.Role == access.Approver && a.Department == c.decidingDepartment()
}

// issuer makes and hands over certificates: the certificate officer of the case's
// hall, and for an instant item the window clerk too (即办件 issued at the window).
func issuer(a access.Actor, c *Case) bool {
	return a.Role == access.CertificateOfficer && a.Hall == c.Hall || c.Handling == catalog.Instant && clerkOfHall(a, c)
}
func owner(a access.Actor, c *Case) bool  { return a.Owns(c.Applicant.ID) }
func system(a access.Actor, c *Case) bool { return a.Role == access.System }

var reviewing = []Status{Accepted, InReview}

// rules is the transition table of DESIGN.md. Acceptance is the window's (受理), the
// decision the department's (审批); an instant item is decided at the window in one step.
var rules = map[Action]rule{
	Accept:            {from: []Status{Submitted}, instantFrom: []Status{}, who: clerkOfHall},
	AcceptWithGaps:    {from: []Status{Submitted}, instantFrom: []Status{}, who: clerkOfHall},
	RequestCorrection: {from: []Status{Submitted}, who: clerkOfHall},
	Refuse:            {from: []Status{Submitted}, who: clerkOfHall},
	Supplement: {from: []Status{AwaitingCorrection, Accepted, InReview},
		who: func(a access.Actor, c *Case) bool { return owner(a, c) || clerkOfHall(a, c) }},
	// After the decision only post-checks remain to complete (CompleteTask says which).
	CompleteTask: {from: []Status{Accepted, InReview, Approved, Issued, Closed}, who: approverOfCase},
	Approve: {from: reviewing, instantFrom: []Status{Submitted, Accepted, InReview}, running: true,
		who: decider},
	Deny: {from: reviewing, instantFrom: []Status{Submitted, Accepted, InReview}, running: true,
		who: decider},
	Suspend: {from: reviewing, running: true, who: approverAtWork},
	Resume:  {from: reviewing, who: approverAtWork},
	// The extension is approved by the head of the deciding organ (Art. 42).
	Extend: {from: reviewing, running: true, who: decidingApprover},
	Withdraw: {from: OpenStatuses, who: func(a access.Actor, c *Case) bool {
		// An applicant served at the window may have no account: the clerk records
		// their written request to withdraw.
		return owner(a, c) || c.Channel == Window && clerkOfHall(a, c)
	}},
	DeemAccept: {from: []Status{Submitted}, who: system},
	// After the decision, the steps that follow it keep dates to refresh.
	RefreshDeadlines: {from: []Status{Accepted, InReview, Approved, Issued, Denied}, who: system},
	Issue:            {from: []Status{Approved}, who: issuer},
	Deliver:          {from: []Status{Approved, Issued, Denied}, who: issuer},
}

// check refuses act on c by a unless the role and scope allow it (Forbidden) and the
// status allows it (Conflict, code invalid_transition).
func check(c *Case, a access.Actor, act Action) error {
	r, ok := rules[act]
	if !ok {
		return apperr.Invalidf("action", "未知操作 %q", act)
	}
	if !r.who(a, c) {
		return apperr.Forbiddenf("无权对本办件执行“%s”", act.Name())
	}
	from := r.from
	if c.Handling == catalog.Instant && r.instantFrom != nil {
		from = r.instantFrom
	}
	if !slices.Contains(from, c.Status) {
		return invalidTransition(act, c.Status)
	}
	if r.running && c.Suspended() {
		return apperr.Conflictf("invalid_transition", "办件处于暂停计时状态，须先恢复计时才能“%s”", act.Name())
	}
	return nil
}

func invalidTransition(act Action, s Status) error {
	return apperr.Conflictf("invalid_transition", "办件当前的状态为“%s”，不能“%s”", s.Name(), act.Name())
}
