package catalog

import (
	"fmt"

	"yiwang/internal/apperr"
)

// StepKind says what a procedure step is for; the case lifecycle acts on the kind,
// never on the step's display name.
type StepKind string

// The step kinds. Acceptance is the window's; review, inspection and the decision
// run within the promised limit; issue and delivery follow the decision (Art. 44);
// a post-check verifies a commitment afterwards (事后核查).
const (
	StepAccept    StepKind = "accept"
	StepReview    StepKind = "review"
	StepInspect   StepKind = "inspect"
	StepDecide    StepKind = "decide"
	StepIssue     StepKind = "issue"
	StepDeliver   StepKind = "deliver"
	StepPostCheck StepKind = "post_check"
)

// stepRank is the order in which a procedure runs the kinds; review and inspection
// may interleave.
var stepRank = map[StepKind]int{StepAccept: 0, StepReview: 1, StepInspect: 1, StepDecide: 2, StepIssue: 3,
	StepDeliver: 4, StepPostCheck: 5}

// BeforeDecision reports whether steps of kind k run within the promised limit,
// before the decision (review and inspection).
func (k StepKind) BeforeDecision() bool { return k == StepReview || k == StepInspect }

// AfterDecision reports whether steps of kind k wait for the decision.
func (k StepKind) AfterDecision() bool {
	return k == StepIssue || k == StepDeliver || k == StepPostCheck
}

// DeliveryDays is Art. 44 行政许可法: the decision is delivered within 10 (working)
// days of being made. It is the default, and the ceiling, of a deliver step's limit.
const DeliveryDays = 10

// Step is one step of an item's procedure (办理流程).
type Step struct {
	Name string   `json:"name"`
	Kind StepKind `json:"kind"`
	// Department is responsible for the step; empty means the item's department.
	Department string `json:"department,omitempty"`
	// Days is the step's own limit in working days: for reviews and inspections,
	// counted from the end of the previous stage, and then every review and
	// inspection has one; for issue and delivery, from the decision. Without them
	// the promised limit is shared evenly among the stages; a decision without its
	// own limit is due on the promised date; a step after the decision without one
	// takes the Art. 44 delivery limit.
	Days int `json:"days,omitempty"`
	// Parallel: the step runs at the same time as the step before it (并联), so both
	// open together and the next stage waits for both.
	Parallel bool `json:"parallel,omitempty"`
}

// DepartmentOf returns the department responsible for s in item it.
func (it *Item) DepartmentOf(s Step) string {
	if s.Department != "" {
		return s.Department
	}
	return it.Department
}

// validateProcedure checks the procedure: known kinds in lifecycle order, exactly
// one decision, limits that fit the promise and Art. 44.
func (it *Item) validateProcedure() error {
	if len(it.Procedure) == 0 {
		return apperr.Required("procedure")
	}
	decisions, last := 0, 0
	sum, stage := 0, 0
	withDays, withoutDays := -1, -1 // the first review or inspection with and without its own limit
	for i, s := range it.Procedure {
		f := func(name string) string { return fmt.Sprintf("procedure[%d].%s", i, name) }
		rank, known := stepRank[s.Kind]
		switch {
		case s.Name == "":
			return apperr.Required(f("name"))
		case !known:
			return apperr.Invalidf(f("kind"), "环节类型须为 accept、review、inspect、decide、issue、deliver 或 post_check 之一")
		case rank < last:
			return apperr.Invalidf(f("kind"), "环节须按 受理→审查/勘验→决定→制证→送达→核查 的顺序排列")
		case s.Days < 0:
			return apperr.Invalidf(f("days"), "环节时限不能为负")
		case s.Kind == StepDeliver && s.Days > DeliveryDays:
			return apperr.Invalidf(f("days"), "送达时限不能超过%d个工作日（《行政许可法》第四十四条）", DeliveryDays)
		case s.Parallel && (i == 0 || !s.Kind.BeforeDecision() || !it.Procedure[i-1].Kind.BeforeDecision()):
			return apperr.Invalidf(f("parallel"), "只有审查、勘验环节可以与前一个审查、勘验环节并联")
		case s.Kind == StepAccept && s.Department != "":
			return apperr.Invalidf(f("department"), "受理由综合窗口办理，不属于某个部门")
		case it.Handling == Instant && s.Kind.BeforeDecision():
			return apperr.Invalidf(f("kind"), "即办件由窗口一次办结（独任审核），不能有审查、勘验环节")
		}
		last = rank
		if s.Kind == StepDecide {
			decisions++
		}
		switch {
		case s.Kind.BeforeDecision() && s.Days > 0 && withDays < 0:
			withDays = i
		case s.Kind.BeforeDecision() && s.Days == 0 && withoutDays < 0:
			withoutDays = i
		}
		if s.Kind.BeforeDecision() || s.Kind == StepDecide {
			if !s.Parallel {
				sum += stage
				stage = 0
			}
			stage = max(stage, s.Days)
		}
	}
	sum += stage
	switch {
	case withDays >= 0 && withoutDays >= 0:
		return apperr.Invalidf(fmt.Sprintf("procedure[%d].days", withoutDays),
			"审查、勘验环节要么都设时限，要么都不设（平均分配承诺时限）")
	case decisions != 1:
		return apperr.Invalidf("procedure", "办理流程须有且只有一个决定环节（kind 为 decide）")
	case it.Handling == Promised && sum > it.PromisedDays:
		return apperr.Invalidf("procedure", "各环节时限之和（%d个工作日）超过承诺时限（%d个工作日）", sum, it.PromisedDays)
	}
	return nil
}
