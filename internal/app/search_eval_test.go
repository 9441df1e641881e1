package app_test

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"yiwang/internal/paging"
	"yiwang/internal/testenv"
)

// The accuracy search reached on testdata/search_eval.json with the demo catalog;
// a change that makes it worse fails TestSearchEvaluation.
const (
	minTop1 = 0.945
	minTop3 = 0.99
)

// TestSearchEvaluation runs the evaluation set (what people type: colloquial
// names, typos, several words, with the demo items they mean) and measures how
// often a meant item comes first (top-1) and among the first three (top-3).
func TestSearchEvaluation(t *testing.T) {
	b, err := os.ReadFile("testdata/search_eval.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Q    string   `json:"q"`
		Want []string `json:"want"`
		// Round 2 was written after the ranking and the demo's colloquial names
		// were tuned on round 1, so its figure is the fairer one.
		Round int `json:"round"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 150 {
		t.Fatalf("%d requests in the evaluation set, want at least 150", len(cases))
	}
	svc := testenv.Start(t, monday).Main.Service
	top1, top3 := 0, 0
	held, held1, held3 := 0, 0, 0
	for _, c := range cases {
		page, err := svc.SearchItems(context.Background(), c.Q, paging.Request{Limit: 3})
		if err != nil {
			t.Fatalf("%q: %v", c.Q, err)
		}
		var got []string
		for _, it := range page.Rows {
			got = append(got, it.Code)
		}
		first := len(got) > 0 && slices.Contains(c.Want, got[0])
		near := slices.ContainsFunc(got, func(code string) bool { return slices.Contains(c.Want, code) })
		if c.Round == 2 {
			held++
			held1 += btoi(first)
			held3 += btoi(near)
		}
		switch {
		case first:
			top1++
			top3++
		case near:
			top3++
			t.Logf("second or third: %q → %v, want %v", c.Q, got, c.Want)
		default:
			t.Logf("missed: %q → %v, want %v", c.Q, got, c.Want)
		}
	}
	n := float64(len(cases))
	a1, a3 := float64(top1)/n, float64(top3)/n
	t.Logf("search evaluation: %d requests, top-1 %.3f, top-3 %.3f", len(cases), a1, a3)
	if held > 0 {
		t.Logf("of which round 2 (written after tuning): %d requests, top-1 %.3f, top-3 %.3f",
			held, float64(held1)/float64(held), float64(held3)/float64(held))
	}
	if a1 < minTop1 || a3 < minTop3 {
		t.Errorf("top-1 %.3f, top-3 %.3f: below the %.3f and %.3f reached", a1, a3, minTop1, minTop3)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
