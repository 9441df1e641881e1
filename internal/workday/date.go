package workday

import (
	"errors"
	"fmt"
	"time"
)

// Date is a calendar day in Beijing time: days since 1970-01-01.
//
// Time limits are counted in whole days, so a day is a plain integer: ordering
// and differences are integer operations, and no clock time or location can
// leak into the arithmetic. The zero value is 1970-01-01.
type Date int32

// Beijing is the fixed UTC+8 zone that decides which day an instant falls on.
// China has observed no daylight saving time since 1991, so a fixed offset is
// exact for the dates this package deals with and needs no tzdata on the host.
var Beijing = time.FixedZone("CST", beijingOffset)

const (
	secondsPerDay = 24 * 60 * 60
	beijingOffset = 8 * 60 * 60
)

// ParseDate parses "YYYY-MM-DD" and nothing else (no time, no zone, no
// single-digit fields), because a date typed into a form or a calendar file
// that is not exactly a day is a mistake, not something to be interpreted.
func ParseDate(s string) (Date, error) {
	d, msg := parseDate(s)
	if msg != "" {
		return 0, errors.New("workday: " + msg)
	}
	return d, nil
}

// parseDate returns a message without the package prefix so that callers that
// attach a field name (ParseYearFile) do not repeat it.
func parseDate(s string) (Date, string) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Sprintf("invalid date %q: want YYYY-MM-DD", s)
	}
	y, okY := atoi(s[0:4])
	m, okM := atoi(s[5:7])
	d, okD := atoi(s[8:10])
	if !okY || !okM || !okD {
		return 0, fmt.Sprintf("invalid date %q: want YYYY-MM-DD with digits only", s)
	}
	if m < 1 || m > 12 {
		return 0, fmt.Sprintf("invalid date %q: month %d is not in 1..12", s, m)
	}
	if n := daysIn(y, time.Month(m)); d < 1 || d > n {
		return 0, fmt.Sprintf("invalid date %q: day %d is not in 1..%d for %04d-%02d", s, d, n, y, m)
	}
	return MakeDate(y, time.Month(m), d), ""
}

// atoi accepts ASCII digits only; strconv would also let a sign through.
func atoi(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DateOf returns the Beijing date of instant t, whatever t's own location, so
// that an acceptance recorded at 23:30 UTC counts on the next Beijing day.
func DateOf(t time.Time) Date {
	return Date(floorDiv(t.Unix()+beijingOffset, secondsPerDay))
}

// MakeDate returns the date y-m-d. Out-of-range months and days normalize the
// way time.Date does (MakeDate(2026, 2, 30) is 2026-03-02), which lets callers
// step by months without checking lengths; use ParseDate to reject bad input.
func MakeDate(y int, m time.Month, d int) Date {
	// UTC midnight is a whole number of days after the epoch, so the
	// division is exact even before 1970.
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// civil is the UTC view of d; it carries the same year, month and day as the
// Beijing day without any zone arithmetic.
func (d Date) civil() (int, time.Month, int) {
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().Date()
}

// String formats d as "YYYY-MM-DD", the form ParseDate reads back.
func (d Date) String() string {
	y, m, dd := d.civil()
	if y < 0 || y > 9999 {
		return fmt.Sprintf("%d-%02d-%02d", y, int(m), dd)
	}
	b := make([]byte, 0, 10)
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	b = append(b, byte('0'+dd/10), byte('0'+dd%10))
	return string(b)
}

// Time returns midnight at the start of d in Beijing, the instant a day's
// clock starts for storage or display next to timestamps.
func (d Date) Time() time.Time {
	return time.Unix(int64(d)*secondsPerDay-beijingOffset, 0).In(Beijing)
}

// Year returns d's year, which selects the YearFile that governs it.
func (d Date) Year() int {
	y, _, _ := d.civil()
	return y
}

// Weekday returns d's day of the week, which decides whether an ordinary day
// is a working day.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (int64(d) + int64(time.Thursday)) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// AddDays returns the date n calendar days after d (before it for negative n);
// working days are the Calendar's business.
func (d Date) AddDays(n int) Date {
	return d + Date(n)
}

// MarshalText writes "YYYY-MM-DD" so JSON and other text encodings carry a
// readable day instead of an opaque day number.
func (d Date) MarshalText() ([]byte, error) {
	if y := d.Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("workday: date %s has no YYYY-MM-DD form", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads "YYYY-MM-DD" as strictly as ParseDate, so a malformed
// date in a request fails at decoding instead of becoming a wrong day.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
