package casework_test

import (
	"testing"

	"yiwang/internal/casework"
)

// TestCorrectionDeadline: the last day for a correction notice is the fifth working
// day after receipt (2026-03-02, a Monday, gives Monday 03-09), and every day agrees
// with the rule that deems the materials accepted: until the deadline the window
// may still tell the applicant, from the next working day on it may not.
func TestCorrectionDeadline(t *testing.T) {
	it := promisedWith(3, 20)
	env := envOn(t, fileDay)
	c := complete(t, it, env)
	last, err := casework.CorrectionDeadline(env.Cal, c.ReceivedAt)
	if err != nil || last != date(t, "2026-03-09") {
		t.Fatalf("deadline %v %v, want 2026-03-09", last, err)
	}
	wantLeft := map[string]int{"2026-03-02": 6, "2026-03-03": 5, "2026-03-07": 1, "2026-03-09": 1, "2026-03-10": 0}
	for d := date(t, fileDay); d <= date(t, "2026-03-16"); d = d.AddDays(1) {
		due, err := c.DeemedAcceptanceDue(env.Cal, d)
		if err != nil {
			t.Fatal(err)
		}
		_, left, err := casework.CorrectionDaysLeft(env.Cal, c.ReceivedAt, d)
		if err != nil {
			t.Fatal(err)
		}
		working, _ := env.Cal.IsWorkday(d)
		if d <= last && due || d > last && working && !due {
			t.Errorf("%s: deemed accepted %v, deadline %s", d, due, last)
		}
		if due && left != 0 {
			t.Errorf("%s: deemed accepted, yet %d days left", d, left)
		}
		if w, ok := wantLeft[d.String()]; ok && left != w {
			t.Errorf("%s: %d working days left, want %d", d, left, w)
		}
	}
}
