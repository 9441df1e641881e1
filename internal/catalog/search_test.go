package catalog

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"yiwang/internal/apperr"
)

func TestIndexTerms(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{name: "empty", text: "", want: nil},
		{name: "only punctuation and spaces", text: " ，。 - ", want: nil},
		{name: "one Han character", text: "药", want: []string{"药"}},
		{name: "Han run: characters and bigrams", text: "餐饮服务", want: []string{"餐", "餐饮", "饮", "饮服", "服", "服务", "务"}},
		{name: "latin word lower-cased", text: "KTV", want: []string{"ktv"}},
		{name: "mixed latin and Han", text: "KTV歌舞厅", want: []string{"ktv", "歌", "歌舞", "舞", "舞厅", "厅"}},
		{name: "punctuation splits Han runs", text: "餐饮，服务", want: []string{"餐", "餐饮", "饮", "服", "服务", "务"}},
		{name: "space splits words", text: "Food Permit", want: []string{"food", "permit"}},
		{name: "digits with letters", text: "370202-XK-001", want: []string{"370202", "xk", "001"}},
		{name: "digits then Han", text: "2025年", want: []string{"2025", "年"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := IndexTerms(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("IndexTerms(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestQueryTerms(t *testing.T) {
	tests := []struct {
		name string
		q    string
		want []string
	}{
		{name: "empty", q: "", want: nil},
		{name: "blank", q: "   ", want: nil},
		{name: "one Han character", q: "药", want: []string{"药"}},
		{name: "two Han characters", q: "餐饮", want: []string{"餐饮"}},
		{name: "three Han characters", q: "开饭店", want: []string{"开饭", "饭店"}},
		{name: "mixed latin and Han", q: "KTV歌舞厅", want: []string{"ktv", "歌舞", "舞厅"}},
		{name: "Han then latin", q: "卡拉OK", want: []string{"卡拉", "ok"}},
		{name: "punctuation splits runs", q: "餐饮、服务", want: []string{"餐饮", "服务"}},
		{name: "space splits runs", q: "药 店", want: []string{"药", "店"}},
		{name: "latin words", q: "Food  PERMIT", want: []string{"food", "permit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := QueryTerms(tt.q)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("QueryTerms(%q) mismatch (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

// TestQueryTermsFoundInIndex checks that a query for part of an indexed text finds it.
func TestQueryTermsFoundInIndex(t *testing.T) {
	tests := []struct {
		name string
		text string
		q    string
		want bool
	}{
		{name: "prefix", text: "餐饮服务许可", q: "餐饮", want: true},
		{name: "middle", text: "餐饮服务许可", q: "饮服务", want: true},
		{name: "single character", text: "药品经营许可", q: "药", want: true},
		{name: "latin case-insensitive", text: "KTV歌舞厅", q: "ktv", want: true},
		{name: "not across punctuation", text: "餐饮，服务", q: "饮服", want: false},
		{name: "absent", text: "餐饮服务许可", q: "开饭店", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			index := IndexTerms(tt.text)
			got := true
			for _, q := range QueryTerms(tt.q) {
				got = got && slices.Contains(index, q)
			}
			if got != tt.want {
				t.Errorf("query %q in %q: got %v, want %v", tt.q, tt.text, got, tt.want)
			}
		})
	}
}

func TestItemSearchText(t *testing.T) {
	it := validItem()
	it.Result = "食品经营许可证"
	title, body := it.SearchText("市场监督管理局")
	tests := []struct {
		name, in string
		want     string
	}{
		{name: "name", in: title, want: it.Name},
		{name: "first tag", in: title, want: "开饭店"},
		{name: "second tag", in: title, want: "餐饮"},
		{name: "code", in: body, want: it.Code},
		{name: "department name", in: body, want: "市场监督管理局"},
		{name: "result", in: title, want: it.Result},
		{name: "legal basis", in: body, want: it.LegalBasis},
		{name: "first material name", in: body, want: "营业执照"},
		{name: "second material name", in: body, want: "经营场所平面图"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tt.in, tt.want) {
				t.Errorf("got %v, want it to contain %v", tt.in, tt.want)
			}
		})
	}
	// A tag is searchable on its own: 开饭店 is in no other field.
	index := IndexTerms(title)
	for _, q := range QueryTerms("开饭店") {
		if !slices.Contains(index, q) {
			t.Errorf("IndexTerms(SearchText) = %v, want it to contain %v", index, q)
		}
	}
}

// TestQueryBounds: a query longer than MaxQueryLen is refused naming q; terms come
// once each and at most MaxQueryTerms of them, whatever the query.
func TestQueryBounds(t *testing.T) {
	if _, err := ParseQuery(strings.Repeat("饭", MaxQueryLen+1)); err == nil || apperr.As(err).Field != "q" {
		t.Fatalf("a query of %d characters: %v", MaxQueryLen+1, err)
	}
	terms, err := ParseQuery(strings.Repeat("餐饮", MaxQueryLen/2))
	if err != nil {
		t.Fatal(err)
	}
	if len(terms) != 2 { // 餐饮 and 饮餐
		t.Errorf("a repeated pair gives terms %v, want each once", terms)
	}
	var distinct strings.Builder
	for r := rune(0x4e00); distinct.Len() < 3*MaxQueryLen; r += 7 {
		distinct.WriteRune(r)
	}
	q := string([]rune(distinct.String())[:MaxQueryLen])
	if terms, _ := ParseQuery(q); len(terms) != MaxQueryTerms {
		t.Errorf("%d distinct characters give %d terms, want the cap %d", MaxQueryLen, len(terms), MaxQueryTerms)
	}
}
