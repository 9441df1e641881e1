package civicid

import (
	"log/slog"
	"strings"
	"unicode/utf8"
)

// CreditCode is a unified social credit code (统一社会信用代码) that passed
// ParseCreditCode: 18 characters, trimmed and upper-case.
//
// Unlike IDNumber it is never masked: the code identifies an organisation, not
// a person, and is public by design (it is printed on the business licence and
// published in the national enterprise credit register). Masked and LogValue
// exist so that code handling either kind of applicant can treat both alike.
type CreditCode string

// creditAlphabet lists the characters of a credit code in value order; I, O,
// S, V and Z are left out because they are easily confused with 1, 0, 5, U and
// 2.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the GB 32100 weights 3^i mod 31 for the first 17
// characters.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are the GB 11714 weights for the first 8 characters of the
// organisation code held in positions 9-17.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// ParseCreditCode validates s as a unified social credit code and returns it
// normalised. Surrounding white space is dropped and ASCII letters are
// upper-cased, because applicants copy codes from documents and type them in
// either case; anything else malformed is rejected with an *Error that says
// which part is wrong.
//
// The checks are: 18 characters from creditAlphabet, digits in positions 3-8
// (the administrative division code), the GB 32100 check character, and the
// GB 11714 check character of the embedded organisation code. The overall
// check runs first because it catches any single mistyped character and its
// message is the one an applicant understands; the organisation code check
// then only rejects codes that are consistent but not well formed.
func ParseCreditCode(s string) (CreditCode, error) {
	s = asciiUpper(strings.TrimSpace(s))
	if s == "" {
		return "", &Error{Reason: reasonCreditEmpty}
	}
	if utf8.RuneCountInString(s) != 18 {
		return "", &Error{Reason: reasonCreditLength}
	}
	for i := range 18 {
		if creditValue(s[i]) < 0 {
			return "", &Error{Reason: reasonCreditChars}
		}
	}
	if !allDigits(s[2:8]) {
		return "", &Error{Reason: reasonCreditDivision}
	}
	if c, _ := CreditCheckChar(s[:17]); c != s[17] {
		return "", &Error{Reason: reasonCreditCheck}
	}
	if orgCheckChar(s[8:16]) != s[16] {
		return "", &Error{Reason: reasonCreditOrgCode}
	}
	return CreditCode(s), nil
}

// CreditCheckChar computes the GB 32100 check character for the first 17
// characters of a credit code. It does not check the embedded organisation
// code, so callers building test data must make position 17 valid themselves.
func CreditCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, &Error{Reason: reasonCreditBody}
	}
	sum := 0
	for i := range 17 {
		v := creditValue(first17[i])
		if v < 0 {
			return 0, &Error{Reason: reasonCreditBody}
		}
		sum += v * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31], nil
}

// Masked returns the code unchanged: it is published on the business licence,
// so hiding it would protect nothing.
func (c CreditCode) Masked() string { return string(c) }

// String returns the code unchanged; see Masked.
func (c CreditCode) String() string { return string(c) }

// LogValue implements slog.LogValuer and returns the code unchanged; see
// Masked.
func (c CreditCode) LogValue() slog.Value { return slog.StringValue(string(c)) }

// creditValue returns the value of c in creditAlphabet, or -1.
func creditValue(c byte) int {
	return strings.IndexByte(creditAlphabet, c)
}

// orgCheckChar computes the GB 11714 check character for the first 8
// characters of an organisation code. The characters are digits or upper-case
// letters (guaranteed by the credit code alphabet check).
func orgCheckChar(first8 string) byte {
	sum := 0
	for i := range 8 {
		c := first8[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * orgWeights[i]
	}
	switch r := 11 - sum%11; r {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + r)
	}
}

// asciiUpper upper-cases ASCII letters only. strings.ToUpper would also map
// some non-ASCII letters onto ASCII ones (ſ to S, ı to I), letting look-alike
// input turn into a different code.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
