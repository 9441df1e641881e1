package notify

import (
	"testing"

	"yiwang/internal/casework"
)

// TestEveryApplicantFacingActionIsTold: each action of the lifecycle that changes
// what the applicant's case is or when it is due yields a message; the back office's
// steps and the sweep's recomputed dates do not.
func TestEveryApplicantFacingActionIsTold(t *testing.T) {
	silent := map[casework.Action]bool{casework.CompleteTask: true, casework.RefreshDeadlines: true}
	for _, a := range append([]casework.Action{casework.Submit, casework.DeemAccept, casework.RefreshDeadlines}, casework.Actions...) {
		if Told(a) == silent[a] {
			t.Errorf("action %s: told %v", a, Told(a))
		}
	}
}
