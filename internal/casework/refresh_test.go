package casework_test

import (
	"testing"

	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// TestRefreshOnAWeekendSavesOnly: a suspended case refreshed on a Saturday keeps its
// dates; the refresh changes nothing worth an audit entry but still notes the day,
// so the sweep does not pick the case again until the next day.
func TestRefreshOnAWeekendSavesOnly(t *testing.T) {
	c := accepted(t, promisedWith(10, 20), envOn(t, "2026-03-02"))
	ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForExpertReview}, envOn(t, "2026-03-05")))
	friday := ok(t)(c.RefreshDeadlines(envOn(t, "2026-03-06")))
	if !friday.Changed() || friday.SaveOnly {
		t.Fatalf("Friday, a working day: changes %v, save only %v", friday.Changes, friday.SaveOnly)
	}
	saturday := ok(t)(c.RefreshDeadlines(envOn(t, "2026-03-07")))
	if saturday.Changed() || !saturday.SaveOnly || c.DatesOn != date(t, "2026-03-07") {
		t.Fatalf("Saturday: changes %v, save only %v, dates on %v", saturday.Changes, saturday.SaveOnly, c.DatesOn)
	}
	again := ok(t)(c.RefreshDeadlines(envOn(t, "2026-03-07")))
	if again.Changed() || again.SaveOnly {
		t.Fatalf("Saturday again: changes %v, save only %v", again.Changes, again.SaveOnly)
	}
}

// TestRefreshDatesTheStepsAfterTheDecision: a decided case whose delivery date was
// counted provisionally gets the official one once the year is loaded, and a case
// upgraded without dates on its delivery task gets them.
func TestRefreshDatesTheStepsAfterTheDecision(t *testing.T) {
	it := promisedItem()
	c := accepted(t, it, envOn(t, "2026-12-14"))
	reviewAll(t, c, envOn(t, "2026-12-15"))
	decided := envOn(t, "2026-12-28")
	ok(t)(c.Approve(approver, it, casework.DecisionInput{}, decided))
	deliver := task(t, c, "送达")
	if !c.Provisional || deliver.Due.Year() != 2027 || !c.Watched() {
		t.Fatalf("approved 2026-12-28: provisional %v, delivery due %v, watched %v", c.Provisional, deliver.Due, c.Watched())
	}
	with2027, err := calendarOf(t, 2026).With(workday.YearFile{Year: 2027,
		Holidays: []workday.Holiday{{Name: "元旦", From: date(t, "2027-01-01"), To: date(t, "2027-01-01")}}})
	must(t, err)
	ev := ok(t)(c.RefreshDeadlines(casework.Env{Now: at(t, "2027-01-04T09:00:00+08:00"), Cal: with2027}))
	after := task(t, c, "送达")
	if c.Provisional || c.Watched() || after.Due != deliver.Due.AddDays(1) || !ev.Changed() {
		t.Fatalf("after loading 2027: provisional %v, watched %v, delivery due %v (was %v), changes %v",
			c.Provisional, c.Watched(), after.Due, deliver.Due, ev.Changes)
	}

	for i := range c.Tasks {
		if c.Tasks[i].Kind == catalog.StepDeliver {
			c.Tasks[i].Due, c.Tasks[i].YellowFrom = 0, 0
		}
	}
	c.DatesOn = 0
	if !c.Watched() {
		t.Fatal("an undated case is not watched")
	}
	ok(t)(c.RefreshDeadlines(casework.Env{Now: at(t, "2027-01-04T09:00:00+08:00"), Cal: with2027}))
	if got := task(t, c, "送达"); got.Due != after.Due || got.YellowFrom == 0 {
		t.Fatalf("undated delivery task after a refresh: due %v yellow %v, want %v", got.Due, got.YellowFrom, after.Due)
	}
}
