package casework_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/humantext"
)

// approvedCase is a promised case reviewed and approved on 2026-03-03.
func approvedCase(tb testing.TB, it *catalog.Item) *casework.Case {
	tb.Helper()
	c := accepted(tb, it, envOn(tb, fileDay))
	env := envOn(tb, "2026-03-03")
	reviewAll(tb, c, env)
	ok(tb)(c.Approve(approver2, it, casework.DecisionInput{}, env))
	return c
}

// TestIssueThenDeliver: an approval whose procedure makes a certificate is issued by
// the hall's certificate officer and then delivered, which closes the case.
func TestIssueThenDeliver(t *testing.T) {
	it := promisedItem()
	c := approvedCase(t, it)
	env := envOn(t, "2026-03-04")

	// Not delivered before the certificate is made.
	before := *c
	before.Tasks = append([]casework.Task(nil), c.Tasks...)
	checkErr(t, errOf(c.Deliver(certOfficer, casework.DeliverInput{Method: casework.PickUp, Recipient: "张三"}, env)), invalidTransition)
	if diff := cmp.Diff(&before, c, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("a refused delivery changed the case (-before +after):\n%s", diff)
	}

	checkErr(t, errOf(c.Issue(clerk, casework.IssueInput{}, env)), forbidden) // a promised item's certificate is not the window's
	checkErr(t, errOf(c.Issue(otherCert, casework.IssueInput{}, env)), forbidden)
	checkErr(t, errOf(c.Issue(approver, casework.IssueInput{}, env)), forbidden)
	ok(t)(c.Issue(certOfficer, casework.IssueInput{Note: "证照编号 JY001"}, env))
	if got := task(t, c, "制证"); c.Status != casework.Issued || got.Status != done || got.DoneBy != certOfficer.Username || got.Opinion != "证照编号 JY001" {
		t.Fatalf("after issue: status %v, 制证 %+v", c.Status, got)
	}
	if got := task(t, c, "送达").Status; got != open {
		t.Errorf("送达 after issue: got %v, want %v", got, open)
	}
	checkErr(t, errOf(c.Issue(certOfficer, casework.IssueInput{}, env)), invalidTransition)

	checkErr(t, errOf(c.Deliver(otherCert, casework.DeliverInput{Method: casework.Electronic}, env)), forbidden)
	delivered := envOn(t, "2026-03-05")
	ok(t)(c.Deliver(certOfficer, casework.DeliverInput{Method: casework.PickUp, Recipient: "张三（本人）"}, delivered))
	want := &casework.Delivery{Method: casework.PickUp, Recipient: "张三（本人）", By: certOfficer.Username, At: delivered.Now}
	if diff := cmp.Diff(want, c.Delivery); diff != "" {
		t.Errorf("delivery (-want +got):\n%s", diff)
	}
	if got := task(t, c, "送达"); c.Status != casework.Closed || got.Status != done || !got.DoneAt.Equal(delivered.Now) {
		t.Errorf("after delivery: status %v, 送达 %v at %v", c.Status, got.Status, got.DoneAt)
	}
	if at := c.ClosedAt(); at == nil || !at.Equal(delivered.Now) {
		t.Errorf("ClosedAt: got %v, want %v", at, delivered.Now)
	}
	checkErr(t, errOf(c.Deliver(certOfficer, casework.DeliverInput{Method: casework.Electronic}, delivered)), invalidTransition)
}

// TestDeliverInput: how the decision was delivered is recorded, and what a method
// needs is required, each error naming its field.
func TestDeliverInput(t *testing.T) {
	long := strings.Repeat("长", humantext.MaxFree+1)
	tests := []struct {
		name string
		in   casework.DeliverInput
		want *errWant
	}{
		{name: "pickup", in: casework.DeliverInput{Method: casework.PickUp, Recipient: "张三"}},
		{name: "pickup by an authorised person", in: casework.DeliverInput{Method: casework.PickUp, Recipient: "李四（受托人）", Note: "持授权委托书"}},
		{name: "express", in: casework.DeliverInput{Method: casework.Express, Carrier: "EMS", Tracking: "1234567890"}},
		{name: "electronic", in: casework.DeliverInput{Method: casework.Electronic}},
		{name: "pickup without recipient", in: casework.DeliverInput{Method: casework.PickUp}, want: required("recipient")},
		{name: "pickup with a blank recipient", in: casework.DeliverInput{Method: casework.PickUp, Recipient: " "}, want: required("recipient")},
		{name: "express without carrier", in: casework.DeliverInput{Method: casework.Express, Tracking: "1234567890"}, want: required("carrier")},
		{name: "express without tracking number", in: casework.DeliverInput{Method: casework.Express, Carrier: "EMS"}, want: required("tracking_number")},
		{name: "no method", in: casework.DeliverInput{Recipient: "张三"}, want: invalid("method")},
		{name: "unknown method", in: casework.DeliverInput{Method: "fax"}, want: invalid("method")},
		{name: "note too long", in: casework.DeliverInput{Method: casework.Electronic, Note: long}, want: invalid("note")},
		{name: "recipient too long", in: casework.DeliverInput{Method: casework.Electronic, Recipient: long}, want: invalid("recipient")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			c := approvedCase(t, it)
			env := envOn(t, "2026-03-04")
			ok(t)(c.Issue(certOfficer, casework.IssueInput{}, env))
			_, err := c.Deliver(certOfficer, tt.in, env)
			checkErr(t, err, tt.want)
			if tt.want != nil {
				if c.Status != casework.Issued || c.Delivery != nil {
					t.Errorf("a refused delivery: status %v delivery %+v, want issued without delivery", c.Status, c.Delivery)
				}
				return
			}
			want := &casework.Delivery{Method: tt.in.Method, Recipient: tt.in.Recipient, Carrier: tt.in.Carrier,
				Tracking: tt.in.Tracking, Note: tt.in.Note, By: certOfficer.Username, At: env.Now}
			if diff := cmp.Diff(want, c.Delivery); diff != "" || c.Status != casework.Closed {
				t.Errorf("status %v, delivery (-want +got):\n%s", c.Status, diff)
			}
		})
	}
}

// TestDeliverADenial: a denial is delivered too (Art. 44), which closes the case.
func TestDeliverADenial(t *testing.T) {
	it := promisedItem()
	c := accepted(t, it, envOn(t, fileDay))
	env := envOn(t, "2026-03-03")
	reviewAll(t, c, env)
	ok(t)(c.Deny(approver2, it, casework.DecisionInput{Reason: "不符合法定条件"}, env))
	checkErr(t, errOf(c.Issue(certOfficer, casework.IssueInput{}, env)), invalidTransition)
	ok(t)(c.Deliver(certOfficer, casework.DeliverInput{Method: casework.Express, Carrier: "EMS", Tracking: "EA123"}, env))
	if c.Status != casework.Closed || c.Delivery == nil || task(t, c, "送达").Status != done {
		t.Errorf("got status %v delivery %+v 送达 %v, want closed and delivered", c.Status, c.Delivery, task(t, c, "送达").Status)
	}
	if got := task(t, c, "制证").Status; got != cancelled {
		t.Errorf("制证: got %v, want %v", got, cancelled)
	}
}

// TestDeliverWithoutIssueStep: an approval whose procedure makes no certificate is
// delivered at once; there is nothing to issue.
func TestDeliverWithoutIssueStep(t *testing.T) {
	it := promisedItem()
	it.Procedure = procedure("受理", "审查", "决定", "送达")
	c := approvedCase(t, it)
	env := envOn(t, "2026-03-04")
	checkErr(t, errOf(c.Issue(certOfficer, casework.IssueInput{}, env)), invalidTransition)
	if c.Status != casework.Approved {
		t.Fatalf("status after a refused issue: got %v, want %v", c.Status, casework.Approved)
	}
	ok(t)(c.Deliver(certOfficer, casework.DeliverInput{Method: casework.Electronic}, env))
	if c.Status != casework.Closed {
		t.Errorf("status: got %v, want %v", c.Status, casework.Closed)
	}
}

// TestInstantItemIssuedAtTheWindow: an instant item's certificate is made and handed
// over at the window, by the hall's clerk as well as its certificate officer.
func TestInstantItemIssuedAtTheWindow(t *testing.T) {
	it := instantItem()
	it.Procedure = procedure("受理", "审核:decide", "制证") // as the guide's instant items: issued, no separate delivery
	tests := []struct {
		name string
		by   access.Actor
		want *errWant
	}{
		{name: "the hall's clerk", by: clerk},
		{name: "the hall's certificate officer", by: certOfficer},
		{name: "a clerk of another hall", by: otherClerk, want: forbidden},
		{name: "the department's approver", by: approver, want: forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envOn(t, fileDay)
			c := complete(t, it, env)
			ok(t)(c.Approve(clerk, it, casework.DecisionInput{}, env))
			checkErr(t, errOf(c.Issue(tt.by, casework.IssueInput{}, env)), tt.want)
			if tt.want != nil {
				return
			}
			ok(t)(c.Deliver(tt.by, casework.DeliverInput{Method: casework.PickUp, Recipient: "张三"}, env))
			if c.Status != casework.Closed {
				t.Errorf("status: got %v, want %v", c.Status, casework.Closed)
			}
		})
	}
}

// TestDeliveryDays: a deliver step's own limit counts from the decision.
func TestDeliveryDays(t *testing.T) {
	it := promisedItem()
	it.Procedure[4].Days = 3 // 送达
	must(t, it.Validate())
	c := approvedCase(t, it) // decided Tue 03-03
	if got := task(t, c, "送达"); got.Day != 3 || got.Due != date(t, "2026-03-06") {
		t.Errorf("送达: got day %d due %v, want 3 and 2026-03-06", got.Day, dueString(got.Due))
	}
	if got := task(t, c, "制证"); got.Day != art44 || got.Due != date(t, "2026-03-17") {
		t.Errorf("制证: got day %d due %v, want %d and 2026-03-17", got.Day, dueString(got.Due), art44)
	}
}
