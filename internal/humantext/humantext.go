package humantext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"yiwang/internal/apperr"
)

// The longest text accepted, in characters after normalisation. A name covers the
// longest registered company names; free text covers a page of reasons.
const (
	MaxName = 100
	MaxFree = 2000
)

// Name checks and normalises a required one-line name (of a person, an
// organisation, a recipient or a carrier): spaces trimmed, at most MaxName characters.
func Name(field, s string) (string, error) {
	s, err := Line(field, s, MaxName)
	if err == nil && s == "" {
		return "", apperr.Required(field)
	}
	return s, err
}

// Line checks and normalises one line of text of at most max characters, which may
// be empty: spaces trimmed, no line breaks, and no invisible format characters
// (zero-width spaces and joiners) that make two texts look alike.
func Line(field, s string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalidEncoding(field)
	}
	s = norm.NFC.String(strings.TrimSpace(s))
	if utf8.RuneCountInString(s) > max {
		return "", apperr.Invalidf(field, "不能超过%d个字", max)
	}
	for _, r := range s {
		if refused(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			return "", refusedChar(field, r)
		}
	}
	return s, nil
}

// Clip returns s cut to at most n characters, for echoing what was typed.
func Clip(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// Free checks and normalises free text of at most MaxFree characters, which may span
// lines; required says whether it may be blank.
func Free(field, s string, required bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalidEncoding(field)
	}
	s = norm.NFC.String(s)
	switch {
	case required && strings.TrimSpace(s) == "":
		return "", apperr.Required(field)
	case utf8.RuneCountInString(s) > MaxFree:
		return "", apperr.Invalidf(field, "不能超过%d个字", MaxFree)
	}
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' {
			continue
		}
		if refused(r) {
			return "", refusedChar(field, r)
		}
	}
	return s, nil
}

// Normal returns s NFC-normalised; it is the form Free and Name store.
func Normal(s string) string { return norm.NFC.String(s) }

// refused reports a character no typed text may hold: a control character or a
// bidirectional control, which would make the text display other than it reads.
func refused(r rune) bool {
	if unicode.IsControl(r) || r == utf8.RuneError {
		return true
	}
	switch {
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

func refusedChar(field string, r rune) error {
	return apperr.Invalidf(field, "含有不允许的控制字符 U+%04X", r)
}

func invalidEncoding(field string) error {
	return apperr.Invalidf(field, "不是有效的UTF-8文本")
}
