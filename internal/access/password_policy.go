package access

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"yiwang/internal/apperr"
)

// MinPasswordLen is the fewest characters a new password has: ten characters of
// even lower-case letters and digits are beyond a guesser who is limited to a few
// attempts an hour, and a passphrase of a few words fits easily.
const MinPasswordLen = 10

// maxPasswordBytes is what bcrypt reads; beyond it a password would only seem longer.
const maxPasswordBytes = 72

//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords holds the lines of common_passwords.txt.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// CheckNewPassword applies the password policy to a password chosen at
// registration or for a staff account. personal lists what a guesser knows of the
// account holder (username, name, ID number or credit code, phone): a password made
// of one of them is refused. The message says what to change, never which list
// matched.
func CheckNewPassword(password string, personal ...string) error {
	switch {
	case password == "":
		return apperr.Required("password")
	case utf8.RuneCountInString(password) < MinPasswordLen:
		return apperr.Invalidf("password", "密码至少%d位", MinPasswordLen)
	case len(password) > maxPasswordBytes:
		return apperr.Invalidf("password", "密码不能超过%d字节", maxPasswordBytes)
	}
	lower := strings.ToLower(password)
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		if utf8.RuneCountInString(p) >= 4 && strings.Contains(lower, p) {
			return apperr.Invalidf("password", "密码不能包含用户名、姓名、证件号码或手机号码")
		}
	}
	if commonPasswords[lower] || commonPasswords[stem(lower)] {
		return apperr.Invalidf("password", "该密码过于常见，请换一个不易被猜到的密码")
	}
	if trivial(lower) {
		return apperr.Invalidf("password", "密码不能是重复或连续的字符，请换一个不易被猜到的密码")
	}
	return nil
}

// stem is s without the digits and signs people add at the end of a word to meet
// a rule: password2026! is password.
func stem(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// trivial reports a password that is a short unit repeated (aaaaaaaaaa,
// abcabcabca, 1212121212) or a run of consecutive characters, up or down
// (1234567890, abcdefghij, 9876543210).
func trivial(s string) bool {
	rs := []rune(s)
	for unit := 1; unit <= 4; unit++ {
		repeated := true
		for i := unit; i < len(rs) && repeated; i++ {
			repeated = rs[i] == rs[i%unit]
		}
		if repeated {
			return true
		}
	}
	up, down := true, true
	for i := 1; i < len(rs); i++ {
		d := rs[i] - rs[i-1]
		// 0 follows 9 on a keyboard's number row
		wrapUp, wrapDown := rs[i-1] == '9' && rs[i] == '0', rs[i-1] == '0' && rs[i] == '9'
		up = up && (d == 1 || wrapUp)
		down = down && (d == -1 || wrapDown)
	}
	return up || down
}
