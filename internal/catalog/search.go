package catalog

import (
	"strings"
	"unicode"
)

// SearchText is the text of an item that search looks at: its title (name and
// tags, what people call the item) and the rest of its guide.
func (it *Item) SearchText(deptName string) (title, body string) {
	parts := []string{it.Code, deptName, it.Result, it.LegalBasis}
	for _, m := range it.Materials {
		parts = append(parts, m.Name)
	}
	return strings.Join(append([]string{it.Name}, it.Tags...), " "), strings.Join(parts, " ")
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

// QueryTerms cuts a query into the terms that must all match: for Han runs the
// overlapping pairs (or the single character of a one-character run).
func QueryTerms(q string) []string {
	var terms []string
	for _, run := range runs(q) {
		rs := []rune(run.text)
		if !run.han || len(rs) == 1 {
			terms = append(terms, run.text)
			continue
		}
		for i := 0; i+1 < len(rs); i++ {
			terms = append(terms, string(rs[i:i+2]))
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
