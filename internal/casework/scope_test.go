package casework_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/civicid"
)

func TestScopeOf(t *testing.T) {
	tests := []struct {
		name string
		by   access.Actor
		want casework.Scope
	}{
		{name: "applicant: own cases", by: owner, want: casework.Scope{ApplicantID: ownerID}},
		{name: "clerk: the hall", by: clerk, want: casework.Scope{Hall: hallCode}},
		{name: "certificate officer: the hall", by: certOfficer, want: casework.Scope{Hall: hallCode}},
		{name: "approver: the department", by: approver, want: casework.Scope{Department: deptCode}},
		{name: "supervisor of the district", by: supervisor, want: casework.Scope{All: true}},
		{name: "supervisor of a hall", by: access.Actor{Role: access.Supervisor, Hall: hallCode}, want: casework.Scope{Hall: hallCode}},
		{name: "supervisor of a department", by: access.Actor{Role: access.Supervisor, Department: deptCode},
			want: casework.Scope{Department: deptCode}},
		{name: "system: everything", by: access.SystemActor, want: casework.Scope{All: true}},
		{name: "admin: nothing", by: admin, want: casework.Scope{None: true}},
		{name: "no role: nothing", by: access.Actor{Username: "anon"}, want: casework.Scope{None: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := casework.ScopeOf(tt.by); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestScopeAllows: an approver sees the cases their department owns or has a task
// in, so a department inspecting for another sees the case once its task exists.
func TestScopeAllows(t *testing.T) {
	submittedCase := complete(t, jointItem(), envOn(t, fileDay))
	acceptedCase := accepted(t, jointItem(), envOn(t, fileDay))
	thirdApprover := access.Actor{Username: "appr.zjj", Role: access.Approver, Department: "zjj"}
	otherDeptSupervisor := access.Actor{Username: "sup.zr", Role: access.Supervisor, Department: otherDept}
	tests := []struct {
		name      string
		by        access.Actor
		submitted bool // may see the case before acceptance
		accepted  bool // and after, when the other department has its task
	}{
		{name: "owner", by: owner, submitted: true, accepted: true},
		{name: "another applicant", by: otherOwner},
		{name: "the hall's clerk", by: clerk, submitted: true, accepted: true},
		{name: "another hall's clerk", by: otherClerk},
		{name: "the hall's certificate officer", by: certOfficer, submitted: true, accepted: true},
		{name: "another hall's certificate officer", by: otherCert},
		{name: "the owning department's approver", by: approver, submitted: true, accepted: true},
		{name: "the inspecting department's approver", by: otherApprover, accepted: true},
		{name: "an uninvolved department's approver", by: thirdApprover},
		{name: "the inspecting department's supervisor", by: otherDeptSupervisor, accepted: true},
		{name: "district supervisor", by: supervisor, submitted: true, accepted: true},
		{name: "admin", by: admin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := casework.ScopeOf(tt.by)
			if got := [2]bool{s.Allows(submittedCase), s.Allows(acceptedCase)}; got != [2]bool{tt.submitted, tt.accepted} {
				t.Errorf("Allows submitted, accepted: got %v, want %v", got, [2]bool{tt.submitted, tt.accepted})
			}
			if got := casework.CanView(tt.by, acceptedCase); got != tt.accepted {
				t.Errorf("CanView: got %v, want %v as Allows", got, tt.accepted)
			}
		})
	}
}

// TestScopeNarrow: a list may narrow one's scope, never widen it: asking for
// another hall or department is Forbidden rather than an empty list.
func TestScopeNarrow(t *testing.T) {
	tests := []struct {
		name   string
		by     access.Actor
		filter casework.Filter
		want   *errWant
	}{
		{name: "clerk, no filter", by: clerk},
		{name: "clerk, own hall", by: clerk, filter: casework.Filter{Hall: hallCode}},
		{name: "clerk, another hall", by: clerk, filter: casework.Filter{Hall: "jiaonan-zwzx"}, want: forbidden},
		{name: "clerk, a department of the hall", by: clerk, filter: casework.Filter{Department: deptCode}},
		{name: "approver, own department", by: approver, filter: casework.Filter{Department: deptCode}},
		{name: "approver, another department", by: approver, filter: casework.Filter{Department: otherDept}, want: forbidden},
		{name: "approver, a hall", by: approver, filter: casework.Filter{Hall: hallCode}},
		{name: "district supervisor, any hall and department", by: supervisor, filter: casework.Filter{Hall: "jiaonan-zwzx", Department: otherDept}},
		{name: "hall supervisor, another hall", by: access.Actor{Role: access.Supervisor, Hall: hallCode},
			filter: casework.Filter{Hall: "jiaonan-zwzx"}, want: forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, casework.ScopeOf(tt.by).Narrow(tt.filter), tt.want)
		})
	}
}

func TestLightOn(t *testing.T) {
	due, yellow := date(t, "2026-03-05"), date(t, "2026-03-04")
	tests := []struct {
		today string
		want  casework.Light
	}{
		{"2026-03-02", casework.Blue},
		{"2026-03-03", casework.Blue},
		{"2026-03-04", casework.Yellow},
		{"2026-03-05", casework.Yellow},
		{"2026-03-06", casework.Red},
	}
	for _, tt := range tests {
		t.Run(tt.today, func(t *testing.T) {
			if got := casework.LightOn(date(t, tt.today), due, yellow); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCaseRowLight: a list row has a light only while the clock runs.
func TestCaseRowLight(t *testing.T) {
	row := casework.CaseRow{Status: casework.Accepted, PromisedDue: date(t, "2026-03-05"), YellowFrom: date(t, "2026-03-04")}
	if got := row.Light(date(t, "2026-03-06")); got != casework.Red {
		t.Errorf("accepted, overdue: got %q, want red", got)
	}
	row.Status = casework.Approved
	if got := row.Light(date(t, "2026-03-06")); got != "" {
		t.Errorf("approved: got %q, want none", got)
	}
}

// TestWatched: the sweep looks only at cases whose dates move by themselves.
func TestWatched(t *testing.T) {
	tests := []struct {
		name  string
		build func(t *testing.T) *casework.Case
		want  bool
	}{
		{name: "accepted, official dates", want: false, build: func(t *testing.T) *casework.Case {
			return accepted(t, promisedItem(), envOn(t, fileDay))
		}},
		{name: "suspended", want: true, build: func(t *testing.T) *casework.Case {
			c := accepted(t, promisedItem(), envOn(t, fileDay))
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, envOn(t, "2026-03-03")))
			return c
		}},
		{name: "resumed", want: false, build: func(t *testing.T) *casework.Case {
			c := accepted(t, promisedItem(), envOn(t, fileDay))
			ok(t)(c.Suspend(approver, casework.SuspendInput{Reason: casework.ForHearing}, envOn(t, "2026-03-03")))
			ok(t)(c.Resume(approver, envOn(t, "2026-03-05")))
			return c
		}},
		{name: "provisional dates", want: true, build: func(t *testing.T) *casework.Case {
			return accepted(t, promisedWith(20, 20), envOn(t, "2026-12-28"))
		}},
		{name: "dates never computed", want: true, build: func(t *testing.T) *casework.Case {
			c := accepted(t, promisedItem(), envOn(t, fileDay))
			c.PromisedDue, c.LegalDue, c.YellowFrom, c.DatesOn = 0, 0, 0, 0
			return c
		}},
		{name: "submitted", want: false, build: func(t *testing.T) *casework.Case {
			return complete(t, promisedItem(), envOn(t, fileDay))
		}},
		{name: "approved", want: false, build: func(t *testing.T) *casework.Case {
			return inStatus(t, promisedItem(), casework.Approved)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.build(t).Watched(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSweepOnAgreesWithArt32: the sweep's criterion for deemed acceptance selects
// exactly the cases DeemedAcceptanceDue holds due, over weekends and holidays.
func TestSweepOnAgreesWithArt32(t *testing.T) {
	for today := date(t, "2026-02-01"); today <= date(t, "2026-03-20"); today++ {
		crit, err := casework.SweepOn(cal, today)
		must(t, err)
		for received := today.AddDays(-20); received <= today; received++ {
			c := complete(t, promisedItem(), casework.Env{Now: received.Time().Add(10 * time.Hour), Cal: cal})
			due, err := c.DeemedAcceptanceDue(cal, today)
			must(t, err)
			if selected := received < crit.DeemReceivedBefore; selected != due {
				t.Fatalf("today %v, received %v: sweep selects %v, DeemedAcceptanceDue %v (before %v)",
					today, received, selected, due, crit.DeemReceivedBefore)
			}
		}
		if crit.Today != today || crit.OfficialThrough != date(t, "2026-12-31") {
			t.Fatalf("today %v: got Today %v OfficialThrough %v", today, crit.Today, crit.OfficialThrough)
		}
	}
}

// TestSweepOnAtTheCalendarStart: where the loaded calendar does not reach five
// working days back, the sweep must not select a case that is not yet due.
func TestSweepOnAtTheCalendarStart(t *testing.T) {
	only2026 := calendarOf(t, 2026)
	today := date(t, "2026-01-05")
	crit, err := casework.SweepOn(only2026, today)
	must(t, err)
	c := complete(t, promisedItem(), envAt(t, "2025-12-31T10:00:00+08:00"))
	due, err := c.DeemedAcceptanceDue(only2026, today)
	must(t, err)
	if selected := date(t, "2025-12-31") < crit.DeemReceivedBefore; selected != due {
		t.Errorf("received 2025-12-31: sweep selects %v (before %v), DeemedAcceptanceDue %v", selected, crit.DeemReceivedBefore, due)
	}
}

func TestDefaultChannel(t *testing.T) {
	tests := []struct {
		role access.Role
		want casework.Channel
	}{
		{access.Clerk, casework.Window},
		{access.Applicant, casework.Online},
	}
	for _, tt := range tests {
		if got := casework.DefaultChannel(tt.role); got != tt.want {
			t.Errorf("DefaultChannel(%s): got %v, want %v", tt.role, got, tt.want)
		}
	}
}

func TestFilingVersion(t *testing.T) {
	tests := []struct {
		name string
		st   catalog.State
		want int
		err  *errWant
	}{
		{name: "published", st: catalog.State{Code: "x", Latest: 4, Published: 3}, want: 3},
		{name: "never published", st: catalog.State{Code: "x", Latest: 1}, err: conflict("item_not_published")},
		{name: "retired", st: catalog.State{Code: "x", Latest: 3, Published: 3, Retired: true}, err: conflict("item_not_published")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := casework.FilingVersion(tt.st)
			checkErr(t, err, tt.err)
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestApplicantMasked(t *testing.T) {
	a := casework.Applicant{ID: 7, Kind: casework.Person, Name: "张三", IDNumber: civicid.IDNumber("11010519491231002X"),
		Phone: "13812345678"}
	got := a.Masked()
	if got.IDNumber.Full() != "110105********002X" || got.Phone != "138****5678" || got.Name != "张三" || got.ID != 7 {
		t.Errorf("got %q %q %q %d", got.IDNumber.Full(), got.Phone, got.Name, got.ID)
	}
	if a.IDNumber.Full() != "11010519491231002X" {
		t.Errorf("Masked changed the original: %q", a.IDNumber.Full())
	}
	if short := (casework.Applicant{Phone: "6688"}).Masked(); short.Phone != "6688" {
		t.Errorf("a phone number that is not a mobile one: got %q, want it as it is", short.Phone)
	}
}

// TestQueueOf: who works which task queue, and that a queue may be narrowed to
// one's own department but never widened to another's.
func TestQueueOf(t *testing.T) {
	const appr, cert = access.Approver, access.CertificateOfficer
	deptSupervisor := access.Actor{Role: access.Supervisor, Department: deptCode}
	hallSupervisor := access.Actor{Role: access.Supervisor, Hall: hallCode}
	tests := []struct {
		name       string
		by         access.Actor
		department string
		want       casework.TaskFilter
		err        *errWant
	}{
		{name: "approver: the department's reviews and decisions, not its certificates", by: approver,
			want: casework.TaskFilter{Role: appr, Department: deptCode}},
		{name: "approver, own department", by: approver, department: deptCode,
			want: casework.TaskFilter{Role: appr, Department: deptCode}},
		{name: "approver, another department", by: approver, department: otherDept, err: forbidden},
		{name: "certificate officer: the hall's certificates", by: certOfficer,
			want: casework.TaskFilter{Role: cert, Hall: hallCode}},
		{name: "certificate officer, a department", by: certOfficer, department: deptCode, err: forbidden},
		{name: "district supervisor", by: supervisor, want: casework.TaskFilter{Role: appr}},
		{name: "district supervisor, a department", by: supervisor, department: otherDept, want: casework.TaskFilter{Role: appr, Department: otherDept}},
		{name: "department supervisor", by: deptSupervisor, want: casework.TaskFilter{Role: appr, Department: deptCode}},
		{name: "department supervisor, another department", by: deptSupervisor, department: otherDept, err: forbidden},
		{name: "hall supervisor, a department", by: hallSupervisor, department: deptCode,
			want: casework.TaskFilter{Role: appr, Department: deptCode, Hall: hallCode}},
		{name: "clerk", by: clerk, err: forbidden},
		{name: "applicant", by: owner, err: forbidden},
		{name: "admin", by: admin, err: forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := casework.QueueOf(tt.by, tt.department)
			checkErr(t, err, tt.err)
			if tt.err != nil {
				return
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("filter (-want +got):\n%s", diff)
			}
		})
	}
}
