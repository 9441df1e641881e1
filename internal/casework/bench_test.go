package casework_test

import (
	"testing"
	"time"

	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// deadlineCase is a 45-working-day case accepted before National Day 2026 with three
// closed suspensions, the shape whose dates the benchmark computes.
func deadlineCase() *casework.Case {
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, workday.Beijing) }
	accepted, u1, u2, u3 := at(9, 1), at(9, 10), at(10, 9), at(10, 20)
	return &casework.Case{Status: casework.Accepted, Handling: catalog.Promised, PromisedDays: 45, LegalDays: 45,
		YellowDays: 1, AcceptedAt: &accepted,
		Suspensions: []casework.Suspension{
			{Reason: casework.ForTesting, From: at(9, 3), Until: &u1},
			{Reason: casework.ForExpertReview, From: at(9, 25), Until: &u2},
			{Reason: casework.ForPublicNotice, From: at(10, 14), Until: &u3},
		}}
}

// BenchmarkDeadline45With3Suspensions computes both dates and the light of a
// 45-day case with three suspensions.
func BenchmarkDeadline45With3Suspensions(b *testing.B) {
	cal := workday.Embedded()
	c := deadlineCase()
	today := workday.MakeDate(2026, 11, 2)
	for b.Loop() {
		if _, err := c.ClockAt(cal, today); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeadline45With3SuspensionsNaive is the baseline: the same dates found by
// walking the calendar one day at a time.
func BenchmarkDeadline45With3SuspensionsNaive(b *testing.B) {
	cal := workday.Embedded()
	c := deadlineCase()
	for b.Loop() {
		naiveDue(b, cal, c, c.PromisedDays)
		naiveDue(b, cal, c, c.LegalDays)
	}
}

// naiveDue walks forward from acceptance, counting working days outside suspensions.
func naiveDue(b *testing.B, cal *workday.Calendar, c *casework.Case, days int) workday.Date {
	d := workday.DateOf(*c.AcceptedAt)
	for n := 0; n < days; {
		d = d.AddDays(1)
		ok, err := cal.IsWorkday(d)
		if err != nil {
			b.Fatal(err)
		}
		if ok && !suspendedOn(c, d) {
			n++
		}
	}
	return d
}

func suspendedOn(c *casework.Case, d workday.Date) bool {
	for _, s := range c.Suspensions {
		if d > workday.DateOf(s.From) && d <= workday.DateOf(*s.Until) {
			return true
		}
	}
	return false
}

// TestNaiveDeadlineAgrees keeps the baseline honest: it must find the same date.
func TestNaiveDeadlineAgrees(t *testing.T) {
	cal := workday.Embedded()
	c := deadlineCase()
	if _, err := c.ClockAt(cal, workday.MakeDate(2026, 11, 2)); err != nil {
		t.Fatal(err)
	}
	b := &testing.B{}
	if got, want := c.PromisedDue, naiveDue(b, cal, c, c.PromisedDays); got != want {
		t.Fatalf("due: got %v, naive %v", got, want)
	}
}
