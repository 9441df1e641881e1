package casework_test

import (
	"fmt"
	"slices"
	"testing"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
)

// TestAllowedAgreesWithCommands: in every status, for each person, an action that
// Allowed lists succeeds when taken, and one it leaves out is refused. The pages
// show only the listed actions, so this is what keeps them honest.
func TestAllowedAgreesWithCommands(t *testing.T) {
	people := []access.Actor{clerk, otherClerk, approver, approver2, otherApprover, certOfficer, supervisor, owner, otherOwner}
	listed := 0
	for _, h := range []catalog.Handling{catalog.Promised, catalog.Instant} {
		for _, s := range allStatuses {
			for _, by := range people {
				for _, act := range casework.Actions {
					t.Run(fmt.Sprintf("%s/%s/%s/%s", h, s, by.Username, act), func(t *testing.T) {
						it := matrixItem(h, s)
						c := inStatus(t, it, s)
						env := actEnv(t, act)
						cmd := commands[act]
						if cmd.prepare != nil {
							cmd.prepare(c, it, env)
						}
						allowed := slices.Contains(c.Allowed(by), act)
						_, err := cmd.run(c, it, by, env)
						switch {
						case allowed && err != nil:
							t.Errorf("listed as allowed, but refused: %v", err)
						case !allowed && err == nil:
							t.Errorf("not listed, but the command succeeded")
						}
						if allowed {
							listed++
						}
					})
				}
			}
		}
	}
	if listed == 0 {
		t.Fatal("no action was ever allowed")
	}
}

// TestAllowedWhileSuspended: a suspended case offers its approver resume and not
// suspend, nor the review step or the decision; resumed, the reverse.
func TestAllowedWhileSuspended(t *testing.T) {
	it := promisedItem()
	env := envOn(t, actDay)
	c := accepted(t, it, env)
	ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForExpertReview}, env))
	if got := c.Allowed(approver); !slices.Equal(got, []casework.Action{casework.Resume}) {
		t.Fatalf("suspended: allowed %v, want [resume]", got)
	}
	ok(t)(c.Resume(approver, env))
	got := c.Allowed(approver)
	for _, want := range []casework.Action{casework.CompleteTask, casework.Suspend, casework.Extend} {
		if !slices.Contains(got, want) {
			t.Errorf("resumed: allowed %v lacks %s", got, want)
		}
	}
	if slices.Contains(got, casework.Approve) || slices.Contains(got, casework.Resume) {
		t.Errorf("resumed with the review open: allowed %v offers approve or resume", got)
	}
	if got := c.Allowed(supervisor); len(got) != 0 {
		t.Errorf("a supervisor is allowed %v, want nothing", got)
	}
}
