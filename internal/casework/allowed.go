package casework

import (
	"yiwang/internal/access"
	"yiwang/internal/catalog"
)

// Allowed returns the actions a may take on c now, in Actions order: those the
// transition table lets a's role and scope take in c's status, less those the
// command would refuse at once for what the case itself shows (a step still to
// finish before the decision, the one extension already used, a clock that is
// not stopped). A command can still refuse an allowed action on its input, and
// on what only it checks (an instant item's missing materials). Pages show a
// person only the actions listed here; the commands check everything again.
func (c *Case) Allowed(a access.Actor) []Action {
	var out []Action
	for _, act := range Actions {
		if c.allows(a, act) {
			out = append(out, act)
		}
	}
	return out
}

func (c *Case) allows(a access.Actor, act Action) bool {
	switch act {
	case CompleteTask:
		return check(c, a, act) == nil && len(c.Completable(a)) > 0
	case Approve:
		return checkDecider(c, a, act) == nil && c.outstandingBefore() == nil && len(c.openGaps()) == 0
	case Deny:
		return checkDecider(c, a, act) == nil && c.outstandingBefore() == nil
	case Resume:
		return check(c, a, act) == nil && c.Suspended()
	case Extend:
		return check(c, a, act) == nil && c.Extension == nil
	case Issue:
		return check(c, a, act) == nil && c.hasStep(catalog.StepIssue)
	case Deliver:
		return check(c, a, act) == nil && !(c.Status == Approved && c.hasStep(catalog.StepIssue))
	}
	return check(c, a, act) == nil
}

// Completable returns the tasks a may complete now (CompleteTask).
func (c *Case) Completable(a access.Actor) []Task {
	if check(c, a, CompleteTask) != nil {
		return nil
	}
	var out []Task
	for i := range c.Tasks {
		if c.completable(&c.Tasks[i], a) == nil {
			out = append(out, c.Tasks[i])
		}
	}
	return out
}
