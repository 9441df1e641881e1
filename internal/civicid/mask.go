package civicid

// MaskIDsInText replaces every 18-character citizen-ID-looking run (17 digits
// then a digit or X/x) in free text with its masked form, for log lines and
// error messages built from user input.
//
// A run counts only when it is not part of a longer run of digits: timestamps
// in nanoseconds, bank card and order numbers are 19 digits or more and must
// stay readable in logs. Validity is not checked, because a number with a
// typo in it is still mostly someone's ID; an 18-digit serial number is
// therefore masked too.
func MaskIDsInText(s string) string {
	var out []byte // allocated on the first match only
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		end := -1
		switch {
		case j-i == 18:
			end = j
		case j-i == 17 && j < len(s) && (s[j] == 'X' || s[j] == 'x'):
			end = j + 1
		}
		if end >= 0 {
			if out == nil {
				out = []byte(s)
			}
			for k := i + 6; k < end-4; k++ {
				out[k] = '*'
			}
		}
		i = j
	}
	if out == nil {
		return s
	}
	return string(out)
}
