package casework_test

import (
	"fmt"
	"slices"
	"testing"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// command runs one action of the lifecycle on c as by, with inputs that succeed
// whenever the action is legal in c's status. prepare, if set, first puts into c
// what the action needs beyond its status (a gap to supplement, a suspension to end).
type command struct {
	action  casework.Action
	prepare func(c *casework.Case, it *catalog.Item, env casework.Env)
	run     func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error)
	// actor is who takes the action when it is legal.
	actor func(it *catalog.Item) access.Actor
}

func constActor(a access.Actor) func(*catalog.Item) access.Actor {
	return func(*catalog.Item) access.Actor { return a }
}

// today plus n calendar days, in Beijing.
func dueIn(env casework.Env, n int) workday.Date { return workday.DateOf(env.Now).AddDays(n) }

var commands = map[casework.Action]command{
	casework.Accept: {
		actor: constActor(clerk),
		run: func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Accept(by, it, casework.AcceptInput{Note: "材料齐全"}, env)
		},
	},
	casework.AcceptWithGaps: {
		actor:   constActor(clerk),
		prepare: func(c *casework.Case, it *catalog.Item, _ casework.Env) { drop(c, gapMaterial(it)) },
		run: func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.AcceptWithGaps(by, it, casework.AcceptWithGapsInput{
				Gaps: []casework.GapInput{{Material: gapMaterial(it), Due: dueIn(env, 7)}}}, env)
		},
	},
	casework.RequestCorrection: {
		actor: constActor(clerk),
		run: func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.RequestCorrection(by, it, casework.CorrectionInput{
				Items: []casework.CorrectionItem{{Material: matchMaterial(it), Problem: "已过期"}}}, env)
		},
	},
	casework.Supplement: {
		actor: constActor(owner),
		prepare: func(c *casework.Case, it *catalog.Item, env casework.Env) {
			m := gapMaterial(it)
			drop(c, m)
			c.Gaps = append(c.Gaps, casework.Gap{Material: m, Name: m, Due: dueIn(env, 7)})
		},
		run: func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Supplement(by, it, casework.SupplementInput{Materials: files(gapMaterial(it))}, env)
		},
	},
	casework.Refuse: {
		actor: constActor(clerk),
		run: func(c *casework.Case, _ *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Refuse(by, casework.ReasonInput{Reason: "不属于本机关职权范围"}, env)
		},
	},
	casework.CompleteTask: {
		actor: constActor(approver),
		run: func(c *casework.Case, _ *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			seq := openReviewSeq(c)
			if seq == 0 {
				seq = 1
			}
			return c.CompleteTask(by, casework.CompleteTaskInput{Seq: seq, Opinion: "同意"}, env)
		},
	},
	casework.Approve: {
		actor:   decider,
		prepare: func(c *casework.Case, _ *catalog.Item, _ casework.Env) { reviewsDone(c) },
		run: func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Approve(by, it, casework.DecisionInput{}, env)
		},
	},
	casework.Deny: {
		actor:   decider,
		prepare: func(c *casework.Case, _ *catalog.Item, _ casework.Env) { reviewsDone(c) },
		run: func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Deny(by, it, casework.DecisionInput{Reason: "不符合法定条件"}, env)
		},
	},
	casework.Suspend: {
		actor: constActor(approver),
		run: func(c *casework.Case, _ *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Suspend(by, casework.SuspendInput{Reason: casework.ForExpertReview}, env)
		},
	},
	casework.Resume: {
		actor: constActor(approver),
		prepare: func(c *casework.Case, _ *catalog.Item, env casework.Env) {
			c.Suspensions = append(c.Suspensions, casework.Suspension{Reason: casework.ForHearing, From: env.Now, By: approver.Username})
		},
		run: func(c *casework.Case, _ *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Resume(by, env)
		},
	},
	casework.Extend: {
		actor: constActor(approver),
		run: func(c *casework.Case, _ *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Extend(by, casework.ExtendInput{Days: 5, Reason: "需专家论证", ApprovedBy: "局长"}, env)
		},
	},
	casework.Withdraw: {
		actor: constActor(owner),
		run: func(c *casework.Case, _ *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Withdraw(by, casework.ReasonInput{Reason: "不再需要"}, env)
		},
	},
	casework.DeemAccept: {
		actor: constActor(access.SystemActor),
		run: func(c *casework.Case, it *catalog.Item, _ access.Actor, env casework.Env) (casework.Event, error) {
			return c.DeemAccept(it, env)
		},
	},
	casework.RefreshDeadlines: {
		actor: constActor(access.SystemActor),
		run: func(c *casework.Case, _ *catalog.Item, _ access.Actor, env casework.Env) (casework.Event, error) {
			return c.RefreshDeadlines(env)
		},
	},
	casework.Issue: {
		actor: constActor(certOfficer),
		run: func(c *casework.Case, _ *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Issue(by, casework.IssueInput{Note: "证照已制作"}, env)
		},
	},
	casework.Deliver: {
		actor: constActor(certOfficer),
		run: func(c *casework.Case, _ *catalog.Item, by access.Actor, env casework.Env) (casework.Event, error) {
			return c.Deliver(by, casework.DeliverInput{Method: casework.PickUp, Recipient: "张三"}, env)
		},
	},
}

var (
	reviewing = []casework.Status{casework.Accepted, casework.InReview}
	openSet   = []casework.Status{casework.Submitted, casework.AwaitingCorrection, casework.Accepted, casework.InReview}
	// decidedOrRunning: a clock runs, or the steps after the decision have dates.
	decidedOrRunning = []casework.Status{casework.Accepted, casework.InReview, casework.Approved, casework.Issued, casework.Denied}
)

// legalIn is the transition table of DESIGN.md "Case lifecycle", per handling.
var legalIn = map[casework.Action]map[catalog.Handling][]casework.Status{
	casework.Accept:            {catalog.Promised: {casework.Submitted}, catalog.Instant: nil},
	casework.AcceptWithGaps:    {catalog.Promised: {casework.Submitted}, catalog.Instant: nil},
	casework.RequestCorrection: {catalog.Promised: {casework.Submitted}, catalog.Instant: {casework.Submitted}},
	casework.Refuse:            {catalog.Promised: {casework.Submitted}, catalog.Instant: {casework.Submitted}},
	casework.Supplement: {
		catalog.Promised: {casework.AwaitingCorrection, casework.Accepted, casework.InReview},
		catalog.Instant:  {casework.AwaitingCorrection, casework.Accepted, casework.InReview},
	},
	casework.CompleteTask: {catalog.Promised: reviewing, catalog.Instant: reviewing},
	casework.Approve: {
		catalog.Promised: reviewing,
		catalog.Instant:  {casework.Submitted, casework.Accepted, casework.InReview},
	},
	casework.Deny: {
		catalog.Promised: reviewing,
		catalog.Instant:  {casework.Submitted, casework.Accepted, casework.InReview},
	},
	casework.Suspend:    {catalog.Promised: reviewing, catalog.Instant: reviewing},
	casework.Resume:     {catalog.Promised: reviewing, catalog.Instant: reviewing},
	casework.Extend:     {catalog.Promised: reviewing, catalog.Instant: reviewing},
	casework.Withdraw:   {catalog.Promised: openSet, catalog.Instant: openSet},
	casework.DeemAccept: {catalog.Promised: {casework.Submitted}, catalog.Instant: {casework.Submitted}},
	// After the decision the steps that follow it keep dates of their own.
	casework.RefreshDeadlines: {catalog.Promised: decidedOrRunning, catalog.Instant: decidedOrRunning},
	// The promised matrix item makes a certificate, which must be issued before it is
	// delivered; the instant one has no issue step, so its approval is delivered at once.
	casework.Issue: {catalog.Promised: {casework.Approved}, catalog.Instant: nil},
	casework.Deliver: {
		catalog.Promised: {casework.Issued, casework.Denied},
		catalog.Instant:  {casework.Approved, casework.Issued, casework.Denied},
	},
}

// TestTransitionMatrix runs every action in every status for both handlings: a
// legal one succeeds, an illegal one is a Conflict with code invalid_transition.
func TestTransitionMatrix(t *testing.T) {
	actions := make([]casework.Action, 0, len(legalIn))
	for a := range legalIn {
		actions = append(actions, a)
	}
	slices.Sort(actions)
	if len(commands) != len(legalIn) {
		t.Fatalf("got %d commands, want one per action of the table (%d)", len(commands), len(legalIn))
	}
	for _, h := range []catalog.Handling{catalog.Promised, catalog.Instant} {
		for _, act := range actions {
			for _, s := range allStatuses {
				legal := slices.Contains(legalIn[act][h], s)
				var want *errWant
				if !legal {
					want = invalidTransition
				}
				t.Run(fmt.Sprintf("%s/%s/%s", h, act, s), func(t *testing.T) {
					it := matrixItem(h, s)
					c := inStatus(t, it, s)
					env := actEnv(t, act)
					cmd := commands[act]
					if cmd.prepare != nil {
						cmd.prepare(c, it, env)
					}
					before := c.Status
					ev, err := cmd.run(c, it, cmd.actor(it), env)
					checkErr(t, err, want)
					if !legal {
						if c.Status != before || ev.Changed() {
							t.Errorf("got status %s and event %+v after a refused %s, want %s unchanged", c.Status, ev, act, before)
						}
						return
					}
					// A refresh on the day the dates were computed finds them where they are.
					if ev.Action != act || !ev.Changed() && act != casework.RefreshDeadlines {
						t.Errorf("event: got %s with %d changes, want %s with changes", ev.Action, len(ev.Changes), act)
					}
				})
			}
		}
	}
}

// TestTransitionTargets checks the status each successful action leads to.
func TestTransitionTargets(t *testing.T) {
	tests := []struct {
		name     string
		handling catalog.Handling
		from     casework.Status
		action   casework.Action
		want     casework.Status
	}{
		{name: "accept", handling: catalog.Promised, from: casework.Submitted, action: casework.Accept, want: casework.Accepted},
		{name: "accept with gaps", handling: catalog.Promised, from: casework.Submitted, action: casework.AcceptWithGaps, want: casework.Accepted},
		{name: "request correction", handling: catalog.Promised, from: casework.Submitted, action: casework.RequestCorrection, want: casework.AwaitingCorrection},
		{name: "supplement after correction", handling: catalog.Promised, from: casework.AwaitingCorrection, action: casework.Supplement, want: casework.Submitted},
		{name: "supplement a gap keeps accepted", handling: catalog.Promised, from: casework.Accepted, action: casework.Supplement, want: casework.Accepted},
		{name: "supplement a gap keeps in_review", handling: catalog.Promised, from: casework.InReview, action: casework.Supplement, want: casework.InReview},
		{name: "refuse", handling: catalog.Promised, from: casework.Submitted, action: casework.Refuse, want: casework.Refused},
		{name: "complete task", handling: catalog.Promised, from: casework.Accepted, action: casework.CompleteTask, want: casework.InReview},
		{name: "complete task in review", handling: catalog.Promised, from: casework.InReview, action: casework.CompleteTask, want: casework.InReview},
		{name: "approve accepted", handling: catalog.Promised, from: casework.Accepted, action: casework.Approve, want: casework.Approved},
		{name: "approve in review", handling: catalog.Promised, from: casework.InReview, action: casework.Approve, want: casework.Approved},
		{name: "deny", handling: catalog.Promised, from: casework.InReview, action: casework.Deny, want: casework.Denied},
		{name: "suspend keeps status", handling: catalog.Promised, from: casework.InReview, action: casework.Suspend, want: casework.InReview},
		{name: "resume keeps status", handling: catalog.Promised, from: casework.Accepted, action: casework.Resume, want: casework.Accepted},
		{name: "extend keeps status", handling: catalog.Promised, from: casework.Accepted, action: casework.Extend, want: casework.Accepted},
		{name: "withdraw submitted", handling: catalog.Promised, from: casework.Submitted, action: casework.Withdraw, want: casework.Withdrawn},
		{name: "withdraw in review", handling: catalog.Promised, from: casework.InReview, action: casework.Withdraw, want: casework.Withdrawn},
		{name: "deem accept", handling: catalog.Promised, from: casework.Submitted, action: casework.DeemAccept, want: casework.Accepted},
		{name: "instant approve at the window", handling: catalog.Instant, from: casework.Submitted, action: casework.Approve, want: casework.Approved},
		{name: "instant deny at the window", handling: catalog.Instant, from: casework.Submitted, action: casework.Deny, want: casework.Denied},
		{name: "instant refuse", handling: catalog.Instant, from: casework.Submitted, action: casework.Refuse, want: casework.Refused},
		{name: "issue", handling: catalog.Promised, from: casework.Approved, action: casework.Issue, want: casework.Issued},
		{name: "deliver the certificate", handling: catalog.Promised, from: casework.Issued, action: casework.Deliver, want: casework.Closed},
		{name: "deliver a denial", handling: catalog.Promised, from: casework.Denied, action: casework.Deliver, want: casework.Closed},
		{name: "deliver an approval without certificate", handling: catalog.Instant, from: casework.Approved, action: casework.Deliver, want: casework.Closed},
		{name: "instant deliver a denial", handling: catalog.Instant, from: casework.Denied, action: casework.Deliver, want: casework.Closed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := matrixItem(tt.handling, tt.from)
			c := inStatus(t, it, tt.from)
			env := actEnv(t, tt.action)
			cmd := commands[tt.action]
			if cmd.prepare != nil {
				cmd.prepare(c, it, env)
			}
			ok(t)(cmd.run(c, it, cmd.actor(it), env))
			if got := c.Status; got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOpenStatuses(t *testing.T) {
	for _, s := range allStatuses {
		t.Run(string(s), func(t *testing.T) {
			want := slices.Contains(openSet, s)
			if got := slices.Contains(casework.OpenStatuses, s); got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestEveryActionHasACommand(t *testing.T) {
	for a := range commands {
		if _, ok := legalIn[a]; !ok {
			t.Errorf("command %s has no row in the table", a)
		}
	}
}

// actEnv is when a test takes act: turning a submission away (correction notice,
// refusal) only within Art. 32's five working days, everything else on actDay.
func actEnv(t *testing.T, act casework.Action) casework.Env {
	if act == casework.RequestCorrection || act == casework.Refuse {
		return envOn(t, noticeDay)
	}
	return envOn(t, actDay)
}
