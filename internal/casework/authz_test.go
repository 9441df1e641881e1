package casework_test

import (
	"testing"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
)

// TestWhoMayAct: staff act only within their role, hall and department, and an
// applicant only on their own case. A refusal for scope is Forbidden, and it comes
// before any status check.
func TestWhoMayAct(t *testing.T) {
	var (
		P = catalog.Promised
		I = catalog.Instant
	)
	strangerApplicant := access.Actor{UserID: 63, Username: "noid", Role: access.Applicant} // no applicant record
	tests := []struct {
		name     string
		handling catalog.Handling
		status   casework.Status
		action   casework.Action
		by       access.Actor
		want     *errWant
	}{
		{name: "accept by the hall's clerk", handling: P, status: casework.Submitted, action: casework.Accept, by: clerk},
		{name: "accept by a clerk of another hall", handling: P, status: casework.Submitted, action: casework.Accept, by: otherClerk, want: forbidden},
		{name: "accept by an approver", handling: P, status: casework.Submitted, action: casework.Accept, by: approver, want: forbidden},
		{name: "accept by the applicant", handling: P, status: casework.Submitted, action: casework.Accept, by: owner, want: forbidden},
		{name: "accept by a certificate officer of the hall", handling: P, status: casework.Submitted, action: casework.Accept, by: certOfficer, want: forbidden},
		{name: "accept by a supervisor", handling: P, status: casework.Submitted, action: casework.Accept, by: supervisor, want: forbidden},
		{name: "accept by an admin", handling: P, status: casework.Submitted, action: casework.Accept, by: admin, want: forbidden},
		{name: "accept by the system", handling: P, status: casework.Submitted, action: casework.Accept, by: access.SystemActor, want: forbidden},
		{name: "accept with gaps by a clerk of another hall", handling: P, status: casework.Submitted, action: casework.AcceptWithGaps, by: otherClerk, want: forbidden},
		{name: "forbidden comes before the status", handling: P, status: casework.Approved, action: casework.Accept, by: otherClerk, want: forbidden},

		{name: "correction by a clerk of another hall", handling: P, status: casework.Submitted, action: casework.RequestCorrection, by: otherClerk, want: forbidden},
		{name: "correction by an approver", handling: P, status: casework.Submitted, action: casework.RequestCorrection, by: approver, want: forbidden},
		{name: "correction by the applicant", handling: P, status: casework.Submitted, action: casework.RequestCorrection, by: owner, want: forbidden},
		{name: "refuse by a clerk of another hall", handling: P, status: casework.Submitted, action: casework.Refuse, by: otherClerk, want: forbidden},
		{name: "refuse by the applicant", handling: P, status: casework.Submitted, action: casework.Refuse, by: owner, want: forbidden},

		{name: "supplement by the owner", handling: P, status: casework.AwaitingCorrection, action: casework.Supplement, by: owner},
		{name: "supplement by the hall's clerk", handling: P, status: casework.AwaitingCorrection, action: casework.Supplement, by: clerk},
		{name: "supplement by another applicant", handling: P, status: casework.AwaitingCorrection, action: casework.Supplement, by: otherOwner, want: forbidden},
		{name: "supplement by an applicant without record", handling: P, status: casework.AwaitingCorrection, action: casework.Supplement, by: strangerApplicant, want: forbidden},
		{name: "supplement by a clerk of another hall", handling: P, status: casework.AwaitingCorrection, action: casework.Supplement, by: otherClerk, want: forbidden},
		{name: "supplement by an approver", handling: P, status: casework.Accepted, action: casework.Supplement, by: approver, want: forbidden},

		{name: "complete task by the department's approver", handling: P, status: casework.Accepted, action: casework.CompleteTask, by: approver},
		{name: "complete task by another department", handling: P, status: casework.Accepted, action: casework.CompleteTask, by: otherApprover, want: forbidden},
		{name: "complete task by the clerk", handling: P, status: casework.Accepted, action: casework.CompleteTask, by: clerk, want: forbidden},

		{name: "approve promised by the department's approver", handling: P, status: casework.InReview, action: casework.Approve, by: approver2},
		{name: "approve promised by the hall's clerk", handling: P, status: casework.InReview, action: casework.Approve, by: clerk, want: forbidden},
		{name: "approve promised by another department", handling: P, status: casework.InReview, action: casework.Approve, by: otherApprover, want: forbidden},
		{name: "approve promised by the applicant", handling: P, status: casework.InReview, action: casework.Approve, by: owner, want: forbidden},
		{name: "approve promised by a certificate officer", handling: P, status: casework.InReview, action: casework.Approve, by: certOfficer, want: forbidden},
		{name: "approve promised by a supervisor", handling: P, status: casework.InReview, action: casework.Approve, by: supervisor, want: forbidden},
		{name: "deny promised by the hall's clerk", handling: P, status: casework.InReview, action: casework.Deny, by: clerk, want: forbidden},
		{name: "deny promised by another department", handling: P, status: casework.InReview, action: casework.Deny, by: otherApprover, want: forbidden},
		{name: "approve instant by the hall's clerk", handling: I, status: casework.Submitted, action: casework.Approve, by: clerk},
		{name: "approve instant by the department's approver", handling: I, status: casework.Submitted, action: casework.Approve, by: approver},
		{name: "approve instant by a clerk of another hall", handling: I, status: casework.Submitted, action: casework.Approve, by: otherClerk, want: forbidden},
		{name: "approve instant by another department", handling: I, status: casework.Submitted, action: casework.Approve, by: otherApprover, want: forbidden},
		{name: "approve instant by the applicant", handling: I, status: casework.Submitted, action: casework.Approve, by: owner, want: forbidden},
		{name: "deny instant by a clerk of another hall", handling: I, status: casework.Submitted, action: casework.Deny, by: otherClerk, want: forbidden},

		{name: "suspend by another department", handling: P, status: casework.Accepted, action: casework.Suspend, by: otherApprover, want: forbidden},
		{name: "suspend by the clerk", handling: P, status: casework.Accepted, action: casework.Suspend, by: clerk, want: forbidden},
		{name: "resume by another department", handling: P, status: casework.Accepted, action: casework.Resume, by: otherApprover, want: forbidden},
		{name: "resume by the applicant", handling: P, status: casework.Accepted, action: casework.Resume, by: owner, want: forbidden},
		{name: "extend by another department", handling: P, status: casework.Accepted, action: casework.Extend, by: otherApprover, want: forbidden},
		{name: "extend by the clerk", handling: P, status: casework.Accepted, action: casework.Extend, by: clerk, want: forbidden},
		{name: "extend by a supervisor", handling: P, status: casework.Accepted, action: casework.Extend, by: supervisor, want: forbidden},

		{name: "withdraw by the owner", handling: P, status: casework.InReview, action: casework.Withdraw, by: owner},
		{name: "withdraw by another applicant", handling: P, status: casework.InReview, action: casework.Withdraw, by: otherOwner, want: forbidden},
		{name: "withdraw by the hall's clerk of an online case", handling: P, status: casework.Submitted, action: casework.Withdraw, by: clerk, want: forbidden},
		{name: "withdraw by the department's approver", handling: P, status: casework.InReview, action: casework.Withdraw, by: approver, want: forbidden},
		{name: "withdraw by a supervisor", handling: P, status: casework.InReview, action: casework.Withdraw, by: supervisor, want: forbidden},

		{name: "issue by the hall's certificate officer", handling: P, status: casework.Approved, action: casework.Issue, by: certOfficer},
		{name: "issue by a certificate officer of another hall", handling: P, status: casework.Approved, action: casework.Issue, by: otherCert, want: forbidden},
		{name: "issue promised by the hall's clerk", handling: P, status: casework.Approved, action: casework.Issue, by: clerk, want: forbidden},
		{name: "issue by the department's approver", handling: P, status: casework.Approved, action: casework.Issue, by: approver, want: forbidden},
		{name: "issue by the applicant", handling: P, status: casework.Approved, action: casework.Issue, by: owner, want: forbidden},
		{name: "deliver by the hall's certificate officer", handling: P, status: casework.Issued, action: casework.Deliver, by: certOfficer},
		{name: "deliver promised by the hall's clerk", handling: P, status: casework.Issued, action: casework.Deliver, by: clerk, want: forbidden},
		{name: "deliver by a certificate officer of another hall", handling: P, status: casework.Denied, action: casework.Deliver, by: otherCert, want: forbidden},
		{name: "deliver by the department's approver", handling: P, status: casework.Denied, action: casework.Deliver, by: approver, want: forbidden},
		{name: "deliver instant by the hall's clerk", handling: I, status: casework.Approved, action: casework.Deliver, by: clerk},
		{name: "deliver instant by a clerk of another hall", handling: I, status: casework.Approved, action: casework.Deliver, by: otherClerk, want: forbidden},
		{name: "forbidden delivery comes before the status", handling: P, status: casework.Submitted, action: casework.Deliver, by: otherCert, want: forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := matrixItem(tt.handling, tt.status)
			c := inStatus(t, it, tt.status)
			env := envOn(t, actDay)
			cmd := commands[tt.action]
			if cmd.prepare != nil {
				cmd.prepare(c, it, env)
			}
			before := c.Status
			_, err := cmd.run(c, it, tt.by, env)
			checkErr(t, err, tt.want)
			if tt.want != nil && c.Status != before {
				t.Errorf("got status %s after a forbidden %s, want %s", c.Status, tt.action, before)
			}
		})
	}
}

func TestCanView(t *testing.T) {
	c := complete(t, promisedItem(), envOn(t, fileDay))
	hallSupervisor := access.Actor{Username: "sup.hall", Role: access.Supervisor, Hall: hallCode}
	otherHallSupervisor := access.Actor{Username: "sup.jn", Role: access.Supervisor, Hall: "jiaonan-zwzx"}
	deptSupervisor := access.Actor{Username: "sup.dept", Role: access.Supervisor, Department: deptCode}
	otherDeptSupervisor := access.Actor{Username: "sup.zr", Role: access.Supervisor, Department: "zrzyj"}
	bothSupervisor := access.Actor{Username: "sup.both", Role: access.Supervisor, Hall: hallCode, Department: deptCode}
	mixedSupervisor := access.Actor{Username: "sup.mixed", Role: access.Supervisor, Hall: hallCode, Department: "zrzyj"}
	otherHallCert := access.Actor{Username: "cert.jn", Role: access.CertificateOfficer, Hall: "jiaonan-zwzx"}
	noIDApplicant := access.Actor{Username: "noid", Role: access.Applicant}
	// A staff member who happens to carry the applicant's id is still not the applicant.
	clerkWithApplicantID := access.Actor{Username: "clerk.x", Role: access.Clerk, Hall: "jiaonan-zwzx", ApplicantID: ownerID}
	tests := []struct {
		name string
		by   access.Actor
		want bool
	}{
		{name: "owner", by: owner, want: true},
		{name: "another applicant", by: otherOwner, want: false},
		{name: "applicant without record", by: noIDApplicant, want: false},
		{name: "clerk without a hall", by: access.Actor{Username: "clerk.y", Role: access.Clerk}, want: false},
		{name: "approver without a department", by: access.Actor{Username: "appr.y", Role: access.Approver}, want: false},
		{name: "clerk of the hall", by: clerk, want: true},
		{name: "clerk of another hall", by: otherClerk, want: false},
		{name: "clerk of another hall with the applicant's id", by: clerkWithApplicantID, want: false},
		{name: "certificate officer of the hall", by: certOfficer, want: true},
		{name: "certificate officer of another hall", by: otherHallCert, want: false},
		{name: "approver of the department", by: approver, want: true},
		{name: "approver of another department", by: otherApprover, want: false},
		{name: "unscoped supervisor", by: supervisor, want: true},
		{name: "supervisor of the hall", by: hallSupervisor, want: true},
		{name: "supervisor of another hall", by: otherHallSupervisor, want: false},
		{name: "supervisor of the department", by: deptSupervisor, want: true},
		{name: "supervisor of another department", by: otherDeptSupervisor, want: false},
		{name: "supervisor of the hall and the department", by: bothSupervisor, want: true},
		{name: "supervisor of the hall but another department", by: mixedSupervisor, want: false},
		{name: "admin", by: admin, want: false},
		{name: "system", by: access.SystemActor, want: true},
		{name: "no role", by: access.Actor{Username: "anon"}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := casework.CanView(tt.by, c); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSeparationOfDuties: on a promised item the person who accepted a case may not
// decide it (受审分离); on an instant item one person does both (独任审核).
func TestSeparationOfDuties(t *testing.T) {
	// An approver account with the same username as the accepting clerk.
	sameApprover := approver
	sameApprover.Username = clerk.Username
	separation := &errWant{kind: apperr.Forbidden, code: "separation_of_duties"}
	tests := []struct {
		name     string
		handling catalog.Handling
		action   casework.Action
		by       access.Actor
		want     *errWant
	}{
		{name: "promised approve by the acceptor", handling: catalog.Promised, action: casework.Approve, by: sameApprover, want: separation},
		{name: "promised deny by the acceptor", handling: catalog.Promised, action: casework.Deny, by: sameApprover, want: separation},
		{name: "promised approve by another approver", handling: catalog.Promised, action: casework.Approve, by: approver},
		{name: "instant approve by the acceptor", handling: catalog.Instant, action: casework.Approve, by: clerk},
		{name: "instant deny by the acceptor", handling: catalog.Instant, action: casework.Deny, by: clerk},
		{name: "instant approve by an approver with the acceptor's name", handling: catalog.Instant, action: casework.Approve, by: sameApprover},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := matrixItem(tt.handling, casework.Accepted)
			c := inStatus(t, it, casework.Accepted)
			c.AcceptedBy = clerk.Username // an instant case reaches accepted by deemed acceptance: name the clerk
			env := envOn(t, actDay)
			reviewsDone(c)
			_, err := commands[tt.action].run(c, it, tt.by, env)
			checkErr(t, err, tt.want)
			if tt.want != nil && (c.Status != casework.Accepted || c.Decision != nil) {
				t.Errorf("got status %s, decision %+v, want accepted and no decision", c.Status, c.Decision)
			}
		})
	}
}

// TestSeparationThroughAccept builds the promised case through Accept: the clerk who
// accepted it also holds an approver account under the same name.
func TestSeparationThroughAccept(t *testing.T) {
	it := promisedItem()
	c := accepted(t, it, envOn(t, fileDay))
	if got, want := c.AcceptedBy, clerk.Username; got != want {
		t.Fatalf("AcceptedBy: got %v, want %v", got, want)
	}
	same := approver
	same.Username = clerk.Username
	reviewAll(t, c, envOn(t, "2026-03-03"))
	_, err := c.Approve(same, it, casework.DecisionInput{}, envOn(t, "2026-03-03"))
	checkErr(t, err, &errWant{kind: apperr.Forbidden, code: "separation_of_duties"})
	ok(t)(c.Approve(approver, it, casework.DecisionInput{}, envOn(t, "2026-03-03")))
}
