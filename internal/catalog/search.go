package catalog

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"yiwang/internal/apperr"
)

// SearchText is the text of an item that search looks at: its title (name,
// colloquial names, tags and what it issues: what people call the item) and the
// rest of its guide.
func (it *Item) SearchText(deptName string) (title, body string) {
	parts := []string{it.Code, deptName, it.LegalBasis}
	for _, m := range it.Materials {
		parts = append(parts, m.Name)
	}
	names := append(append(append([]string{it.Name}, it.Aliases...), it.Tags...), it.Result)
	return strings.Join(names, " "), strings.Join(parts, " ")
}

// IndexTerms cuts text into the terms a full-text index stores: for runs of Han
// characters every single character and every overlapping pair (the CJK bigram
// scheme, so 餐饮 matches inside 餐饮服务 without a dictionary), and for other
// letters and digits whole lower-cased words.
func IndexTerms(text string) []string {
	var terms []string
	for _, run := range runs(text) {
		if !run.han {
			terms = append(terms, run.text)
			continue
		}
		rs := []rune(run.text)
		for i := range rs {
			terms = append(terms, string(rs[i]))
			if i+1 < len(rs) {
				terms = append(terms, string(rs[i:i+2]))
			}
		}
	}
	return terms
}

// The bounds of a search, so that no query costs more than a few index lookups
// whoever sends it: an item's name is a short phrase, and a search of a hundred
// characters is already a paragraph.
const (
	MaxQueryLen   = 100 // characters
	MaxQueryTerms = 24
)

// ParseQuery checks a search query's length and cuts it into its terms (see
// QueryTerms). A query longer than MaxQueryLen is a Malformed error naming q.
func ParseQuery(q string) ([]string, error) {
	if utf8.RuneCountInString(q) > MaxQueryLen {
		return nil, apperr.BadParameterf("q", "检索词不能超过%d个字", MaxQueryLen)
	}
	return QueryTerms(q), nil
}

// QueryTerms cuts a query into the terms that must all match: for Han runs the
// overlapping pairs (or the single character of a one-character run), each term
// once, at most MaxQueryTerms of them.
func QueryTerms(q string) []string {
	var terms []string
	add := func(t string) {
		if len(terms) < MaxQueryTerms && !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	for _, run := range runs(q) {
		rs := []rune(run.text)
		if !run.han || len(rs) == 1 {
			add(run.text)
			continue
		}
		for i := 0; i+1 < len(rs); i++ {
			add(string(rs[i : i+2]))
		}
	}
	return terms
}

type run struct {
	text string
	han  bool
}

// runs splits text into maximal runs of Han characters and of other letters/digits.
func runs(text string) []run {
	var out []run
	var cur []rune
	han := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, run{strings.ToLower(string(cur)), han})
			cur = cur[:0]
		}
	}
	for _, r := range text {
		isHan := unicode.Is(unicode.Han, r)
		switch {
		case isHan || unicode.IsLetter(r) || unicode.IsDigit(r):
			if len(cur) > 0 && isHan != han {
				flush()
			}
			han = isHan
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}
