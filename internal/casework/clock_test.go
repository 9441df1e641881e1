package casework_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// dates shows a case's two due dates for comparison.
func dates(c *casework.Case) [2]string {
	return [2]string{dueString(c.PromisedDue), dueString(c.LegalDue)}
}

func TestDeadlinesAtAcceptance(t *testing.T) {
	tests := []struct {
		name     string
		accepted string
		promised int
		legal    int
		want     [2]string
	}{
		// Fri 2026-02-13: day 1 is the make-up Saturday 02-14, then the Spring
		// Festival (02-15..02-23) is off, day 2 is 02-24 and day 3 is 02-25.
		{name: "spring festival", accepted: "2026-02-13T10:00:00+08:00", promised: 3, legal: 20, want: [2]string{"2026-02-25", "2026-03-19"}},
		// 16:30 UTC on 02-13 is 00:30 on Sat 02-14 in Beijing: day 1 is 02-24.
		{name: "beijing date after midnight", accepted: "2026-02-13T16:30:00Z", promised: 3, legal: 20, want: [2]string{"2026-02-26", "2026-03-20"}},
		{name: "beijing date before midnight", accepted: "2026-02-13T15:59:59Z", promised: 3, legal: 20, want: [2]string{"2026-02-25", "2026-03-19"}},
		{name: "plain week", accepted: "2026-03-02T10:00:00+08:00", promised: 3, legal: 20, want: [2]string{"2026-03-05", "2026-03-30"}},
		{name: "accepted on a Sunday", accepted: "2026-03-08T10:00:00+08:00", promised: 1, legal: 1, want: [2]string{"2026-03-09", "2026-03-09"}},
		// National Day 2026: 10-01..10-07 off, Sun 09-20 and Sat 10-10 are working days.
		{name: "national day", accepted: "2026-09-15T10:00:00+08:00", promised: 15, legal: 20, want: [2]string{"2026-10-12", "2026-10-19"}},
		{name: "make-up sunday is day 4", accepted: "2026-09-15T10:00:00+08:00", promised: 4, legal: 5, want: [2]string{"2026-09-20", "2026-09-21"}},
		{name: "joint licence 45 days", accepted: "2026-03-02T10:00:00+08:00", promised: 30, legal: 45, want: [2]string{"2026-04-14", "2026-05-08"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedWith(tt.promised, tt.legal)
			c := accepted(t, it, envAt(t, tt.accepted))
			if got := dates(c); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if c.Provisional {
				t.Errorf("Provisional: got %v, want %v", c.Provisional, false)
			}
		})
	}
}

func TestSuspensionExcludesFromUntil(t *testing.T) {
	// Accepted Mon 2026-03-02: promised 2026-03-05, legal 2026-03-30.
	tests := []struct {
		name     string
		from     string
		until    string
		excluded int
		want     [2]string
	}{
		{name: "same day", from: "2026-03-03T09:00:00+08:00", until: "2026-03-03T17:00:00+08:00", excluded: 0, want: [2]string{"2026-03-05", "2026-03-30"}},
		{name: "next day", from: "2026-03-03T17:00:00+08:00", until: "2026-03-04T09:00:00+08:00", excluded: 1, want: [2]string{"2026-03-06", "2026-03-31"}},
		{name: "tue to fri", from: "2026-03-03T10:00:00+08:00", until: "2026-03-06T10:00:00+08:00", excluded: 3, want: [2]string{"2026-03-10", "2026-04-02"}},
		{name: "fri to mon", from: "2026-03-06T10:00:00+08:00", until: "2026-03-09T10:00:00+08:00", excluded: 1, want: [2]string{"2026-03-06", "2026-03-31"}},
		{name: "resumed on a sunday", from: "2026-03-04T10:00:00+08:00", until: "2026-03-08T10:00:00+08:00", excluded: 2, want: [2]string{"2026-03-09", "2026-04-01"}},
		// Qingming 2026-04-04..04-06 is off: 03-30..04-03 and 04-07 count.
		{name: "over qingming", from: "2026-03-27T10:00:00+08:00", until: "2026-04-07T10:00:00+08:00", excluded: 6, want: [2]string{"2026-03-13", "2026-04-08"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			c := accepted(t, it, envOn(t, "2026-03-02"))
			before := dates(c)
			from, until := envAt(t, tt.from), envAt(t, tt.until)
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForTesting, Note: "送检"}, from))
			if !c.Suspended() {
				t.Fatalf("Suspended: got false, want true")
			}
			ok(t)(c.Resume(approver, until))
			if c.Suspended() {
				t.Fatalf("Suspended after resume: got true, want false")
			}
			if got := dates(c); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			// Both dates move by exactly the working days in (From, Until].
			n, err := cal.CountWorkdays(workday.DateOf(from.Now).AddDays(1), workday.DateOf(until.Now))
			must(t, err)
			if n != tt.excluded {
				t.Fatalf("CountWorkdays: got %v, want %v", n, tt.excluded)
			}
			for i, d := range []workday.Date{c.PromisedDue, c.LegalDue} {
				old := date(t, before[i])
				moved, err := cal.AddWorkdays(old, n)
				must(t, err)
				if d != moved {
					t.Errorf("date %d: got %v, want %v moved by %d working days to %v", i, d, old, n, moved)
				}
			}
			want := []casework.Suspension{{Reason: casework.ForTesting, Note: "送检", From: from.Now, Until: &until.Now, By: approver.Username}}
			if diff := cmp.Diff(want, c.Suspensions); diff != "" {
				t.Errorf("suspensions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOpenSuspensionMovesDatesAsOfToday: while suspended, the dates move day by day
// (ClockAt and RefreshDeadlines compute them as of today) and the light stands still.
func TestOpenSuspensionMovesDatesAsOfToday(t *testing.T) {
	it := promisedItem()
	c := accepted(t, it, envOn(t, "2026-03-02"))
	ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, envOn(t, "2026-03-03")))
	if got, want := dates(c), [2]string{"2026-03-05", "2026-03-30"}; got != want {
		t.Fatalf("on the day of suspension: got %v, want %v", got, want)
	}
	tests := []struct {
		today string
		want  [2]string
		clock casework.Clock
	}{
		{today: "2026-03-03", want: [2]string{"2026-03-05", "2026-03-30"},
			clock: casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19, Suspended: true}},
		{today: "2026-03-04", want: [2]string{"2026-03-06", "2026-03-31"},
			clock: casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19, Suspended: true}},
		{today: "2026-03-08", want: [2]string{"2026-03-10", "2026-04-02"},
			clock: casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19, Suspended: true}},
		{today: "2026-03-09", want: [2]string{"2026-03-11", "2026-04-03"},
			clock: casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19, Suspended: true}},
		{today: "2026-03-20", want: [2]string{"2026-03-24", "2026-04-17"},
			clock: casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19, Suspended: true}},
	}
	for _, tt := range tests {
		t.Run(tt.today, func(t *testing.T) {
			k, err := c.ClockAt(cal, date(t, tt.today))
			must(t, err)
			if got := dates(c); got != tt.want {
				t.Errorf("dates: got %v, want %v", got, tt.want)
			}
			if k == nil {
				t.Fatalf("got nil clock, want %+v", tt.clock)
			}
			if diff := cmp.Diff(tt.clock, *k); diff != "" {
				t.Errorf("clock (-want +got):\n%s", diff)
			}
			// RefreshDeadlines (the sweep) gives the same dates.
			c2 := *c
			c2.Tasks = slices.Clone(c.Tasks)
			ok(t)(c2.RefreshDeadlines(casework.Env{Now: date(t, tt.today).Time(), Cal: cal}))
			if got := dates(&c2); got != tt.want {
				t.Errorf("RefreshDeadlines: got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestThreeSuspensionsAroundNationalDay: accepted Tue 2026-09-15 with 15 promised and
// 20 legal days (due 10-12 and 10-19). Each suspension excludes the working days in
// (From, Until], make-up days (Sun 09-20, Sat 10-10) included, holidays not.
func TestThreeSuspensionsAroundNationalDay(t *testing.T) {
	it := promisedWith(15, 20)
	c := accepted(t, it, envOn(t, "2026-09-15"))
	if got, want := dates(c), [2]string{"2026-10-12", "2026-10-19"}; got != want {
		t.Fatalf("at acceptance: got %v, want %v", got, want)
	}
	steps := []struct {
		name     string
		from     string
		until    string
		excluded int // working days in (from, until]
		want     [2]string
	}{
		{name: "fri 09-18 to mon 09-21 over make-up sunday", from: "2026-09-18", until: "2026-09-21", excluded: 2, want: [2]string{"2026-10-14", "2026-10-21"}},
		{name: "tue 09-29 to thu 10-08 over national day", from: "2026-09-29", until: "2026-10-08", excluded: 2, want: [2]string{"2026-10-16", "2026-10-23"}},
		{name: "fri 10-09 to mon 10-12 over make-up saturday", from: "2026-10-09", until: "2026-10-12", excluded: 2, want: [2]string{"2026-10-20", "2026-10-27"}},
	}
	for i, s := range steps {
		from, until := envOn(t, s.from), envOn(t, s.until)
		n, err := cal.CountWorkdays(date(t, s.from).AddDays(1), date(t, s.until))
		must(t, err)
		if n != s.excluded {
			t.Fatalf("%s: CountWorkdays got %v, want %v", s.name, n, s.excluded)
		}
		ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForSiteInspection}, from))
		ok(t)(c.Resume(approver, until))
		if got := dates(c); got != s.want {
			t.Errorf("%s: got %v, want %v", s.name, got, s.want)
		}
		if got := len(c.Suspensions); got != i+1 {
			t.Errorf("%s: got %d suspensions, want %d", s.name, got, i+1)
		}
	}
	// The review tasks moved with the promised date: the last is due on it.
	if got := task(t, c, "决定").Due; got != c.PromisedDue {
		t.Errorf("决定 due: got %v, want %v", dueString(got), dueString(c.PromisedDue))
	}
	// Asking the clock later does not move the dates of closed suspensions.
	_, err := c.ClockAt(cal, date(t, "2026-10-15"))
	must(t, err)
	if got, want := dates(c), [2]string{"2026-10-20", "2026-10-27"}; got != want {
		t.Errorf("after ClockAt: got %v, want %v", got, want)
	}
}

func TestSuspendAndResumeRefusals(t *testing.T) {
	tests := []struct {
		name string
		do   func(c *casework.Case, it *catalog.Item, env casework.Env) (casework.Event, error)
		want *errWant
	}{
		{name: "suspend while suspended", want: invalidTransition, do: func(c *casework.Case, _ *catalog.Item, env casework.Env) (casework.Event, error) {
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, env))
			return c.Suspend(approver, casework.SuspendInput{Reason: casework.ForTesting}, env)
		}},
		{name: "approve while suspended", want: invalidTransition, do: func(c *casework.Case, it *catalog.Item, env casework.Env) (casework.Event, error) {
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, env))
			return c.Approve(approver, it, casework.DecisionInput{}, env)
		}},
		{name: "deny while suspended", want: invalidTransition, do: func(c *casework.Case, it *catalog.Item, env casework.Env) (casework.Event, error) {
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, env))
			return c.Deny(approver, it, casework.DecisionInput{Reason: "不符合"}, env)
		}},
		{name: "complete a task while suspended", want: invalidTransition, do: func(c *casework.Case, _ *catalog.Item, env casework.Env) (casework.Event, error) {
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, env))
			return c.CompleteTask(approver, casework.CompleteTaskInput{Seq: 1, Opinion: "同意"}, env)
		}},
		{name: "extend while suspended", want: invalidTransition, do: func(c *casework.Case, _ *catalog.Item, env casework.Env) (casework.Event, error) {
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, env))
			return c.Extend(approver, casework.ExtendInput{Days: 3, Reason: "r", ApprovedBy: "局长"}, env)
		}},
		{name: "resume when not suspended", want: invalidTransition, do: func(c *casework.Case, _ *catalog.Item, env casework.Env) (casework.Event, error) {
			return c.Resume(approver, env)
		}},
		{name: "resume twice", want: invalidTransition, do: func(c *casework.Case, _ *catalog.Item, env casework.Env) (casework.Event, error) {
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, env))
			ok(t)(c.Resume(approver, env))
			return c.Resume(approver, env)
		}},
		{name: "unknown reason", want: invalid("reason"), do: func(c *casework.Case, _ *catalog.Item, env casework.Env) (casework.Event, error) {
			return c.Suspend(approver, casework.SuspendInput{Reason: "holiday"}, env)
		}},
		{name: "no reason", want: invalid("reason"), do: func(c *casework.Case, _ *catalog.Item, env casework.Env) (casework.Event, error) {
			return c.Suspend(approver, casework.SuspendInput{}, env)
		}},
		{name: "withdraw while suspended", do: func(c *casework.Case, _ *catalog.Item, env casework.Env) (casework.Event, error) {
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, env))
			return c.Withdraw(owner, casework.ReasonInput{Reason: "不办了"}, env)
		}},
		{name: "resume then approve", do: func(c *casework.Case, it *catalog.Item, env casework.Env) (casework.Event, error) {
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, env))
			ok(t)(c.Resume(approver2, env))
			reviewAll(t, c, env)
			return c.Approve(approver, it, casework.DecisionInput{}, env)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			env := envOn(t, "2026-03-03")
			c := accepted(t, it, envOn(t, "2026-03-02"))
			checkErr(t, errOf(tt.do(c, it, env)), tt.want)
		})
	}
}

func TestEverySuspensionReasonIsAccepted(t *testing.T) {
	for r := range casework.SuspensionReasons {
		t.Run(string(r), func(t *testing.T) {
			c := accepted(t, promisedItem(), envOn(t, "2026-03-02"))
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: r}, envOn(t, "2026-03-03")))
			if got := c.Suspensions[0].Reason; got != r {
				t.Errorf("got %v, want %v", got, r)
			}
		})
	}
}

func TestMaxExtensionDays(t *testing.T) {
	tests := []struct {
		legal int
		want  int
	}{{1, 10}, {20, 10}, {44, 10}, {45, 15}, {60, 15}}
	for _, tt := range tests {
		if got := casework.MaxExtensionDays(tt.legal); got != tt.want {
			t.Errorf("MaxExtensionDays(%d): got %v, want %v", tt.legal, got, tt.want)
		}
	}
}

func TestExtend(t *testing.T) {
	tests := []struct {
		name  string
		legal int
		in    casework.ExtendInput
		want  *errWant
		// dates after a successful extension of a case accepted Mon 2026-03-02 (3 promised days)
		wantDates [2]string
	}{
		{name: "5 days", legal: 20, in: casework.ExtendInput{Days: 5, Reason: "需现场核查", ApprovedBy: "局长"},
			wantDates: [2]string{"2026-03-12", "2026-04-07"}},
		{name: "1 day", legal: 20, in: casework.ExtendInput{Days: 1, Reason: "r", ApprovedBy: "局长"},
			wantDates: [2]string{"2026-03-06", "2026-03-31"}},
		{name: "10 days is the most under 45", legal: 20, in: casework.ExtendInput{Days: 10, Reason: "r", ApprovedBy: "局长"},
			wantDates: [2]string{"2026-03-19", "2026-04-14"}},
		{name: "11 days under 45", legal: 20, in: casework.ExtendInput{Days: 11, Reason: "r", ApprovedBy: "局长"}, want: invalid("days")},
		{name: "11 days at 44", legal: 44, in: casework.ExtendInput{Days: 11, Reason: "r", ApprovedBy: "局长"}, want: invalid("days")},
		{name: "15 days at 45", legal: 45, in: casework.ExtendInput{Days: 15, Reason: "r", ApprovedBy: "局长"},
			wantDates: [2]string{"2026-03-26", "2026-05-28"}},
		{name: "16 days at 45", legal: 45, in: casework.ExtendInput{Days: 16, Reason: "r", ApprovedBy: "局长"}, want: invalid("days")},
		{name: "0 days", legal: 20, in: casework.ExtendInput{Days: 0, Reason: "r", ApprovedBy: "局长"}, want: invalid("days")},
		{name: "negative days", legal: 20, in: casework.ExtendInput{Days: -1, Reason: "r", ApprovedBy: "局长"}, want: invalid("days")},
		{name: "no reason", legal: 20, in: casework.ExtendInput{Days: 5, Reason: " ", ApprovedBy: "局长"}, want: required("reason")},
		{name: "no approver", legal: 20, in: casework.ExtendInput{Days: 5, Reason: "r"}, want: required("approved_by")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedWith(3, tt.legal)
			c := accepted(t, it, envOn(t, "2026-03-02"))
			env := envOn(t, "2026-03-03")
			_, err := c.Extend(approver, tt.in, env)
			checkErr(t, err, tt.want)
			if tt.want != nil {
				if c.Extension != nil {
					t.Errorf("got extension %+v after an error, want none", c.Extension)
				}
				return
			}
			want := &casework.Extension{Days: tt.in.Days, Reason: tt.in.Reason, ApprovedBy: tt.in.ApprovedBy, By: approver.Username, At: env.Now}
			if diff := cmp.Diff(want, c.Extension); diff != "" {
				t.Errorf("extension (-want +got):\n%s", diff)
			}
			if got := dates(c); got != tt.wantDates {
				t.Errorf("dates: got %v, want %v", got, tt.wantDates)
			}
		})
	}
}

func TestExtendMovesBothDatesByDays(t *testing.T) {
	c := accepted(t, promisedItem(), envOn(t, "2026-09-15"))
	before := [2]workday.Date{c.PromisedDue, c.LegalDue}
	ok(t)(c.Extend(approver, casework.ExtendInput{Days: 7, Reason: "r", ApprovedBy: "局长"}, envOn(t, "2026-09-16")))
	for i, d := range []workday.Date{c.PromisedDue, c.LegalDue} {
		want, err := cal.AddWorkdays(before[i], 7)
		must(t, err)
		if d != want {
			t.Errorf("date %d: got %v, want %v", i, d, want)
		}
	}
}

func TestExtendOnlyOnceAndBeforeTheLegalDate(t *testing.T) {
	tests := []struct {
		name  string
		prior bool   // extended once already (on 2026-03-03 by 1 day: legal due 2026-03-31)
		today string // legal due without extension is 2026-03-30
		want  *errWant
	}{
		{name: "second extension", prior: true, today: "2026-03-04", want: conflict("already_extended")},
		{name: "on the legal due date", today: "2026-03-30"},
		{name: "the day after the legal due date", today: "2026-03-31", want: conflict("legal_deadline_passed")},
		{name: "long after the legal due date", today: "2026-05-06", want: conflict("legal_deadline_passed")},
		{name: "second extension after the legal date", prior: true, today: "2026-05-06", want: conflict("already_extended")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := accepted(t, promisedItem(), envOn(t, "2026-03-02"))
			if tt.prior {
				ok(t)(c.Extend(approver, casework.ExtendInput{Days: 1, Reason: "r", ApprovedBy: "局长"}, envOn(t, "2026-03-03")))
			}
			before := c.Extension
			_, err := c.Extend(approver2, casework.ExtendInput{Days: 2, Reason: "r2", ApprovedBy: "局长"}, envOn(t, tt.today))
			checkErr(t, err, tt.want)
			if tt.want != nil && c.Extension != before {
				t.Errorf("extension changed to %+v after an error", c.Extension)
			}
		})
	}
}

// TestLights: accepted Mon 2026-03-02, promised 3 (due Thu 03-05), legal 20 (due 03-30).
func TestLights(t *testing.T) {
	yellow2 := 2
	tests := []struct {
		name   string
		yellow *int
		today  string
		want   casework.Clock
	}{
		{name: "acceptance day", today: "2026-03-02", want: casework.Clock{Light: casework.Blue, DaysLeft: 3, LegalDaysLeft: 20}},
		{name: "two days left", today: "2026-03-03", want: casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19}},
		{name: "one day left", today: "2026-03-04", want: casework.Clock{Light: casework.Yellow, DaysLeft: 1, LegalDaysLeft: 18}},
		{name: "due day", today: "2026-03-05", want: casework.Clock{Light: casework.Yellow, DaysLeft: 0, LegalDaysLeft: 17}},
		{name: "day after", today: "2026-03-06", want: casework.Clock{Light: casework.Red, DaysLeft: -1, LegalDaysLeft: 16}},
		{name: "weekend after", today: "2026-03-08", want: casework.Clock{Light: casework.Red, DaysLeft: -1, LegalDaysLeft: 16}},
		{name: "two working days after", today: "2026-03-09", want: casework.Clock{Light: casework.Red, DaysLeft: -2, LegalDaysLeft: 15}},
		{name: "legal due day", today: "2026-03-30", want: casework.Clock{Light: casework.Red, DaysLeft: -17, LegalDaysLeft: 0}},
		{name: "legal overdue", today: "2026-03-31", want: casework.Clock{Light: casework.Red, DaysLeft: -18, LegalDaysLeft: -1, LegalOverdue: true}},
		{name: "yellow at 2: acceptance day", yellow: &yellow2, today: "2026-03-02", want: casework.Clock{Light: casework.Blue, DaysLeft: 3, LegalDaysLeft: 20}},
		{name: "yellow at 2: two days left", yellow: &yellow2, today: "2026-03-03", want: casework.Clock{Light: casework.Yellow, DaysLeft: 2, LegalDaysLeft: 19}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			it.YellowDays = tt.yellow
			c := accepted(t, it, envOn(t, "2026-03-02"))
			got, err := c.ClockAt(cal, date(t, tt.today))
			must(t, err)
			if got == nil {
				t.Fatalf("got nil clock, want %+v", tt.want)
			}
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("clock (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLightsOverTheSpringFestival(t *testing.T) {
	// Accepted Fri 02-13, promised 3: due Wed 02-25.
	tests := []struct {
		today string
		want  casework.Clock
	}{
		{today: "2026-02-14", want: casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19}},
		{today: "2026-02-20", want: casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19}},
		{today: "2026-02-24", want: casework.Clock{Light: casework.Yellow, DaysLeft: 1, LegalDaysLeft: 18}},
		{today: "2026-02-28", want: casework.Clock{Light: casework.Red, DaysLeft: -3, LegalDaysLeft: 14}},
	}
	for _, tt := range tests {
		t.Run(tt.today, func(t *testing.T) {
			c := accepted(t, promisedItem(), envOn(t, "2026-02-13"))
			got, err := c.ClockAt(cal, date(t, tt.today))
			must(t, err)
			if got == nil {
				t.Fatalf("got nil clock, want %+v", tt.want)
			}
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("clock (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNoClockUnlessItRuns(t *testing.T) {
	tests := []struct {
		status casework.Status
		want   bool
	}{
		{casework.Draft, false}, {casework.Submitted, false}, {casework.AwaitingCorrection, false},
		{casework.Accepted, true}, {casework.InReview, true},
		{casework.Approved, false}, {casework.Denied, false}, {casework.Refused, false},
		{casework.Withdrawn, false}, {casework.Issued, false}, {casework.Closed, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			c := inStatus(t, matrixItem(catalog.Promised, tt.status), tt.status)
			k, err := c.ClockAt(cal, date(t, actDay))
			must(t, err)
			if got := k != nil; got != tt.want {
				t.Errorf("got clock %+v, want a clock: %v", k, tt.want)
			}
		})
	}
}

func TestNoClockForADecidedInstantCase(t *testing.T) {
	it := instantItem()
	env := envOn(t, fileDay)
	c := complete(t, it, env)
	ok(t)(c.Approve(clerk, it, casework.DecisionInput{}, env))
	k, err := c.ClockAt(cal, date(t, fileDay))
	must(t, err)
	if k != nil {
		t.Errorf("got %+v, want nil", k)
	}
}

func TestDaysLeft(t *testing.T) {
	tests := []struct {
		name  string
		today string
		due   string
		want  int
	}{
		{name: "due today", today: "2026-03-05", due: "2026-03-05", want: 0},
		{name: "due tomorrow", today: "2026-03-04", due: "2026-03-05", want: 1},
		{name: "due monday from friday", today: "2026-03-06", due: "2026-03-09", want: 1},
		{name: "due monday from saturday", today: "2026-03-07", due: "2026-03-09", want: 1},
		{name: "a day late", today: "2026-03-06", due: "2026-03-05", want: -1},
		{name: "late over the weekend", today: "2026-03-09", due: "2026-03-05", want: -2},
		{name: "over the spring festival", today: "2026-02-13", due: "2026-02-25", want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := casework.DaysLeft(cal, date(t, tt.today), date(t, tt.due))
			must(t, err)
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// calendarOf builds a calendar of the embedded years listed.
func calendarOf(tb testing.TB, years ...int) *workday.Calendar {
	tb.Helper()
	var ys []workday.YearFile
	for _, y := range workday.EmbeddedYears() {
		for _, want := range years {
			if y.Year == want {
				ys = append(ys, y)
			}
		}
	}
	if len(ys) != len(years) {
		tb.Fatalf("embedded years: found %d of %v", len(ys), years)
	}
	c, err := workday.NewCalendar(ys...)
	if err != nil {
		tb.Fatalf("NewCalendar: %v", err)
	}
	return c
}

// year2027 is a made-up notice for 2027 with New Year's Day off (Fri 2027-01-01).
func year2027(tb testing.TB) workday.YearFile {
	return workday.YearFile{Year: 2027, Source: "test",
		Holidays: []workday.Holiday{{Name: "元旦", From: date(tb, "2027-01-01"), To: date(tb, "2027-01-01")}}}
}

// TestProvisionalDates: a date in a year whose calendar is not loaded is counted
// with weekends only and marked provisional (暂定), so the hall can still accept and
// the case has a light; loading the year makes the dates official.
func TestProvisionalDates(t *testing.T) {
	only2026 := calendarOf(t, 2026)
	it := promisedItem() // promised 3, legal 20
	env := casework.Env{Now: at(t, "2026-12-20T10:00:00+08:00"), Cal: only2026}
	c := complete(t, it, env)
	ok(t)(c.Accept(clerk, it, casework.AcceptInput{}, env))
	// Dec 21..25 and 28..31 are days 1..9, Jan 1 counts as day 10 without a notice,
	// Jan 4..8 days 11..15 and Jan 11..15 days 16..20.
	if got, want := dates(c), [2]string{"2026-12-23", "2027-01-15"}; got != want {
		t.Errorf("dates: got %v, want %v", got, want)
	}
	if !c.Provisional {
		t.Errorf("Provisional: got %v, want %v", c.Provisional, true)
	}
	k, err := c.ClockAt(only2026, date(t, "2026-12-21"))
	must(t, err)
	if want := (casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19, Provisional: true}); k == nil || *k != want {
		t.Errorf("provisional clock: got %+v, want %+v", k, want)
	}

	// The sweep with the same calendar changes nothing.
	ev := ok(t)(c.RefreshDeadlines(casework.Env{Now: at(t, "2026-12-22T10:00:00+08:00"), Cal: only2026}))
	if ev.Changed() || !c.Provisional || c.LegalDue != date(t, "2027-01-15") {
		t.Errorf("got changes %+v, provisional %v, legal %v, want no change", ev.Changes, c.Provisional, dueString(c.LegalDue))
	}

	with2027, err := only2026.With(year2027(t))
	must(t, err)
	ev = ok(t)(c.RefreshDeadlines(casework.Env{Now: at(t, "2026-12-28T10:00:00+08:00"), Cal: with2027}))
	// Jan 1 is off: Jan 4..8 are days 10..14, Jan 11..15 days 15..19 and Mon Jan 18 day 20.
	if got, want := dates(c), [2]string{"2026-12-23", "2027-01-18"}; got != want {
		t.Errorf("dates after loading 2027: got %v, want %v", got, want)
	}
	if c.Provisional {
		t.Errorf("Provisional: got %v, want %v", c.Provisional, false)
	}
	wantChanges := []casework.Change{
		{Field: "legal_due_date", Before: date(t, "2027-01-15"), After: date(t, "2027-01-18")},
		{Field: "provisional", Before: true, After: false},
	}
	if diff := cmp.Diff(wantChanges, ev.Changes); diff != "" {
		t.Errorf("refresh event (-want +got):\n%s", diff)
	}
	k, err = c.ClockAt(with2027, date(t, "2026-12-28"))
	must(t, err)
	if want := (casework.Clock{Light: casework.Red, DaysLeft: -3, LegalDaysLeft: 14}); k == nil || *k != want {
		t.Errorf("clock: got %+v, want %+v", k, want)
	}
}

// TestProvisionalDatesBecomeOfficial: with the embedded calendar (2024–2026), a case
// accepted on Mon 2026-12-28 with a 20-day limit gets dates counted with weekends
// only; once a 2027 notice with New Year's Day off is loaded, the refresh gives the
// official dates, and its event records both.
func TestProvisionalDatesBecomeOfficial(t *testing.T) {
	it := promisedWith(20, 20) // 审查 due on day 10, 决定 on day 20
	env := envOn(t, "2026-12-28")
	c := accepted(t, it, env)
	// Tue 12-29..Thu 12-31 are days 1..3, Fri 01-01 day 4, then five weekdays a week:
	// day 10 is Mon 01-11 and day 20 Mon 01-25.
	want := [2]string{"2027-01-25", "2027-01-25"}
	if got := dates(c); got != want || !c.Provisional {
		t.Fatalf("at acceptance: got %v provisional %v, want %v provisional", got, c.Provisional, want)
	}
	if got, want := [2]string{dueString(task(t, c, "审查").Due), dueString(c.YellowFrom)}, [2]string{"2027-01-11", "2027-01-22"}; got != want {
		t.Errorf("审查 due and yellow day: got %v, want %v", got, want)
	}
	if !c.Watched() {
		t.Errorf("Watched: got false, want true for provisional dates")
	}
	k, err := c.ClockAt(cal, date(t, "2026-12-29"))
	must(t, err)
	if k == nil || !k.Provisional {
		t.Errorf("clock: got %+v, want a provisional one", k)
	}
	// The sweep refreshes provisional cases once the loaded calendar covers their dates.
	crit, err := casework.SweepOn(cal, date(t, "2026-12-29"))
	must(t, err)
	if crit.OfficialThrough >= c.LegalDue {
		t.Errorf("OfficialThrough %v covers %v before 2027 is loaded", crit.OfficialThrough, c.LegalDue)
	}

	with2027, err := cal.With(year2027(t))
	must(t, err)
	refresh := casework.Env{Now: at(t, "2026-12-30T10:00:00+08:00"), Cal: with2027}
	if crit, err = casework.SweepOn(with2027, date(t, "2026-12-30")); err != nil || crit.OfficialThrough < c.LegalDue {
		t.Errorf("OfficialThrough %v (%v) does not cover %v once 2027 is loaded", crit.OfficialThrough, err, c.LegalDue)
	}
	ev := ok(t)(c.RefreshDeadlines(refresh))
	// New Year's Day is off: every date after it moves by one working day.
	if got, want := dates(c), [2]string{"2027-01-26", "2027-01-26"}; got != want || c.Provisional {
		t.Errorf("after loading 2027: got %v provisional %v, want %v official", got, c.Provisional, want)
	}
	var fields []string
	for _, ch := range ev.Changes {
		fields = append(fields, ch.Field)
	}
	if diff := cmp.Diff([]string{"due_date", "legal_due_date", "yellow_from", "provisional", "tasks[1]", "tasks[2]"}, fields); diff != "" {
		t.Errorf("changed fields (-want +got):\n%s", diff)
	}
	wantDates := []casework.Change{
		{Field: "due_date", Before: date(t, "2027-01-25"), After: date(t, "2027-01-26")},
		{Field: "legal_due_date", Before: date(t, "2027-01-25"), After: date(t, "2027-01-26")},
		{Field: "yellow_from", Before: date(t, "2027-01-22"), After: date(t, "2027-01-25")},
		{Field: "provisional", Before: true, After: false},
	}
	if len(ev.Changes) < len(wantDates) {
		t.Fatalf("got %d changes, want at least %d", len(ev.Changes), len(wantDates))
	}
	if diff := cmp.Diff(wantDates, ev.Changes[:len(wantDates)]); diff != "" {
		t.Errorf("date changes (-want +got):\n%s", diff)
	}
	if got := task(t, c, "审查").Due; got != date(t, "2027-01-12") {
		t.Errorf("审查 due: got %v, want 2027-01-12", got)
	}
	if c.Watched() {
		t.Errorf("Watched: got true, want false once the dates are official")
	}
}

// TestResumeInAnUnloadedYear: a suspension that ends in a year whose calendar is not
// loaded is counted with weekends only; Resume still succeeds (the hall must be able
// to work) and the dates are provisional until the year is loaded.
func TestResumeInAnUnloadedYear(t *testing.T) {
	only2026 := calendarOf(t, 2026)
	it := promisedWith(3, 20)
	dec1 := casework.Env{Now: at(t, "2026-12-01T10:00:00+08:00"), Cal: only2026}
	c := complete(t, it, dec1)
	ok(t)(c.Accept(clerk, it, casework.AcceptInput{}, dec1))
	if c.Provisional {
		t.Fatalf("dates within 2026 are provisional: %v", dates(c))
	}
	ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, casework.Env{Now: at(t, "2026-12-02T10:00:00+08:00"), Cal: only2026}))
	ok(t)(c.Resume(approver, casework.Env{Now: at(t, "2027-01-05T10:00:00+08:00"), Cal: only2026}))
	// (12-02, 01-05] without a 2027 notice: Dec 3..31 (21), Jan 1, 4, 5 (3) = 24.
	// Accepted 12-01: promised 3+24 → 2027-01-07; legal 20+24 → 2027-02-01.
	if got, want := dates(c), [2]string{"2027-01-07", "2027-02-01"}; got != want || !c.Provisional {
		t.Fatalf("after resume in 2027 without its calendar: got %v provisional %v, want %v provisional", got, c.Provisional, want)
	}
	k, err := c.ClockAt(only2026, date(t, "2027-01-05"))
	must(t, err)
	if want := (casework.Clock{Light: casework.Blue, DaysLeft: 2, LegalDaysLeft: 19, Provisional: true}); k == nil || *k != want {
		t.Fatalf("clock without the calendar: got %+v, want %+v", k, want)
	}
	with2027, err := only2026.With(year2027(t))
	must(t, err)
	// With the notice, Jan 1 is neither excluded nor counted: the same dates, now official.
	ok(t)(c.RefreshDeadlines(casework.Env{Now: at(t, "2027-01-06T10:00:00+08:00"), Cal: with2027}))
	if got, want := dates(c), [2]string{"2027-01-07", "2027-02-01"}; got != want || c.Provisional {
		t.Errorf("after loading 2027: got %v provisional %v, want %v official", got, c.Provisional, want)
	}

	c2 := complete(t, it, dec1)
	ok(t)(c2.Accept(clerk, it, casework.AcceptInput{}, dec1))
	ok(t)(c2.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, casework.Env{Now: at(t, "2026-12-02T10:00:00+08:00"), Cal: only2026}))
	ok(t)(c2.Resume(approver, casework.Env{Now: at(t, "2027-01-05T10:00:00+08:00"), Cal: with2027}))
	// (12-02, 01-05]: Dec 3..4, 7..11, 14..18, 21..25, 28..31 (21) and Jan 4, 5 (2) = 23.
	// Accepted 12-01: promised 3 → 12-04, +23 → 2027-01-07; legal 20 → 12-29, +23 → 2027-02-01.
	if got, want := dates(c2), [2]string{"2027-01-07", "2027-02-01"}; got != want || c2.Provisional {
		t.Errorf("dates: got %v provisional %v, want %v official", got, c2.Provisional, want)
	}
}
