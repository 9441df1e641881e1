package casework_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/civicid"
	"yiwang/internal/workday"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name string
		day  workday.Date
		hall *catalog.Hall
		seq  int
		want string
	}{
		{name: "example of the doc", day: workday.MakeDate(2026, 11, 25), hall: testHall, seq: 7, want: "20261125-37021101-0007"},
		{name: "first of the year", day: workday.MakeDate(2026, 1, 1), hall: testHall, seq: 1, want: "20260101-37021101-0001"},
		{name: "street hall", day: workday.MakeDate(2026, 3, 2), hall: &catalog.Hall{Region: "370211", Seq: 12}, seq: 9999, want: "20260302-37021112-9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := casework.FormatNumber(tt.day, tt.hall, tt.seq); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	env := envOn(t, fileDay)
	c := submitted(t, promisedItem(), env, matLicence, matFloorplan)
	want := &casework.Case{
		Number: "20260302-37021101-0001", Region: regionCode, Hall: hallCode, Channel: casework.Online,
		QueryCode: "123456",
		Applicant: casework.Applicant{ID: ownerID, Kind: casework.Person, Name: "张三", Phone: "13800000000"},
		Item:      "370211-XK-0001", ItemVersion: 3, ItemName: "食品经营许可", Department: deptCode,
		Handling: catalog.Promised, PromisedDays: 3, LegalDays: 20, YellowDays: catalog.DefaultYellowDays,
		Form: json.RawMessage(`{"shop":"张三小吃"}`),
		Materials: []casework.SubmittedMaterial{
			{Material: matLicence, Name: "营业执照", Blob: "sha256-licence", At: env.Now},
			{Material: matFloorplan, Name: "经营场所平面图", Blob: "sha256-floorplan", At: env.Now},
		},
		Status: casework.Submitted, SubmittedAt: env.Now, ReceivedAt: env.Now,
	}
	if diff := cmp.Diff(want, c, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("case (-want +got):\n%s", diff)
	}
}

// TestNewEvent: the event of a new case is everything it was filed with, the
// applicant's ID and phone numbers masked, in the form too.
func TestNewEvent(t *testing.T) {
	const id = "11010519491231002X"
	env := envOn(t, fileDay)
	in := casework.SubmitInput{
		Item: promisedItem(), Hall: testHall, Channel: casework.Window,
		Applicant: casework.Applicant{ID: ownerID, Kind: casework.Person, Name: "张三", IDNumber: civicid.IDNumber(id), Phone: "13812345678"},
		Form:      []byte(`{"holder":"` + id + `"}`), Materials: files(matLicence), Number: "20260302-37021101-0001",
	}
	c, ev, err := casework.New(clerk, in, env)
	must(t, err)
	want := casework.Event{Action: casework.Submit, Changes: []casework.Change{
		{Field: "status", After: casework.Submitted},
		{Field: "item", After: map[string]any{"code": "370211-XK-0001", "version": 3, "name": "食品经营许可"}},
		{Field: "hall", After: hallCode},
		{Field: "channel", After: casework.Window},
		{Field: "applicant", After: casework.Applicant{ID: ownerID, Kind: casework.Person, Name: "张三",
			IDNumber: civicid.IDNumber(civicid.IDNumber(id).Masked()), Phone: "138****5678"}},
		{Field: "filed_by", After: clerk.Username},
		{Field: "form", After: json.RawMessage(civicid.MaskIDsInText(string(in.Form)))},
		{Field: "materials", After: c.Materials},
	}}
	if diff := cmp.Diff(want, ev); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	for _, ch := range ev.Changes {
		// %v would mask an IDNumber by itself: look at the clear values.
		var clear string
		switch v := ch.After.(type) {
		case casework.Applicant:
			clear = v.IDNumber.Full() + " " + v.Phone
		case json.RawMessage:
			clear = string(v)
		}
		if strings.Contains(clear, id) || strings.Contains(clear, "13812345678") {
			t.Errorf("event field %s shows the full ID or phone number: %s", ch.Field, clear)
		}
	}
	if c.Applicant.IDNumber.Full() != id || c.Applicant.Phone != "13812345678" {
		t.Errorf("the case itself keeps the applicant as filed: got %q %q", c.Applicant.IDNumber.Full(), c.Applicant.Phone)
	}
}

func TestNewChecks(t *testing.T) {
	applicant := casework.Applicant{ID: ownerID, Kind: casework.Person, Name: "张三"}
	unpublished := promisedItem()
	unpublished.Status = catalog.Superseded
	tests := []struct {
		name string
		by   access.Actor
		in   casework.SubmitInput
		want *errWant
	}{
		{name: "applicant online", by: owner, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant}},
		{name: "applicant at a kiosk", by: owner, in: casework.SubmitInput{Channel: casework.Kiosk, Applicant: applicant}},
		{name: "applicant at the window", by: owner, in: casework.SubmitInput{Channel: casework.Window, Applicant: applicant}, want: invalid("channel")},
		{name: "applicant for someone else", by: otherOwner, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant}, want: forbidden},
		{name: "clerk at the window", by: clerk, in: casework.SubmitInput{Channel: casework.Window, Applicant: applicant}},
		{name: "clerk online", by: clerk, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant}, want: invalid("channel")},
		{name: "clerk of another hall", by: otherClerk, in: casework.SubmitInput{Channel: casework.Window, Applicant: applicant}, want: forbidden},
		{name: "approver", by: approver, in: casework.SubmitInput{Channel: casework.Window, Applicant: applicant}, want: forbidden},
		{name: "supervisor", by: supervisor, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant}, want: forbidden},
		{name: "unpublished item", by: owner, in: casework.SubmitInput{Item: unpublished, Channel: casework.Online, Applicant: applicant},
			want: conflict("item_not_published")},
		{name: "form is not an object", by: owner, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant, Form: json.RawMessage(`[1]`)},
			want: invalid("form")},
		{name: "unknown material", by: owner, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant,
			Materials: files(matLicence, "nope")}, want: invalid("materials[1].material")},
		{name: "paper online", by: owner, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant,
			Materials: []casework.MaterialInput{{Material: matLicence, Paper: true}}}, want: invalid("materials[0].paper")},
		{name: "paper at the window", by: clerk, in: casework.SubmitInput{Channel: casework.Window, Applicant: applicant,
			Materials: []casework.MaterialInput{{Material: matLicence, Paper: true}}}},
		{name: "paper and file", by: clerk, in: casework.SubmitInput{Channel: casework.Window, Applicant: applicant,
			Materials: []casework.MaterialInput{{Material: matLicence, Paper: true, Blob: "b"}}}, want: invalid("materials[0]")},
		{name: "no file", by: owner, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant,
			Materials: []casework.MaterialInput{{Material: matLicence}}}, want: required("materials[0].blob")},
		{name: "wrong file type", by: owner, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant,
			Materials: []casework.MaterialInput{{Material: matLicence, Blob: "b", ContentType: "image/png", Size: 10}}}, want: invalid("materials[0].blob")},
		{name: "file too large", by: owner, in: casework.SubmitInput{Channel: casework.Online, Applicant: applicant,
			Materials: []casework.MaterialInput{{Material: matLicence, Blob: "b", ContentType: "application/pdf", Size: 11 << 20}}}, want: invalid("materials[0].blob")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if in.Item == nil {
				in.Item = promisedItem()
			}
			in.Hall = testHall
			c, ev, err := casework.New(tt.by, in, envOn(t, fileDay))
			checkErr(t, err, tt.want)
			if tt.want != nil {
				if c != nil || ev.Changed() {
					t.Errorf("got case %+v and event %+v with an error, want neither", c, ev)
				}
				return
			}
			wantFiledBy := ""
			if tt.by.Role == access.Clerk {
				wantFiledBy = tt.by.Username
			}
			if c.FiledBy != wantFiledBy || c.Status != casework.Submitted {
				t.Errorf("got FiledBy %q status %v, want %q submitted", c.FiledBy, c.Status, wantFiledBy)
			}
			if string(c.Form) != "{}" {
				t.Errorf("empty form: got %s, want {}", c.Form)
			}
		})
	}
}

func TestErrorsAreAppErrors(t *testing.T) {
	// The kinds the HTTP layer maps: a refused transition is a Conflict, a scope
	// violation Forbidden, a bad field Invalid with the field named.
	it := promisedItem()
	c := inStatus(t, it, casework.Approved)
	env := envOn(t, actDay)
	tests := []struct {
		name      string
		err       error
		wantKind  apperr.Kind
		wantCode  string
		wantField string
	}{
		{name: "transition", err: errOf(c.Withdraw(owner, casework.ReasonInput{}, env)), wantKind: apperr.Conflict, wantCode: "invalid_transition"},
		{name: "scope", err: errOf(c.Withdraw(otherOwner, casework.ReasonInput{}, env)), wantKind: apperr.Forbidden, wantCode: "forbidden"},
		{name: "field", err: errOf(accepted(t, it, env).Suspend(approver, casework.SuspendInput{Reason: "x"}, env)),
			wantKind: apperr.Invalid, wantCode: "invalid", wantField: "reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := apperr.As(tt.err)
			if e == nil {
				t.Fatalf("got %v, want an *apperr.Error", tt.err)
			}
			got := [3]any{e.Kind, e.Code, e.Field}
			want := [3]any{tt.wantKind, tt.wantCode, tt.wantField}
			if got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}
