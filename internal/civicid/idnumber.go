package civicid

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"
)

// IDNumber is a citizen ID number (居民身份证号码) that passed ParseIDNumber:
// 18 characters, trimmed, with an upper-case X as check character.
//
// It prints masked (String, Format, LogValue) because it is personal data and
// values reach logs and error messages through fmt and slog far more often than
// anyone intends; code that really needs the number calls Full. The underlying
// string is the clear value, so storage and JSON encoding see the full number.
type IDNumber string

// idWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for the first 17
// digits, as tabulated in GB 11643.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// provinceCodes are the first two digits of the administrative division code
// that citizen IDs are issued under (GB/T 2260 provinces, plus 71 Taiwan,
// 81/82 Hong Kong/Macao, 83 Taiwan residence permits and 91 foreigners).
var provinceCodes = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true, "91": true,
}

// ParseIDNumber validates s as a citizen ID number and returns it normalised.
// Surrounding white space (including the full-width space an IME may insert)
// is dropped and a lower-case x is accepted, because both are what applicants
// type; anything else malformed is rejected with an *Error that says which
// part is wrong. The birth date must be a real date in or after 1900: the
// package takes no clock, and no living applicant was born earlier.
func ParseIDNumber(s string) (IDNumber, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "x", "X")
	if s == "" {
		return "", &Error{Reason: reasonIDEmpty}
	}
	// Count characters, not bytes, so that an input typed with full-width
	// digits is reported as containing wrong characters, not as too long.
	if utf8.RuneCountInString(s) != 18 {
		return "", &Error{Reason: reasonIDLength}
	}
	if !allDigits(s[:17]) || !(isDigit(s[17]) || s[17] == 'X') {
		return "", &Error{Reason: reasonIDChars}
	}
	if !provinceCodes[s[:2]] {
		return "", &Error{Reason: reasonIDProvince}
	}
	if _, _, _, ok := birthDate(s); !ok {
		return "", &Error{Reason: reasonIDBirth}
	}
	if c, _ := IDCheckChar(s[:17]); c != s[17] {
		return "", &Error{Reason: reasonIDCheck}
	}
	return IDNumber(s), nil
}

// IDCheckChar computes the MOD 11-2 check character ('0'-'9' or 'X') for the
// first 17 digits of a citizen ID number. It is exported so that tests and demo
// data can build valid numbers instead of copying real people's.
func IDCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 || !allDigits(first17) {
		return 0, &Error{Reason: reasonIDBody}
	}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11], nil
}

// Birth returns the date of birth encoded in positions 7-14. It returns zeros
// for a value that did not come from ParseIDNumber and has no readable date.
func (n IDNumber) Birth() (y int, m time.Month, d int) {
	y, m, d, ok := birthDate(string(n))
	if !ok {
		return 0, 0, 0
	}
	return y, m, d
}

// Masked returns the number with everything but the first 6 and last 4
// characters replaced by '*', e.g. "110105********002X": enough for a person
// to recognise their own number and for staff to tell cases apart, while the
// birth date and the bulk of the number stay hidden. A value that is not
// shaped like an ID number is masked completely, so nothing leaks from it.
func (n IDNumber) Masked() string {
	s := string(n)
	if len(s) != 18 || !isASCII(s) {
		return strings.Repeat("*", utf8.RuneCountInString(s))
	}
	return s[:6] + "********" + s[14:]
}

// Full returns the clear number. Call it only where the full number is
// required, such as storage or a check against another register.
func (n IDNumber) Full() string { return string(n) }

// String returns the masked number, so that %v and %s never leak it.
func (n IDNumber) String() string { return n.Masked() }

// Format formats the masked number for every verb. It exists because fmt does
// not use String for %#v or for verbs that do not apply to strings (its error
// text for, say, %d would show the clear value).
func (n IDNumber) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), n.Masked())
}

// LogValue implements slog.LogValuer so that IDs never reach logs in clear.
func (n IDNumber) LogValue() slog.Value { return slog.StringValue(n.Masked()) }

// birthDate reads YYYYMMDD at positions 7-14 of s and reports whether it is a
// real calendar date in or after 1900.
func birthDate(s string) (y int, m time.Month, d int, ok bool) {
	if len(s) < 14 || !allDigits(s[6:14]) {
		return 0, 0, 0, false
	}
	y = atoi(s[6:10])
	m = time.Month(atoi(s[10:12]))
	d = atoi(s[12:14])
	if y < 1900 || m < time.January || m > time.December || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// daysIn returns the number of days in month m of year y. Asking time.Date for
// day 0 of the next month lets the standard library own the leap-year rule.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// atoi converts a string of ASCII digits; callers have checked the digits.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
