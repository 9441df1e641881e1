package casework_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"yiwang/internal/casework"
	"yiwang/internal/workday"
)

func TestAcceptRequiresEveryRequiredMaterial(t *testing.T) {
	tests := []struct {
		name      string
		materials []string
		want      *errWant
	}{
		{name: "all materials", materials: []string{matLicence, matFloorplan, matHealth}},
		{name: "optional one missing", materials: []string{matLicence, matFloorplan}},
		{name: "gap-allowed one missing", materials: []string{matLicence, matHealth}, want: conflict("materials_missing")},
		{name: "key one missing", materials: []string{matFloorplan, matHealth}, want: conflict("materials_missing")},
		{name: "nothing", materials: nil, want: conflict("materials_missing")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			env := envOn(t, fileDay)
			c := submitted(t, it, env, tt.materials...)
			_, err := c.Accept(clerk, it, casework.AcceptInput{}, env)
			checkErr(t, err, tt.want)
			want := casework.Accepted
			if tt.want != nil {
				want = casework.Submitted
			}
			if c.Status != want {
				t.Errorf("status: got %v, want %v", c.Status, want)
			}
			if tt.want == nil {
				if c.AcceptedAt == nil || !c.AcceptedAt.Equal(env.Now) || c.AcceptedBy != clerk.Username || c.Deemed {
					t.Errorf("got AcceptedAt %v by %q deemed %v, want %v by %q not deemed", c.AcceptedAt, c.AcceptedBy, c.Deemed, env.Now, clerk.Username)
				}
			} else if c.AcceptedAt != nil || len(c.Tasks) != 0 {
				t.Errorf("a refused acceptance left AcceptedAt %v and %d tasks", c.AcceptedAt, len(c.Tasks))
			}
		})
	}
}

func TestAcceptWithGaps(t *testing.T) {
	today := date(t, fileDay)
	tests := []struct {
		name      string
		materials []string
		gaps      []casework.GapInput
		want      *errWant
	}{
		{name: "floorplan accepted missing", materials: []string{matLicence},
			gaps: []casework.GapInput{{Material: matFloorplan, Due: today.AddDays(7)}}},
		{name: "due tomorrow", materials: []string{matLicence, matHealth},
			gaps: []casework.GapInput{{Material: matFloorplan, Due: today.AddDays(1)}}},
		{name: "no gaps", materials: []string{matLicence}, want: required("gaps")},
		{name: "empty gaps", materials: []string{matLicence}, gaps: []casework.GapInput{}, want: required("gaps")},
		{name: "key material may not be missing", materials: []string{matFloorplan},
			gaps: []casework.GapInput{{Material: matLicence, Due: today.AddDays(7)}}, want: invalid("gaps[0].material")},
		{name: "optional material is not gap-allowed", materials: []string{matLicence},
			gaps: []casework.GapInput{{Material: matFloorplan, Due: today.AddDays(7)}, {Material: matHealth, Due: today.AddDays(7)}},
			want: invalid("gaps[1].material")},
		{name: "unknown material", materials: []string{matLicence},
			gaps: []casework.GapInput{{Material: "nope", Due: today.AddDays(7)}}, want: invalid("gaps[0].material")},
		{name: "material already handed in", materials: []string{matLicence, matFloorplan},
			gaps: []casework.GapInput{{Material: matFloorplan, Due: today.AddDays(7)}}, want: invalid("gaps[0].material")},
		{name: "duplicate gap", materials: []string{matLicence},
			gaps: []casework.GapInput{{Material: matFloorplan, Due: today.AddDays(7)}, {Material: matFloorplan, Due: today.AddDays(8)}},
			want: invalid("gaps[1].material")},
		{name: "no due date", materials: []string{matLicence},
			gaps: []casework.GapInput{{Material: matFloorplan}}, want: required("gaps[0].due")},
		{name: "due today", materials: []string{matLicence},
			gaps: []casework.GapInput{{Material: matFloorplan, Due: today}}, want: invalid("gaps[0].due")},
		{name: "due yesterday", materials: []string{matLicence},
			gaps: []casework.GapInput{{Material: matFloorplan, Due: today.AddDays(-1)}}, want: invalid("gaps[0].due")},
		{name: "another required material missing", materials: []string{matHealth},
			gaps: []casework.GapInput{{Material: matFloorplan, Due: today.AddDays(7)}}, want: invalid("gaps")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			env := envOn(t, fileDay)
			c := submitted(t, it, env, tt.materials...)
			_, err := c.AcceptWithGaps(clerk, it, casework.AcceptWithGapsInput{Gaps: tt.gaps}, env)
			checkErr(t, err, tt.want)
			if tt.want != nil {
				if c.Status != casework.Submitted || len(c.Gaps) != 0 {
					t.Errorf("got status %v gaps %v, want submitted without gaps", c.Status, c.Gaps)
				}
				return
			}
			want := []casework.Gap{{Material: matFloorplan, Name: "经营场所平面图", Due: tt.gaps[0].Due}}
			if diff := cmp.Diff(want, c.Gaps); diff != "" {
				t.Errorf("gaps (-want +got):\n%s", diff)
			}
			if c.Status != casework.Accepted || c.AcceptedBy != clerk.Username || len(c.Tasks) == 0 {
				t.Errorf("got status %v by %q with %d tasks, want accepted by %q with tasks", c.Status, c.AcceptedBy, len(c.Tasks), clerk.Username)
			}
		})
	}
}

// TestGapLifecycle: a decision waits for the gap; supplying it lets the approver approve.
func TestGapLifecycle(t *testing.T) {
	it := promisedItem()
	env := envOn(t, fileDay)
	c := submitted(t, it, env, matLicence)
	ok(t)(c.AcceptWithGaps(clerk, it, casework.AcceptWithGapsInput{
		Gaps: []casework.GapInput{{Material: matFloorplan, Due: date(t, "2026-03-04")}}}, env))

	day2 := envOn(t, "2026-03-03")
	checkErr(t, errOf(c.Approve(approver, it, casework.DecisionInput{}, day2)), conflict("gaps_outstanding"))
	if c.Status != casework.Accepted || c.Decision != nil {
		t.Fatalf("got status %v decision %v, want accepted without decision", c.Status, c.Decision)
	}

	// Supplying a material that is not a gap is a field error and fills nothing.
	checkErr(t, errOf(c.Supplement(owner, it, casework.SupplementInput{Materials: files(matHealth)}, day2)), invalid("materials[0].material"))
	checkErr(t, errOf(c.Supplement(owner, it, casework.SupplementInput{}, day2)), required("materials"))

	ok(t)(c.Supplement(owner, it, casework.SupplementInput{Materials: files(matFloorplan)}, day2))
	if g := c.Gaps[0]; g.SuppliedAt == nil || !g.SuppliedAt.Equal(day2.Now) {
		t.Fatalf("gap SuppliedAt: got %v, want %v", g.SuppliedAt, day2.Now)
	}
	if got, want := c.Status, casework.Accepted; got != want {
		t.Errorf("status after supplying a gap: got %v, want %v", got, want)
	}
	if !c.ReceivedAt.Equal(env.Now) {
		t.Errorf("ReceivedAt: got %v, want %v unchanged", c.ReceivedAt, env.Now)
	}
	last := c.Materials[len(c.Materials)-1]
	if last.Material != matFloorplan || !last.At.Equal(day2.Now) {
		t.Errorf("last material: got %+v, want floorplan at %v", last, day2.Now)
	}

	// No gap is open now: a further supplement has nothing to fill.
	checkErr(t, errOf(c.Supplement(owner, it, casework.SupplementInput{Materials: files(matFloorplan)}, day2)), invalidTransition)

	reviewAll(t, c, day2)
	ok(t)(c.Approve(approver, it, casework.DecisionInput{}, day2))
	if c.Status != casework.Approved {
		t.Errorf("status: got %v, want %v", c.Status, casework.Approved)
	}
}

func TestDenyIsAllowedWithAnOpenGap(t *testing.T) {
	it := promisedItem()
	env := envOn(t, fileDay)
	c := submitted(t, it, env, matLicence)
	ok(t)(c.AcceptWithGaps(clerk, it, casework.AcceptWithGapsInput{
		Gaps: []casework.GapInput{{Material: matFloorplan, Due: date(t, "2026-03-04")}}}, env))
	reviewAll(t, c, envOn(t, "2026-03-05"))
	ok(t)(c.Deny(approver, it, casework.DecisionInput{Reason: "容缺材料逾期未补交"}, envOn(t, "2026-03-05")))
	if c.Status != casework.Denied {
		t.Errorf("got %v, want %v", c.Status, casework.Denied)
	}
}

func TestSupplementByTheClerkAtTheWindow(t *testing.T) {
	it := promisedItem()
	env := envOn(t, fileDay)
	c := submitted(t, it, env, matLicence)
	ok(t)(c.AcceptWithGaps(clerk, it, casework.AcceptWithGapsInput{
		Gaps: []casework.GapInput{{Material: matFloorplan, Due: date(t, "2026-03-04")}}}, env))
	paper := casework.MaterialInput{Material: matFloorplan, Paper: true}
	// Paper is only checked at a window: the applicant online may not hand it in.
	checkErr(t, errOf(c.Supplement(owner, it, casework.SupplementInput{Materials: []casework.MaterialInput{paper}}, env)), invalid("materials[0].paper"))
	ok(t)(c.Supplement(clerk, it, casework.SupplementInput{Materials: []casework.MaterialInput{paper}}, env))
	if c.Gaps[0].SuppliedAt == nil {
		t.Errorf("gap not filled by the clerk's paper original")
	}
}

func TestRequestCorrection(t *testing.T) {
	tests := []struct {
		name  string
		items []casework.CorrectionItem
		want  *errWant
	}{
		{name: "one material", items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "缺少"}}},
		{name: "several materials and the form", items: []casework.CorrectionItem{
			{Material: matFloorplan, Problem: "缺少"}, {Material: matLicence, Problem: "已过期"}, {Material: "form", Problem: "地址不全"}}},
		{name: "no items", want: required("items")},
		{name: "empty problem", items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "缺少"}, {Material: matLicence, Problem: "  "}},
			want: required("items[1].problem")},
		{name: "unknown material", items: []casework.CorrectionItem{{Material: "nope", Problem: "缺少"}}, want: invalid("items[0].material")},
		{name: "one material twice", items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "缺少"}, {Material: matFloorplan, Problem: "模糊"}},
			want: invalid("items[1].material")},
		{name: "a bidi override in the problem", items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "缺少\u202e"}},
			want: invalid("items[0].problem")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			env := envOn(t, fileDay)
			c := submitted(t, it, env, matLicence)
			_, err := c.RequestCorrection(clerk, it, casework.CorrectionInput{Items: tt.items, Note: "请一次补齐"}, env)
			checkErr(t, err, tt.want)
			if tt.want != nil {
				if c.Status != casework.Submitted || len(c.Corrections) != 0 {
					t.Errorf("got status %v with %d notices, want submitted with none", c.Status, len(c.Corrections))
				}
				return
			}
			want := []casework.CorrectionNotice{{Items: tt.items, Note: "请一次补齐", By: clerk.Username, At: env.Now}}
			if diff := cmp.Diff(want, c.Corrections); diff != "" {
				t.Errorf("notices (-want +got):\n%s", diff)
			}
			if c.Status != casework.AwaitingCorrection {
				t.Errorf("status: got %v, want %v", c.Status, casework.AwaitingCorrection)
			}
			if c.AcceptedAt != nil || c.PromisedDue != 0 {
				t.Errorf("the clock started: AcceptedAt %v PromisedDue %v", c.AcceptedAt, dueString(c.PromisedDue))
			}
		})
	}
}

func TestSupplementAfterCorrectionReceivesTheCaseAnew(t *testing.T) {
	it := promisedItem()
	c := submitted(t, it, envOn(t, fileDay), matLicence)
	ok(t)(c.RequestCorrection(clerk, it, casework.CorrectionInput{
		Items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "缺少"}}}, envOn(t, "2026-03-03")))
	later := envOn(t, "2026-03-05")
	ok(t)(c.Supplement(owner, it, casework.SupplementInput{Materials: files(matFloorplan)}, later))
	if c.Status != casework.Submitted {
		t.Errorf("status: got %v, want %v", c.Status, casework.Submitted)
	}
	if !c.ReceivedAt.Equal(later.Now) {
		t.Errorf("ReceivedAt: got %v, want %v", c.ReceivedAt, later.Now)
	}
	if !c.SubmittedAt.Equal(envOn(t, fileDay).Now) {
		t.Errorf("SubmittedAt: got %v, want %v unchanged", c.SubmittedAt, envOn(t, fileDay).Now)
	}
	ok(t)(c.Accept(clerk, it, casework.AcceptInput{}, later))
}

// TestSecondCorrectionNotice: a later notice may only concern what was handed in
// after the previous one (一次性告知).
func TestSecondCorrectionNotice(t *testing.T) {
	tests := []struct {
		name  string
		items []casework.CorrectionItem
		want  *errWant
	}{
		{name: "the re-supplied material", items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "比例不对"}}},
		{name: "a material handed in before the first notice", items: []casework.CorrectionItem{{Material: matLicence, Problem: "已过期"}},
			want: invalid("items[0].material")},
		{name: "re-supplied then an old one", items: []casework.CorrectionItem{
			{Material: matFloorplan, Problem: "比例不对"}, {Material: matLicence, Problem: "已过期"}},
			want: invalid("items[1].material")},
		{name: "a material never handed in", items: []casework.CorrectionItem{{Material: matHealth, Problem: "缺少"}},
			want: invalid("items[0].material")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			c := submitted(t, it, envOn(t, fileDay), matLicence)
			ok(t)(c.RequestCorrection(clerk, it, casework.CorrectionInput{
				Items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "缺少"}}}, envOn(t, "2026-03-03")))
			ok(t)(c.Supplement(owner, it, casework.SupplementInput{Materials: files(matFloorplan)}, envOn(t, "2026-03-04")))
			_, err := c.RequestCorrection(clerk, it, casework.CorrectionInput{Items: tt.items}, envOn(t, "2026-03-05"))
			checkErr(t, err, tt.want)
			wantNotices, wantStatus := 2, casework.AwaitingCorrection
			if tt.want != nil {
				wantNotices, wantStatus = 1, casework.Submitted
			}
			if len(c.Corrections) != wantNotices || c.Status != wantStatus {
				t.Errorf("got %d notices, status %v, want %d, %v", len(c.Corrections), c.Status, wantNotices, wantStatus)
			}
		})
	}
}

func TestRefuseNeedsAReason(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		want   *errWant
	}{
		{name: "reason", reason: "不属于本机关职权范围"},
		{name: "empty", reason: "", want: required("reason")},
		{name: "blank", reason: " \t", want: required("reason")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envOn(t, fileDay)
			c := complete(t, promisedItem(), env)
			_, err := c.Refuse(clerk, casework.ReasonInput{Reason: tt.reason}, env)
			checkErr(t, err, tt.want)
			if tt.want != nil {
				if c.Status != casework.Submitted || c.Closure != nil {
					t.Errorf("got status %v closure %v, want submitted without closure", c.Status, c.Closure)
				}
				return
			}
			want := &casework.Closure{Reason: tt.reason, By: clerk.Username, At: env.Now}
			if diff := cmp.Diff(want, c.Closure); diff != "" || c.Status != casework.Refused {
				t.Errorf("status %v, closure (-want +got):\n%s", c.Status, diff)
			}
		})
	}
}

// TestDeemedAcceptanceDue: Art. 32, more than five working days after receipt.
func TestDeemedAcceptanceDue(t *testing.T) {
	tests := []struct {
		name     string
		received string
		today    string
		want     bool
	}{
		{name: "same day", received: "2026-03-02T10:00:00+08:00", today: "2026-03-02", want: false},
		{name: "4 working days", received: "2026-03-02T10:00:00+08:00", today: "2026-03-06", want: false},
		{name: "5 working days", received: "2026-03-02T10:00:00+08:00", today: "2026-03-09", want: false},
		{name: "6 working days", received: "2026-03-02T10:00:00+08:00", today: "2026-03-10", want: true},
		{name: "weekend after the fifth day does not count", received: "2026-03-06T10:00:00+08:00", today: "2026-03-15", want: false},
		{name: "the Monday after is the sixth", received: "2026-03-06T10:00:00+08:00", today: "2026-03-16", want: true},
		{name: "received late at night Beijing counts from the Beijing day", received: "2026-03-01T16:30:00Z", today: "2026-03-09", want: false},
		// Received Fri 2026-02-13: working days after it are Sat 02-14 (make-up), then
		// 02-24..02-27 after the Spring Festival, and Sat 02-28 (make-up) is the sixth.
		{name: "spring festival: make-up Saturday 02-14 is day 1", received: "2026-02-13T10:00:00+08:00", today: "2026-02-14", want: false},
		{name: "spring festival: during the holiday", received: "2026-02-13T10:00:00+08:00", today: "2026-02-23", want: false},
		{name: "spring festival: 5 working days on 02-27", received: "2026-02-13T10:00:00+08:00", today: "2026-02-27", want: false},
		{name: "spring festival: 6 working days on make-up Saturday 02-28", received: "2026-02-13T10:00:00+08:00", today: "2026-02-28", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := complete(t, promisedItem(), envAt(t, tt.received))
			got, err := c.DeemedAcceptanceDue(cal, date(t, tt.today))
			must(t, err)
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDeemedAcceptanceDueOnlyWhileSubmitted(t *testing.T) {
	for _, s := range allStatuses {
		if s == casework.Submitted {
			continue
		}
		t.Run(string(s), func(t *testing.T) {
			c := inStatus(t, promisedItem(), s)
			got, err := c.DeemedAcceptanceDue(cal, date(t, "2026-06-01"))
			must(t, err)
			if got {
				t.Errorf("got %v, want %v", got, false)
			}
		})
	}
}

func TestDeemAccept(t *testing.T) {
	tests := []struct {
		name         string
		received     string
		today        string
		want         *errWant
		wantPromised string
		wantLegal    string
	}{
		{name: "not yet due", received: "2026-03-02T10:00:00+08:00", today: "2026-03-09", want: invalidTransition},
		{name: "due", received: "2026-03-02T10:00:00+08:00", today: "2026-03-10", wantPromised: "2026-03-05", wantLegal: "2026-03-30"},
		{name: "spring festival: not due on 02-27", received: "2026-02-13T10:00:00+08:00", today: "2026-02-27", want: invalidTransition},
		{name: "spring festival: due on 02-28", received: "2026-02-13T10:00:00+08:00", today: "2026-02-28", wantPromised: "2026-02-25", wantLegal: "2026-03-19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := promisedItem()
			c := complete(t, it, envAt(t, tt.received))
			_, err := c.DeemAccept(it, envOn(t, tt.today))
			checkErr(t, err, tt.want)
			if tt.want != nil {
				if c.Status != casework.Submitted || c.AcceptedAt != nil || c.Deemed {
					t.Errorf("got status %v AcceptedAt %v deemed %v, want still submitted", c.Status, c.AcceptedAt, c.Deemed)
				}
				return
			}
			if c.Status != casework.Accepted || !c.Deemed || c.AcceptedBy != "system" {
				t.Errorf("got status %v deemed %v by %q, want accepted, deemed, by system", c.Status, c.Deemed, c.AcceptedBy)
			}
			if c.AcceptedAt == nil || !c.AcceptedAt.Equal(c.ReceivedAt) {
				t.Errorf("AcceptedAt: got %v, want ReceivedAt %v", c.AcceptedAt, c.ReceivedAt)
			}
			if got := []string{dueString(c.PromisedDue), dueString(c.LegalDue)}; !cmp.Equal(got, []string{tt.wantPromised, tt.wantLegal}) {
				t.Errorf("dates: got %v, want %v", got, []string{tt.wantPromised, tt.wantLegal})
			}
			var steps []string
			for _, tk := range c.Tasks {
				steps = append(steps, tk.Step)
			}
			if diff := cmp.Diff([]string{"审查", "决定", "制证", "送达"}, steps); diff != "" {
				t.Errorf("tasks (-want +got):\n%s", diff)
			}
			if got := task(t, c, "审查").Status; got != casework.TaskOpen {
				t.Errorf("审查: got %v, want %v", got, casework.TaskOpen)
			}
		})
	}
}

// TestDeemedAcceptanceCountsFromTheSupplement: a supplement after a correction
// notice receives the case anew, and Art. 32 counts from then.
func TestDeemedAcceptanceCountsFromTheSupplement(t *testing.T) {
	it := promisedItem()
	c := submitted(t, it, envOn(t, fileDay), matLicence)
	ok(t)(c.RequestCorrection(clerk, it, casework.CorrectionInput{
		Items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "缺少"}}}, envOn(t, "2026-03-03")))
	if due, err := c.DeemedAcceptanceDue(cal, date(t, "2026-03-20")); err != nil || due {
		t.Fatalf("awaiting correction: got %v, %v, want false", due, err)
	}
	ok(t)(c.Supplement(owner, it, casework.SupplementInput{Materials: files(matFloorplan)}, envOn(t, "2026-03-04")))
	tests := []struct {
		name  string
		today string
		want  bool
	}{
		{name: "6 working days after the first receipt", today: "2026-03-10", want: false},
		{name: "5 working days after the supplement", today: "2026-03-11", want: false},
		{name: "6 working days after the supplement", today: "2026-03-12", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.DeemedAcceptanceDue(cal, date(t, tt.today))
			must(t, err)
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	ok(t)(c.DeemAccept(it, envOn(t, "2026-03-12")))
	if want := workday.DateOf(envOn(t, "2026-03-04").Now); workday.DateOf(*c.AcceptedAt) != want {
		t.Errorf("AcceptedAt: got %v, want %v", c.AcceptedAt, want)
	}
}

// TestOneOfEachMaterial: a submission or a supplement holds each material once, so
// never more materials than the item has; the second of a pair is named.
func TestOneOfEachMaterial(t *testing.T) {
	it := promisedItem()
	env := envOn(t, fileDay)
	_, _, err := casework.New(owner, casework.SubmitInput{Item: it, Hall: testHall, Channel: casework.Online,
		Applicant: casework.Applicant{ID: ownerID, Kind: casework.Person, Name: "张三", Phone: "13800000000"},
		Materials: files(matLicence, matFloorplan, matLicence), Number: "20260302-37021101-0001"}, env)
	checkErr(t, err, invalid("materials[2].material"))
	c := submitted(t, it, env, matLicence)
	ok(t)(c.RequestCorrection(clerk, it, casework.CorrectionInput{
		Items: []casework.CorrectionItem{{Material: matFloorplan, Problem: "缺少"}}}, env))
	checkErr(t, errOf(c.Supplement(owner, it, casework.SupplementInput{Materials: files(matFloorplan, matFloorplan)}, env)),
		invalid("materials[1].material"))
}

// TestFreeTextNormalisedInCaseAndEvent: a reason typed in decomposed form is stored
// composed, alike in the case and in its event; one with a control character is refused.
func TestFreeTextNormalisedInCaseAndEvent(t *testing.T) {
	it := promisedItem()
	env := envOn(t, fileDay)
	c := submitted(t, it, env, matLicence)
	checkErr(t, errOf(c.Refuse(clerk, casework.ReasonInput{Reason: "不符合\u0007条件"}, env)), invalid("reason"))
	ev := ok(t)(c.Refuse(clerk, casework.ReasonInput{Reason: "Cafe\u0301 不符合条件"}, env))
	if c.Closure.Reason != "Café 不符合条件" || ev.Reason != c.Closure.Reason {
		t.Errorf("case reason %q, event reason %q, want both composed", c.Closure.Reason, ev.Reason)
	}
}
