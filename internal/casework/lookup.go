package casework

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeLookup turns a case number and query code as people type them from a
// receipt into the form they are stored in: full-width digits and letters made
// half-width, spaces of any width dropped, every kind of dash made '-', letters
// upper-cased, and a number typed without its dashes (20 digits) given them back
// (20261125-37021101-0007, FormatNumber). The look-up page and the API both pass
// through here, so the two accept the same input.
func NormalizeLookup(number, code string) (string, string) {
	number = foldLookup(number)
	if len(number) == 20 && allDigits(number) {
		number = number[:8] + "-" + number[8:16] + "-" + number[16:]
	}
	return number, foldLookup(code)
}

// dashes are the characters people type, or their input methods produce, for a
// hyphen: minus signs, en and em dashes, the full-width and small hyphen-minus,
// the katakana prolonged sound mark that Chinese input methods give for a dash key.
const dashes = "‐‑‒–—―−－﹣ー一"

func foldLookup(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.Is(unicode.Cf, r):
			continue
		case strings.ContainsRune(dashes, r):
			b.WriteByte('-')
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
