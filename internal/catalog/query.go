package catalog

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"yiwang/internal/apperr"
	"yiwang/internal/humantext"
)

// Search finds what people mean, not only what they type: a query is cut into
// phrases (its words, and the meanings the shared synonym list gives for what it
// contains), and a hit is ranked first by how closely one of its names (the
// item's name, its colloquial names, its tags and what it issues) matches one of
// the phrases, then by full-text relevance. See Closeness for the scale.

// Name is one of the names an item is known by, for ranking: the text, and how
// far it stands from the item's own name (Penalty, added to the match's closeness).
type Name struct {
	Text    string
	Penalty float64
}

// The penalties of the kinds of name: the official name counts fully, a colloquial
// name (俗称) nearly so, what the item issues and its tags less.
const (
	officialPenalty = 0
	aliasPenalty    = 0.2
	resultPenalty   = 0.4
	tagPenalty      = 0.6
	// variantNamePenalty is for the core name of a variant (补办, 变更): see variantPenalty.
	variantNamePenalty = 0.1
	// meaningPenalty is added to a match through a synonym: what was typed counts
	// a little more than what the synonym list says it means.
	meaningPenalty = 0.3
)

// IndexEntry is what the search index keeps of an item: the terms of its title and
// body for full-text relevance, and its names for closeness.
type IndexEntry struct {
	Title, Body []string
	Names       []Name
}

// SearchEntry returns the index entry of it, whose department is named deptName.
func (it *Item) SearchEntry(deptName string) IndexEntry {
	title, body := it.SearchText(deptName)
	e := IndexEntry{Title: IndexTerms(title), Body: IndexTerms(body)}
	add := func(text string, penalty float64) {
		text = Fold(text)
		if utf8.RuneCountInString(text) < 2 {
			return // a single character is in too many names to say anything
		}
		for _, n := range e.Names {
			if n.Text == text {
				return
			}
		}
		e.Names = append(e.Names, Name{Text: text, Penalty: penalty})
	}
	add(it.Name, officialPenalty)
	core := CoreName(it.Name)
	add(core, variantPenalty(it.Name))
	if q := qualifier(it.Name); q != "" {
		add(q+core, officialPenalty) // 补办公共场所卫生许可, as people say it
	}
	for _, a := range it.Aliases {
		add(a, aliasPenalty)
	}
	add(it.Result, resultPenalty)
	for _, t := range it.Tags {
		add(t, tagPenalty)
	}
	return e
}

// variantPenalty is the penalty of an item's core name: none for the item as first
// applied for (新办, or no qualifier), a little for its other variants (补办, 变更,
// 延续, 注销), so that 公共场所卫生许可 finds the new licence before its
// replacement, which people name as such (补办卫生许可证).
func variantPenalty(name string) float64 {
	if CoreName(name) == name || strings.Contains(name, "新办") || strings.Contains(name, "设立") {
		return officialPenalty
	}
	return variantNamePenalty
}

// qualifier returns the text in an item name's trailing brackets (新办, 补办), or "".
func qualifier(name string) string {
	core := CoreName(name)
	rest := strings.TrimSpace(strings.TrimPrefix(name, core))
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasPrefix(rest, p[0]) && strings.HasSuffix(rest, p[1]) {
			return strings.TrimSpace(rest[len(p[0]) : len(rest)-len(p[1])])
		}
	}
	return ""
}

// CoreName returns an item's name without its trailing qualifier in brackets:
// 食品经营许可 for 食品经营许可（新办）, which is what people call it.
func CoreName(name string) string {
	for _, open := range []string{"（", "("} {
		if i := strings.Index(name, open); i > 0 {
			name = name[:i]
		}
	}
	return strings.TrimSpace(name)
}

// Fold returns text as search compares it: full-width letters and digits made
// half-width (NFKC), lower-cased, spaces trimmed.
func Fold(text string) string {
	return strings.TrimSpace(strings.ToLower(norm.NFKC.String(text)))
}

// fillers are the words of a question that say nothing about which item is meant
// (我想…, …怎么办, …需要什么材料); they are cut out of a query before it is searched.
var fillers = []string{
	"请问", "你好", "我想要", "我想", "我要", "想要", "想", "打算", "准备", "怎么办理", "怎么办", "怎么", "如何",
	"在哪里", "在哪儿", "在哪", "去哪里", "去哪", "哪里", "办理", "申请", "需要", "要什么", "什么", "哪些",
	"材料", "手续", "流程", "一下", "一家", "一个", "可以", "能不能", "吗", "呢", "呀", "的",
}

// Phrase is one way of saying what a query means: its text (for closeness) and its
// terms (for the full-text index).
type Phrase struct {
	Text  string
	Terms []string
}

// Query is a search as the index runs it: the words of what was typed, and the
// meanings the synonym list adds.
type Query struct {
	// Words are the typed words, fillers cut out; their terms must all match for a
	// hit of the first kind (SearchQuery.MatchAll).
	Words []Phrase
	// Meanings are the phrases synonyms add; a hit may match one of them instead.
	Meanings []Phrase
}

// Terms returns the terms of all typed words, each once.
func (q Query) Terms() []string {
	var terms []string
	for _, w := range q.Words {
		for _, t := range w.Terms {
			if !slices.Contains(terms, t) {
				terms = append(terms, t)
			}
		}
	}
	return terms
}

// Phrases returns the texts of the words and meanings, for closeness, a meaning
// with meaningPenalty.
func (q Query) Phrases() []QueryPhrase {
	var out []QueryPhrase
	add := func(ps []Phrase, penalty float64) {
		for _, p := range ps {
			if !slices.ContainsFunc(out, func(o QueryPhrase) bool { return o.Text == p.Text }) {
				out = append(out, QueryPhrase{Text: p.Text, Penalty: penalty})
			}
		}
	}
	add(q.Words, 0)
	add(q.Meanings, meaningPenalty)
	return out
}

// Characters returns the distinct characters of every typed word, for the last
// resort of a search whose pairs of characters match nothing (a typo in a
// two-character word: 低报 for 低保).
func (q Query) Characters() []string {
	var out []string
	for _, w := range q.Words {
		for _, r := range w.Text {
			if unicode.Is(unicode.Han, r) && !slices.Contains(out, string(r)) && len(out) < MaxQueryTerms {
				out = append(out, string(r))
			}
		}
	}
	return out
}

// QueryPhrase is a phrase that an item's names are compared with, and the penalty
// a match through it carries.
type QueryPhrase struct {
	Text    string
	Penalty float64
}

// ParseSearch checks a query's length and turns it into a Query, with the
// meanings of the synonyms whose term it contains (a query longer than
// MaxQueryLen is a Malformed error naming q).
func ParseSearch(q string, synonyms []Synonym) (Query, error) {
	if utf8.RuneCountInString(q) > MaxQueryLen {
		return Query{}, apperr.BadParameterf("q", "检索词不能超过%d个字", MaxQueryLen)
	}
	folded := Fold(q)
	var out Query
	budget := MaxQueryTerms
	phrase := func(text string) (Phrase, bool) {
		terms := QueryTerms(text)
		if len(terms) > budget {
			terms = terms[:budget]
		}
		budget -= len(terms)
		return Phrase{Text: text, Terms: terms}, len(terms) > 0
	}
	words := Words(folded)
	for _, w := range words {
		if utf8.RuneCountInString(w) == 1 && len(words) > 1 {
			continue // one character among other words is noise (开 of 开 小饭馆)
		}
		if p, ok := phrase(w); ok {
			out.Words = append(out.Words, p)
		}
	}
	for _, s := range synonyms {
		if !strings.Contains(folded, Fold(s.Term)) {
			continue
		}
		for _, m := range s.Means {
			if p, ok := phrase(Fold(m)); ok {
				out.Meanings = append(out.Meanings, p)
			}
		}
	}
	return out, nil
}

// Words cuts a folded query into its words: at spaces and punctuation, and where
// a filler word was.
func Words(folded string) []string {
	for _, f := range fillers {
		folded = strings.ReplaceAll(folded, f, " ")
	}
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Synonym is an entry of the shared synonym list: a word people use (小饭馆,
// 准生证) and the phrases it means in the catalog's language (餐饮, 生育登记).
type Synonym struct {
	Term  string   `json:"term"`
	Means []string `json:"means"`
}

// Validate checks a synonym and normalises its text.
func (s *Synonym) Validate() error {
	var err error
	if s.Term, err = humantext.Name("term", s.Term); err != nil {
		return err
	}
	if utf8.RuneCountInString(s.Term) > 20 {
		return apperr.Invalidf("term", "不能超过20个字")
	}
	if len(s.Means) == 0 || len(s.Means) > 10 {
		return apperr.Invalidf("means", "须有1-10个含义")
	}
	for i := range s.Means {
		if s.Means[i], err = humantext.Line("means", s.Means[i], 40); err != nil || s.Means[i] == "" {
			return apperr.Invalidf("means", "第%d个含义须为1-40个字", i+1)
		}
	}
	return nil
}
