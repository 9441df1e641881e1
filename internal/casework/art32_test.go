package casework_test

import (
	"testing"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
)

// TestArt32LateActions: after five working days without a notice the materials
// count as accepted on receipt, so the window can no longer turn the case away, and
// a late acceptance starts the clock at receipt, not on the day someone clicked.
func TestArt32LateActions(t *testing.T) {
	it := promisedWith(3, 20)
	late := envOn(t, actDay) // six working days after fileDay
	tests := []struct {
		name string
		run  func(c *casework.Case) error
	}{
		{"correction notice", func(c *casework.Case) error {
			return errOf(c.RequestCorrection(clerk, it, casework.CorrectionInput{Items: []casework.CorrectionItem{{Material: matchMaterial(it), Problem: "x"}}}, late))
		}},
		{"refusal", func(c *casework.Case) error {
			return errOf(c.Refuse(clerk, casework.ReasonInput{Reason: "x"}, late))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := complete(t, it, envOn(t, fileDay))
			err := tt.run(c)
			if e := apperr.As(err); e == nil || e.Code != "deemed_accepted" || c.Status != casework.Submitted {
				t.Fatalf("got %v (status %s), want deemed_accepted and no change", err, c.Status)
			}
		})
	}
	c := complete(t, it, envOn(t, fileDay))
	ok(t)(c.Accept(clerk, it, casework.AcceptInput{}, late))
	if !c.Deemed || !c.AcceptedAt.Equal(c.ReceivedAt) {
		t.Fatalf("late accept: deemed %v, accepted %v, received %v", c.Deemed, c.AcceptedAt, c.ReceivedAt)
	}
	c = complete(t, it, envOn(t, fileDay))
	ok(t)(c.Accept(clerk, it, casework.AcceptInput{}, envOn(t, noticeDay)))
	if c.Deemed || c.AcceptedAt.Equal(c.ReceivedAt) {
		t.Fatalf("timely accept: deemed %v, accepted %v", c.Deemed, c.AcceptedAt)
	}
}
