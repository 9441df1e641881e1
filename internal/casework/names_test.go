package casework

import (
	"testing"
	"unicode"

	"yiwang/internal/apperr"
)

// TestEveryStatusAndActionHasAChineseName: a person reads these names wherever a
// status or an action is shown or refused; an identifier must never stand in.
func TestEveryStatusAndActionHasAChineseName(t *testing.T) {
	for _, s := range Statuses {
		if n, ok := statusNames[s]; !ok || !chinese(n) {
			t.Errorf("status %s has no Chinese name", s)
		}
	}
	for _, a := range Actions {
		if n, ok := actionNames[a]; !ok || !chinese(n) {
			t.Errorf("action %s has no Chinese name", a)
		}
	}
	if msg := apperr.As(invalidTransition(Approve, Submitted)).Message; !chinese(msg) {
		t.Errorf("invalidTransition says %q", msg)
	}
}

func chinese(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return s != ""
}
