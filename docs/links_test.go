// Package docs holds the maintainers' documents; its test checks that what they
// link to is in the repository, since a reader who clones it has nothing else.
package docs

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	fence    = regexp.MustCompile("(?m)^ {0,3}(```|~~~).*$")
	codeSpan = regexp.MustCompile("`[^`\n]+`")
	// inline links and images: [text](target "title")
	inline = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	// reference definitions: [label]: target
	reference = regexp.MustCompile(`(?m)^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)`)
	scheme    = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// links returns the link targets of a Markdown text that point into the
// repository: not those with a scheme (https:, mailto:) nor fragments of the page
// itself, and nothing inside code. A code span that starts with ../ is taken as a
// link too, because that is how the README once named files outside the repository.
func links(md string) []string {
	var prose, out []string
	for i, part := range fence.Split(md, -1) {
		if i%2 == 0 { // between a fence's opening and closing lines is code
			prose = append(prose, part)
		}
	}
	text := strings.Join(prose, "\n")
	for _, span := range codeSpan.FindAllString(text, -1) {
		if p := strings.Trim(span, "`"); strings.HasPrefix(p, "../") {
			out = append(out, p)
		}
	}
	text = codeSpan.ReplaceAllString(text, "")
	for _, re := range []*regexp.Regexp{inline, reference} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			if t := m[1]; !scheme.MatchString(t) && !strings.HasPrefix(t, "#") {
				out = append(out, t)
			}
		}
	}
	return out
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name, md string
		want     []string
	}{
		{"inline", "see [design](docs/design.md) and [style](style.md \"Style\")", []string{"docs/design.md", "style.md"}},
		{"image", "![logo](img/logo.png)", []string{"img/logo.png"}},
		{"reference", "[design]: ../docs/design.md\n[site]: https://example.org/", []string{"../docs/design.md"}},
		{"fragment of a file kept, own fragment dropped", "[a](#lifecycle) [b](design.md#lifecycle)", []string{"design.md#lifecycle"}},
		{"absolute URL", "[go](https://go.dev/) <https://go.dev/>", nil},
		{"code span naming a file outside", "See `../shared/DESIGN.md`.", []string{"../shared/DESIGN.md"}},
		{"code span with brackets", "`m[i](x)` and `./data`", nil},
		{"fenced code", "```go\nx := a[i](y)\n```\n[real](real.md)", []string{"real.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := links(tt.md); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLinksResolve: every relative link of README.md and docs/*.md names a file or
// directory inside the repository.
func TestLinksResolve(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(root, "README.md"))
	n := 0
	for _, f := range files {
		md, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, f)
		for _, l := range links(string(md)) {
			n++
			if err := resolve(root, filepath.Dir(f), l); err != "" {
				t.Errorf("%s: link %s %s", rel, l, err)
			}
		}
	}
	if n == 0 {
		t.Fatal("no links found; the documents link to each other")
	}
}

// resolve says what is wrong with link target l of a document in dir, or "".
func resolve(root, dir, l string) string {
	l, _, _ = strings.Cut(l, "#")
	l, _, _ = strings.Cut(l, "?")
	p, err := url.PathUnescape(l)
	if err != nil {
		return "is not a valid path: " + err.Error()
	}
	target := filepath.Join(dir, filepath.FromSlash(p))
	if strings.HasPrefix(p, "/") { // on a forge, a leading / is the repository's root
		target = filepath.Join(root, filepath.FromSlash(p))
	}
	if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "points outside the repository"
	}
	if _, err := os.Stat(target); err != nil {
		return "names no file in the repository"
	}
	return ""
}
