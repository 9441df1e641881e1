package web_test

import (
	"net/http"
	"testing"

	"yiwang/internal/testenv"
)

// TestBrowserFront runs the front door's journey (browser/journeys/front.mjs) on a
// case the window filed and asked to correct.
func TestBrowserFront(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	c := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials[:6])})
	number := c["number"].(string)
	act(t, env, clerk, number, "request-correction", map[string]any{"items": []map[string]any{
		{"material": "m7", "problem": "缺少经营场所的使用证明"}}}, http.StatusOK)
	t.Setenv("YIWANG_CASE_NUMBER", number)
	t.Setenv("YIWANG_CASE_CODE", c["query_code"].(string))
	journey(t, env, "front")
}

var _ = testenv.Password
