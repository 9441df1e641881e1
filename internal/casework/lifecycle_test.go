package casework_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
)

// command runs one action of the lifecycle on c as by, with inputs that succeed
// whenever the action is legal in c's status. prepare, if set, first puts into c
// what the action needs beyond its status (a gap to supplement, a suspension to end).
type command struct {
	action  casework.Action
	prepare func(c *casework.Case, it *catalog.Item, env casework.Env)
	run     func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) error
	// actor is who takes the action when it is legal.
	actor func(it *catalog.Item) access.Actor
}

func constActor(a access.Actor) func(*catalog.Item) access.Actor {
	return func(*catalog.Item) access.Actor { return a }
}

var commands = []command{
	{
		action: casework.Accept, actor: constActor(clerk),
		run: func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) error {
			return c.Accept(by, it, casework.AcceptInput{Note: "材料齐全"}, env)
		},
	},
	{
		action: casework.AcceptWithGaps, actor: constActor(clerk),
		prepare: func(c *casework.Case, it *catalog.Item, _ casework.Env) { drop(c, gapMaterial(it)) },
		run: func(c *casework.Case, it *catalog.Item, by access.Actor, env casework.Env) error {
			return c.AcceptWithGaps(by, it, casework.AcceptWithGapsInput{
				Gaps: []casework.GapInput{{Material: gapMaterial(it), Due: env.Cal.Years()[0:0] /*unused*/ [0:0:0] == nil && false || true && dueIn(env, 5)}},
			}, env)
		},
	},
}
