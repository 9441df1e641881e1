package catalog

import (
	"testing"

	"yiwang/internal/apperr"
)

// steps returns the given steps, each without a name named after its kind.
func steps(specs ...Step) []Step {
	for i := range specs {
		if specs[i].Name == "" {
			specs[i].Name = string(specs[i].Kind)
		}
	}
	return specs
}

var (
	accept   = Step{Kind: StepAccept}
	review   = Step{Kind: StepReview}
	inspect  = Step{Kind: StepInspect}
	decide   = Step{Kind: StepDecide}
	issue    = Step{Kind: StepIssue}
	deliver  = Step{Kind: StepDeliver}
	postChk  = Step{Kind: StepPostCheck}
	parallel = func(s Step) Step { s.Parallel = true; return s }
	days     = func(s Step, n int) Step { s.Days = n; return s }
	dept     = func(s Step, d string) Step { s.Department = d; return s }
)

// TestValidateProcedure: the steps are typed, run in lifecycle order with exactly
// one decision, fit the promise and Art. 44, and every error names its field.
func TestValidateProcedure(t *testing.T) {
	tests := []struct {
		name      string
		handling  Handling // Promised (5 promised days) unless set
		procedure []Step
		want      string // the field named by the error; "" for a valid procedure
		wantCode  string // "invalid" when empty
	}{
		{name: "the whole lifecycle", procedure: steps(accept, review, inspect, decide, issue, deliver, postChk)},
		{name: "decision only", procedure: steps(decide)},
		{name: "inspection before review", procedure: steps(accept, inspect, review, decide)},
		{name: "inspection parallel to review", procedure: steps(accept, review, parallel(inspect), decide)},
		{name: "review parallel to inspection", procedure: steps(accept, inspect, parallel(review), decide)},
		{name: "another department's inspection", procedure: steps(accept, review, dept(parallel(inspect), "zjj"), decide)},
		{name: "step days fill the promise", procedure: steps(accept, days(review, 2), days(inspect, 2), days(decide, 1))},
		{name: "parallel steps count the longer", procedure: steps(accept, days(review, 3), days(parallel(inspect), 5), decide)},
		{name: "delivery within Art. 44", procedure: steps(decide, days(deliver, DeliveryDays))},
		{name: "issue and delivery days do not count in the promise", procedure: steps(days(review, 5), decide, days(issue, 10), days(deliver, 10))},
		{name: "an instant item's days are not summed", handling: Instant, procedure: steps(accept, days(decide, 30), issue)},
		{name: "an instant item has no review", handling: Instant, procedure: steps(accept, review, decide), want: "procedure[1].kind"},
		{name: "an instant item has no inspection", handling: Instant, procedure: steps(accept, decide, inspect), want: "procedure[2].kind"},

		{name: "empty procedure", procedure: []Step{}, want: "procedure", wantCode: "required"},
		{name: "step without a name", procedure: []Step{{Kind: StepDecide}}, want: "procedure[0].name", wantCode: "required"},
		{name: "unknown kind", procedure: steps(accept, Step{Kind: "approve"}, decide), want: "procedure[1].kind"},
		{name: "empty kind", procedure: []Step{{Name: "受理", Kind: StepAccept}, {Name: "审查"}, {Name: "决定", Kind: StepDecide}},
			want: "procedure[1].kind"},
		{name: "review after the decision", procedure: steps(accept, decide, review), want: "procedure[2].kind"},
		{name: "acceptance after review", procedure: steps(review, accept, decide), want: "procedure[1].kind"},
		{name: "delivery before issue", procedure: steps(decide, deliver, issue), want: "procedure[2].kind"},
		{name: "post-check before delivery", procedure: steps(decide, postChk, deliver), want: "procedure[2].kind"},
		{name: "negative days", procedure: steps(accept, days(review, -1), decide), want: "procedure[1].days"},
		{name: "delivery beyond Art. 44", procedure: steps(decide, days(deliver, DeliveryDays+1)), want: "procedure[1].days"},
		{name: "parallel first step", procedure: steps(parallel(review), decide), want: "procedure[0].parallel"},
		{name: "review parallel to acceptance", procedure: steps(accept, parallel(review), decide), want: "procedure[1].parallel"},
		{name: "parallel decision", procedure: steps(accept, review, parallel(decide)), want: "procedure[2].parallel"},
		{name: "parallel issue", procedure: steps(decide, issue, parallel(deliver)), want: "procedure[2].parallel"},
		{name: "acceptance by a department", procedure: steps(dept(accept, "scjgj"), decide), want: "procedure[0].department"},
		{name: "no decision", procedure: steps(accept, review, issue), want: "procedure"},
		{name: "two decisions", procedure: steps(accept, decide, decide), want: "procedure"},
		{name: "step days beyond the promise", procedure: steps(accept, days(review, 3), days(decide, 3)), want: "procedure"},
		{name: "sequential steps add up", procedure: steps(accept, days(review, 3), days(inspect, 3), decide), want: "procedure"},
		{name: "parallel steps beyond the promise", procedure: steps(accept, days(review, 1), days(parallel(inspect), 6), decide), want: "procedure"},
		{name: "one review with days, one without", procedure: steps(accept, days(review, 3), parallel(inspect), decide), want: "procedure[2].days"},
		{name: "the step without days comes first", procedure: steps(accept, review, days(inspect, 2), decide), want: "procedure[1].days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := validItem() // 5 promised, 20 legal days
			if tt.handling == Instant {
				it.Handling, it.PromisedDays = Instant, 0
			}
			it.Procedure = tt.procedure
			err := it.Validate()
			checkField(t, err, tt.want)
			if wantCode := tt.wantCode; err != nil && wantCode != "" {
				if got := apperr.As(err).Code; got != wantCode {
					t.Errorf("Code: got %v, want %v", got, wantCode)
				}
			}
		})
	}
}

func TestStepKindPhases(t *testing.T) {
	tests := []struct {
		kind          StepKind
		before, after bool
	}{
		{StepAccept, false, false},
		{StepReview, true, false},
		{StepInspect, true, false},
		{StepDecide, false, false},
		{StepIssue, false, true},
		{StepDeliver, false, true},
		{StepPostCheck, false, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			if got := [2]bool{tt.kind.BeforeDecision(), tt.kind.AfterDecision()}; got != [2]bool{tt.before, tt.after} {
				t.Errorf("BeforeDecision, AfterDecision: got %v, want %v", got, [2]bool{tt.before, tt.after})
			}
		})
	}
}

// TestDepartmentOf: a step without a department is the item's.
func TestDepartmentOf(t *testing.T) {
	it := validItem()
	it.Procedure = steps(accept, review, dept(parallel(inspect), "zjj"), dept(review, "zrzyj"), dept(inspect, "zjj"), decide,
		dept(issue, "scjgj"))
	if got := it.DepartmentOf(it.Procedure[1]); got != "scjgj" {
		t.Errorf("DepartmentOf(review): got %v, want the item's scjgj", got)
	}
	if got := it.DepartmentOf(it.Procedure[2]); got != "zjj" {
		t.Errorf("DepartmentOf(inspect): got %v, want zjj", got)
	}
}
