package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"yiwang/internal/testenv"
	"yiwang/internal/workday"
)

// TestDeemedAcceptance: Art. 32 — a case left in submitted for more than five working
// days is accepted by the sweep as of the day its materials were received.
func TestDeemedAcceptance(t *testing.T) {
	received := time.Date(2026, 2, 10, 10, 0, 0, 0, workday.Beijing) // Tuesday before Spring Festival
	env := testenv.Start(t, received)
	zhang := env.Login("zhangsan")
	number := submit(t, env, zhang, map[string]any{"item": foodLicence,
		"materials": materialsOf(env, zhang, foodMaterials)})["number"].(string)
	sweep := func() { sweep(t, env) }
	// Working days after receipt: 02-11, 02-12, 02-13, 02-14 (make-up Saturday), 02-24 = 5.
	env.Clock.Set(time.Date(2026, 2, 24, 18, 0, 0, 0, workday.Beijing))
	sweep()
	if c := env.Do("GET", "/api/v1/cases/"+number, zhang, nil).Map(t); c["status"] != "submitted" {
		t.Fatalf("after five working days: status %v, want submitted", c["status"])
	}
	env.Clock.Set(time.Date(2026, 2, 25, 8, 0, 0, 0, workday.Beijing)) // the sixth
	sweep()
	c := env.Do("GET", "/api/v1/cases/"+number, zhang, nil).Map(t)
	if c["status"] != "accepted" || c["deemed_accepted"] != true || c["accepted_by"] != "system" {
		t.Fatalf("after six working days: %v %v %v", c["status"], c["deemed_accepted"], c["accepted_by"])
	}
	if at, _ := time.Parse(time.RFC3339, c["accepted_at"].(string)); !at.Equal(received) {
		t.Fatalf("accepted_at %v, want the receipt %v", c["accepted_at"], received)
	}
	// Accepted 02-10 with a three-day promise: due 02-13, already passed → red.
	if c["due_date"] != "2026-02-13" || c["light"] != "red" {
		t.Fatalf("deemed case: due %v light %v", c["due_date"], c["light"])
	}
	var events struct {
		Events []struct{ Action, Actor, Role, Reason string }
	}
	env.Do("GET", "/api/v1/cases/"+number+"/events", zhang, nil).JSON(t, &events)
	last := events.Events[len(events.Events)-1]
	if last.Action != "deemed_accept" || last.Actor != "system" || last.Role != "system" || last.Reason == "" {
		t.Fatalf("audit of the sweep: %+v", last)
	}
	sweep() // a second sweep does nothing more
	env.Do("GET", "/api/v1/cases/"+number+"/events", zhang, nil).JSON(t, &events)
	if n := len(events.Events); events.Events[n-1].Action != "deemed_accept" || events.Events[n-2].Action == "deemed_accept" {
		t.Fatalf("second sweep acted again")
	}
}

// TestCorrectionNoticeStopsDeemedAcceptance: once the applicant has been told what
// to correct, Art. 32 no longer applies.
func TestCorrectionNoticeStopsDeemedAcceptance(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang, clerk := env.Login("zhangsan"), env.Login("clerk")
	number := submit(t, env, zhang, map[string]any{"item": foodLicence})["number"].(string)
	var items []map[string]any
	for _, m := range []string{"m1", "m2", "m3", "m4", "m5", "m7"} { // m6 may follow as a gap
		items = append(items, map[string]any{"material": m, "problem": "未提交"})
	}
	act(t, env, clerk, number, "request-correction", map[string]any{"items": items}, http.StatusOK)
	env.Clock.Add(30 * 24 * time.Hour)
	sweep(t, env)
	if c := env.Do("GET", "/api/v1/cases/"+number, zhang, nil).Map(t); c["status"] != "awaiting_correction" {
		t.Fatalf("status %v, want awaiting_correction", c["status"])
	}
}

func sweep(t *testing.T, env *testenv.Env) {
	t.Helper()
	if _, err := env.Main.Service.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
}
