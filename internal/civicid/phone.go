package civicid

import "strings"

const reasonPhone = "手机号码须为11位数字，以1开头"

// ParsePhone validates s as a mainland mobile number (11 digits starting with 1)
// and returns it without surrounding spaces.
func ParsePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 11 || s[0] != '1' || !allDigits(s) {
		return "", &Error{Reason: reasonPhone}
	}
	return s, nil
}

// MaskPhone returns a mobile number with its middle four digits hidden
// (138****0001), as staff and the audit trail see it. Anything else (a hall's
// extension, a value from before mobile numbers were checked) is no personal
// number and is returned as it is.
func MaskPhone(s string) string {
	if len(s) != 11 || !allDigits(s) {
		return s
	}
	return s[:3] + "****" + s[7:]
}
