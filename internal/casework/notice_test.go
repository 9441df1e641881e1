package casework_test

import (
	"strings"
	"testing"

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/humantext"
)

// TestNoticeNamesEveryMissingMaterial: a correction notice that leaves out a missing
// required material is refused, since a later notice could not add it.
func TestNoticeNamesEveryMissingMaterial(t *testing.T) {
	it := promisedItem()
	env := envOn(t, noticeDay)
	// Only the optional material handed in: the licence (no gap) and floor plan (gap allowed) are missing.
	c := submitted(t, it, envOn(t, fileDay), matHealth)
	_, err := c.RequestCorrection(clerk, it, casework.CorrectionInput{Items: []casework.CorrectionItem{{Material: matHealth, Problem: "模糊"}}}, env)
	if e := apperr.As(err); e == nil || e.Field != "items" || c.Status != casework.Submitted {
		t.Fatalf("notice without the licence: got %v", err)
	}
	// The floor plan may follow as a gap, so the notice need not name it.
	ok(t)(c.RequestCorrection(clerk, it, casework.CorrectionInput{Items: []casework.CorrectionItem{{Material: matLicence, Problem: "缺少"}}}, env))
	// The licence is still missing after a supplement of something else: asking again is allowed.
	ok(t)(c.Supplement(owner, it, casework.SupplementInput{Materials: files(matHealth)}, envOn(t, "2026-03-05")))
	ok(t)(c.RequestCorrection(clerk, it, casework.CorrectionInput{Items: []casework.CorrectionItem{{Material: matLicence, Problem: "仍缺少"}}}, envOn(t, "2026-03-05")))
}

// TestClerkWithdrawsWindowCase: an applicant served at the window may have no
// account, so the hall's clerk records the withdrawal; not for online cases.
func TestClerkWithdrawsWindowCase(t *testing.T) {
	it := promisedItem()
	c := submitted(t, it, envOn(t, fileDay), matLicence, matFloorplan)
	c.Channel = casework.Window
	ok(t)(c.Withdraw(clerk, casework.ReasonInput{Reason: "申请人书面申请撤回"}, envOn(t, noticeDay)))
	other := submitted(t, it, envOn(t, fileDay), matLicence, matFloorplan)
	if _, err := other.Withdraw(clerk, casework.ReasonInput{}, envOn(t, noticeDay)); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("clerk withdraws an online case: %v", err)
	}
}

// TestTextLimits: free text is bounded, since it is kept twice (case and audit trail).
func TestTextLimits(t *testing.T) {
	it := promisedItem()
	c := submitted(t, it, envOn(t, fileDay), matLicence, matFloorplan)
	long := strings.Repeat("长", humantext.MaxFree+1)
	_, err := c.Refuse(clerk, casework.ReasonInput{Reason: long}, envOn(t, noticeDay))
	if e := apperr.As(err); e == nil || e.Field != "reason" {
		t.Fatalf("long reason: %v", err)
	}
	ok(t)(c.Refuse(clerk, casework.ReasonInput{Reason: strings.Repeat("长", humantext.MaxFree)}, envOn(t, noticeDay)))
}
