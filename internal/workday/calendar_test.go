package workday

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// naive is the reference the prefix-sum calendar is checked against: it reads
// the year files directly and walks day by day, the way a person would.
type naive struct {
	loaded map[int]bool
	off    map[Date]bool // holiday days
	makeup map[Date]bool
}

func newNaive(ys []YearFile) *naive {
	n := &naive{loaded: map[int]bool{}, off: map[Date]bool{}, makeup: map[Date]bool{}}
	for _, y := range ys {
		n.loaded[y.Year] = true
		for _, h := range y.Holidays {
			for d := h.From; d <= h.To; d++ {
				n.off[d] = true
			}
		}
		for _, w := range y.Workdays {
			n.makeup[w.Date] = true
		}
	}
	return n
}

func (n *naive) isWorkday(d Date) (bool, bool) {
	if !n.loaded[d.Year()] {
		return false, false
	}
	if n.makeup[d] {
		return true, true
	}
	if n.off[d] {
		return false, true
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, true
}

func (n *naive) addWorkdays(from Date, k int) (Date, bool) {
	if _, ok := n.isWorkday(from); !ok {
		return 0, false
	}
	d := from
	for k > 0 {
		d++
		w, ok := n.isWorkday(d)
		if !ok {
			return 0, false
		}
		if w {
			k--
		}
	}
	return d, true
}

func (n *naive) countWorkdays(from, to Date) (int, bool) {
	c := 0
	for d := from; d <= to; d++ {
		w, ok := n.isWorkday(d)
		if !ok {
			return 0, false
		}
		if w {
			c++
		}
	}
	return c, true
}

func TestIsWorkday(t *testing.T) {
	c := Embedded()
	tests := []struct {
		name string
		date string
		want bool
	}{
		{name: "ordinary weekday", date: "2026-03-10", want: true},
		{name: "ordinary saturday", date: "2026-03-07", want: false},
		{name: "ordinary sunday", date: "2026-03-08", want: false},
		{name: "new year 2024", date: "2024-01-01", want: false},
		{name: "day after new year 2024", date: "2024-01-02", want: true},
		{name: "spring festival 2024 make-up sunday", date: "2024-02-04", want: true},
		{name: "spring festival 2024 make-up sunday after", date: "2024-02-18", want: true},
		{name: "spring festival 2025 monday off", date: "2025-02-03", want: false},
		{name: "new year 2026 saturday inside holiday", date: "2026-01-03", want: false},
		{name: "new year 2026 make-up sunday", date: "2026-01-04", want: true},
		{name: "spring festival 2026 make-up saturday before", date: "2026-02-14", want: true},
		{name: "spring festival 2026 first day", date: "2026-02-15", want: false},
		{name: "spring festival 2026 monday", date: "2026-02-16", want: false},
		{name: "spring festival 2026 last day", date: "2026-02-23", want: false},
		{name: "after spring festival 2026", date: "2026-02-24", want: true},
		{name: "spring festival 2026 make-up saturday after", date: "2026-02-28", want: true},
		{name: "national day 2025 make-up sunday", date: "2025-09-28", want: true},
		{name: "national day 2025 wednesday off", date: "2025-10-08", want: false},
		{name: "after national day 2025", date: "2025-10-09", want: true},
		{name: "national day 2025 make-up saturday", date: "2025-10-11", want: true},
		{name: "national day 2026 make-up sunday", date: "2026-09-20", want: true},
		{name: "national day 2026 off", date: "2026-10-07", want: false},
		{name: "national day 2026 make-up saturday", date: "2026-10-10", want: true},
		{name: "last day loaded", date: "2026-12-31", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.IsWorkday(d(tt.date))
			if err != nil {
				t.Fatalf("IsWorkday(%s): got error %v, want %v", tt.date, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("IsWorkday(%s): got %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

func TestAddWorkdays(t *testing.T) {
	c := Embedded()
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{name: "zero returns from", from: "2026-02-13", n: 0, want: "2026-02-13"},
		{name: "zero on a holiday returns it", from: "2026-02-15", n: 0, want: "2026-02-15"},
		{name: "into make-up saturday", from: "2026-02-13", n: 1, want: "2026-02-14"},
		{name: "over spring festival 2026", from: "2026-02-14", n: 1, want: "2026-02-24"},
		{name: "two over spring festival 2026", from: "2026-02-13", n: 2, want: "2026-02-24"},
		{name: "from a holiday", from: "2026-02-18", n: 1, want: "2026-02-24"},
		{name: "into second make-up saturday", from: "2026-02-27", n: 1, want: "2026-02-28"},
		{name: "after second make-up saturday", from: "2026-02-28", n: 1, want: "2026-03-02"},
		{name: "20-day limit over spring festival", from: "2026-02-10", n: 20, want: "2026-03-16"},
		{name: "ordinary friday to monday", from: "2026-03-06", n: 1, want: "2026-03-09"},
		{name: "into national day 2025 make-up sunday", from: "2025-09-26", n: 1, want: "2025-09-28"},
		{name: "after national day 2025 make-up sunday", from: "2025-09-28", n: 1, want: "2025-09-29"},
		{name: "over national day 2025", from: "2025-09-30", n: 1, want: "2025-10-09"},
		{name: "into national day 2025 make-up saturday", from: "2025-10-10", n: 1, want: "2025-10-11"},
		{name: "over national day 2026", from: "2026-09-30", n: 1, want: "2026-10-08"},
		{name: "into national day 2026 make-up saturday", from: "2026-10-09", n: 1, want: "2026-10-10"},
		{name: "over mid-autumn 2026", from: "2026-09-24", n: 1, want: "2026-09-28"},
		{name: "new year 2026 into make-up sunday", from: "2025-12-31", n: 1, want: "2026-01-04"},
		{name: "new year 2026 two days", from: "2025-12-31", n: 2, want: "2026-01-05"},
		{name: "new year 2025", from: "2024-12-31", n: 1, want: "2025-01-02"},
		{name: "last day loaded", from: "2026-12-30", n: 1, want: "2026-12-31"},
		{name: "whole of 2025", from: "2024-12-31", n: 248, want: "2025-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.AddWorkdays(d(tt.from), tt.n)
			if err != nil {
				t.Fatalf("AddWorkdays(%s, %d): got error %v, want %v", tt.from, tt.n, err, tt.want)
			}
			if got.String() != tt.want {
				t.Errorf("AddWorkdays(%s, %d): got %v, want %v", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestAddWorkdaysNegative(t *testing.T) {
	_, err := Embedded().AddWorkdays(d("2026-03-02"), -1)
	if err == nil || errors.Is(err, ErrOutOfRange) {
		t.Errorf("AddWorkdays(n=-1): got %v, want a non-range error", err)
	}
}

func TestCountWorkdays(t *testing.T) {
	c := Embedded()
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{name: "single working day", from: "2026-02-14", to: "2026-02-14", want: 1},
		{name: "single day off", from: "2026-02-15", to: "2026-02-15", want: 0},
		{name: "whole spring festival 2026", from: "2026-02-15", to: "2026-02-23", want: 0},
		{name: "both ends inclusive", from: "2026-02-13", to: "2026-02-24", want: 3},
		{name: "ordinary week", from: "2026-03-02", to: "2026-03-08", want: 5},
		{name: "reversed", from: "2026-03-08", to: "2026-03-02", want: 0},
		{name: "reversed outside calendar", from: "2030-01-01", to: "2020-01-01", want: 0},
		{name: "national day 2025 window", from: "2025-09-27", to: "2025-10-12", want: 6},
		{name: "across new year 2025 to 2026", from: "2025-12-29", to: "2026-01-05", want: 5},
		{name: "all loaded days", from: "2024-01-01", to: "2026-12-31", want: 251 + 248 + 248},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.CountWorkdays(d(tt.from), d(tt.to))
			if err != nil {
				t.Fatalf("CountWorkdays(%s, %s): got error %v, want %v", tt.from, tt.to, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("CountWorkdays(%s, %s): got %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// year2028 is a made-up notice for a year that leaves 2027 as a gap.
func year2028() YearFile {
	return YearFile{
		Year:     2028,
		Holidays: []Holiday{{Name: "元旦", From: d("2028-01-01"), To: d("2028-01-03")}},
	}
}

func TestOutOfRange(t *testing.T) {
	gappy, err := Embedded().With(year2028())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		c        *Calendar
		call     func(c *Calendar) error
		wantYear string
	}{
		{name: "is workday before", c: Embedded(), wantYear: "2023",
			call: func(c *Calendar) error { _, err := c.IsWorkday(d("2023-12-31")); return err }},
		{name: "is workday after", c: Embedded(), wantYear: "2027",
			call: func(c *Calendar) error { _, err := c.IsWorkday(d("2027-01-01")); return err }},
		{name: "add from 2023", c: Embedded(), wantYear: "2023",
			call: func(c *Calendar) error { _, err := c.AddWorkdays(d("2023-12-29"), 1); return err }},
		{name: "add zero from 2023", c: Embedded(), wantYear: "2023",
			call: func(c *Calendar) error { _, err := c.AddWorkdays(d("2023-12-29"), 0); return err }},
		{name: "add from last loaded day", c: Embedded(), wantYear: "2027",
			call: func(c *Calendar) error { _, err := c.AddWorkdays(d("2026-12-31"), 1); return err }},
		{name: "add past the end", c: Embedded(), wantYear: "2027",
			call: func(c *Calendar) error { _, err := c.AddWorkdays(d("2026-12-30"), 2); return err }},
		{name: "add huge n", c: Embedded(), wantYear: "2027",
			call: func(c *Calendar) error { _, err := c.AddWorkdays(d("2024-01-01"), int(^uint(0)>>1)); return err }},
		{name: "count from 2023", c: Embedded(), wantYear: "2023",
			call: func(c *Calendar) error { _, err := c.CountWorkdays(d("2023-12-31"), d("2024-01-05")); return err }},
		{name: "count past 2026", c: Embedded(), wantYear: "2027",
			call: func(c *Calendar) error { _, err := c.CountWorkdays(d("2026-12-01"), d("2027-01-05")); return err }},
		{name: "gap: add across", c: gappy, wantYear: "2027",
			call: func(c *Calendar) error { _, err := c.AddWorkdays(d("2026-12-31"), 1); return err }},
		{name: "gap: count across", c: gappy, wantYear: "2027",
			call: func(c *Calendar) error { _, err := c.CountWorkdays(d("2026-12-01"), d("2028-01-05")); return err }},
		{name: "gap: inside", c: gappy, wantYear: "2027",
			call: func(c *Calendar) error { _, err := c.IsWorkday(d("2027-06-01")); return err }},
		{name: "gap: past the end", c: gappy, wantYear: "2029",
			call: func(c *Calendar) error { _, err := c.AddWorkdays(d("2028-12-29"), 1); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(tt.c)
			if !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("error: got %v, want one wrapping ErrOutOfRange", err)
			}
			if got, want := err.Error(), "workday: year "+tt.wantYear+" is not in the calendar"; got != want {
				t.Errorf("message: got %v, want %v", got, want)
			}
		})
	}
}

func TestGapCalendarWorksOnBothSides(t *testing.T) {
	gappy, err := Embedded().With(year2028())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := gappy.Years(), []int{2024, 2025, 2026, 2028}; !slices.Equal(got, want) {
		t.Errorf("Years: got %v, want %v", got, want)
	}
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{name: "before the gap", from: "2026-02-13", n: 1, want: "2026-02-14"},
		{name: "from inside the gap", from: "2027-12-31", n: 0, want: ""},
		{name: "after the gap", from: "2028-01-01", n: 1, want: "2028-01-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := gappy.AddWorkdays(d(tt.from), tt.n)
			if tt.want == "" {
				if !errors.Is(err, ErrOutOfRange) {
					t.Errorf("AddWorkdays(%s, %d): got %v, %v, want ErrOutOfRange", tt.from, tt.n, got, err)
				}
				return
			}
			if err != nil || got.String() != tt.want {
				t.Errorf("AddWorkdays(%s, %d): got %v (err %v), want %v", tt.from, tt.n, got, err, tt.want)
			}
		})
	}
}

func TestNewCalendarErrors(t *testing.T) {
	ys := EmbeddedYears()
	bad := goodYear()
	bad.Workdays[0].Date = d("2026-01-05")
	tests := []struct {
		name    string
		years   []YearFile
		wantMsg string
	}{
		{name: "duplicate year", years: []YearFile{ys[0], ys[1], ys[0]}, wantMsg: "year 2024 is given more than once"},
		{name: "invalid year", years: []YearFile{ys[0], bad}, wantMsg: "workdays[0].date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCalendar(tt.years...)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("NewCalendar: got %v, %v, want an error containing %q", c, err, tt.wantMsg)
			}
		})
	}
	var fe *FieldError
	if _, err := NewCalendar(bad); !errors.As(err, &fe) || fe.Field != "workdays[0].date" {
		t.Errorf("NewCalendar(bad) field: got %v, want %v", err, "workdays[0].date")
	}
	if _, err := Embedded().With(bad); !errors.As(err, &fe) || fe.Field != "workdays[0].date" {
		t.Errorf("With(bad) field: got %v, want %v", err, "workdays[0].date")
	}
}

func TestEmptyCalendar(t *testing.T) {
	c, err := NewCalendar()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.IsWorkday(d("2026-01-05")); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("IsWorkday on empty calendar: got %v, want %v", err, ErrOutOfRange)
	}
}

func TestWithReplacesYear(t *testing.T) {
	orig := Embedded()
	if _, ok := orig.Year(2027); ok {
		t.Errorf("Year(2027): got %v, want %v", ok, false)
	}
	fixed, ok := orig.Year(2026)
	if !ok {
		t.Fatal("Year(2026): got false, want true")
	}
	// A corrected notice that extends the Spring Festival by one day.
	fixed.Holidays[1].To = d("2026-02-24")
	c, err := orig.With(fixed)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Years(), []int{2024, 2025, 2026}; !slices.Equal(got, want) {
		t.Errorf("Years: got %v, want %v", got, want)
	}
	tests := []struct {
		name string
		c    *Calendar
		want string
	}{
		{name: "new calendar", c: c, want: "2026-02-25"},
		{name: "original unchanged", c: orig, want: "2026-02-24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.c.AddWorkdays(d("2026-02-14"), 1)
			if err != nil || got.String() != tt.want {
				t.Errorf("AddWorkdays(2026-02-14, 1): got %v (err %v), want %v", got, err, tt.want)
			}
		})
	}
	if got, _ := orig.Year(2026); got.Holidays[1].To != d("2026-02-23") {
		t.Errorf("original Year(2026) after editing a copy: got %v, want %v", got.Holidays[1].To, "2026-02-23")
	}
	if got, _ := c.Year(2026); got.Holidays[1].To != d("2026-02-24") {
		t.Errorf("new Year(2026): got %v, want %v", got.Holidays[1].To, "2026-02-24")
	}
	// Editing the file after handing it over must not reach the calendar.
	fixed.Holidays[1].To = d("2026-02-28")
	if got, _ := c.Year(2026); got.Holidays[1].To != d("2026-02-24") {
		t.Errorf("Year(2026) after editing the input: got %v, want %v", got.Holidays[1].To, "2026-02-24")
	}
	added, err := orig.With(YearFile{Year: 2027})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := added.AddWorkdays(d("2026-12-31"), 1); err != nil || got.String() != "2027-01-01" {
		t.Errorf("AddWorkdays(2026-12-31, 1) with 2027: got %v (err %v), want %v", got, err, "2027-01-01")
	}
}

// TestAgainstNaive checks the prefix-sum arithmetic against the day-by-day
// reference on random inputs, including ones that run off the calendar.
func TestAgainstNaive(t *testing.T) {
	c := Embedded()
	ref := newNaive(EmbeddedYears())
	first, last := d("2024-01-01"), d("2026-12-31")
	rng := rand.New(rand.NewPCG(20240101, 20261231))
	inRange := 0
	for range 20000 {
		from := first + Date(rng.IntN(int(last-first)+1))
		n := rng.IntN(201)
		got, err := c.AddWorkdays(from, n)
		want, ok := ref.addWorkdays(from, n)
		if !ok {
			if !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("AddWorkdays(%v, %d): got %v (err %v), want ErrOutOfRange", from, n, got, err)
			}
			continue
		}
		inRange++
		if err != nil || got != want {
			t.Fatalf("AddWorkdays(%v, %d): got %v (err %v), want %v", from, n, got, err, want)
		}
		if cnt, err := c.CountWorkdays(from+1, got); err != nil || cnt != n {
			t.Fatalf("CountWorkdays(%v, %v): got %v (err %v), want %v", from+1, got, cnt, err, n)
		}
		if n > 0 {
			if w, err := c.IsWorkday(got); err != nil || !w {
				t.Fatalf("IsWorkday(AddWorkdays(%v, %d) = %v): got %v (err %v), want %v", from, n, got, w, err, true)
			}
		}
		to := from + Date(rng.IntN(400)) - 30
		gotCnt, err := c.CountWorkdays(from, to)
		wantCnt, ok := ref.countWorkdays(from, to)
		if !ok {
			if !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("CountWorkdays(%v, %v): got %v (err %v), want ErrOutOfRange", from, to, gotCnt, err)
			}
			continue
		}
		if err != nil || gotCnt != wantCnt {
			t.Fatalf("CountWorkdays(%v, %v): got %v (err %v), want %v", from, to, gotCnt, err, wantCnt)
		}
	}
	if inRange < 10000 {
		t.Errorf("in-range samples: got %v, want at least %v", inRange, 10000)
	}
	for day := first - 3; day <= last+3; day++ {
		got, err := c.IsWorkday(day)
		want, ok := ref.isWorkday(day)
		if ok != (err == nil) || got != want {
			t.Fatalf("IsWorkday(%v): got %v (err %v), want %v (loaded %v)", day, got, err, want, ok)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := Embedded()
	done := make(chan Date)
	for range 8 {
		go func() {
			var last Date
			for i := range 1000 {
				last, _ = c.AddWorkdays(d("2025-01-01")+Date(i%500), 45)
			}
			done <- last
		}()
	}
	for range 8 {
		if got, want := <-done, mustAdd(t, c, d("2025-01-01")+499, 45); got != want {
			t.Errorf("concurrent AddWorkdays: got %v, want %v", got, want)
		}
	}
}

func mustAdd(t testing.TB, c *Calendar, from Date, n int) Date {
	t.Helper()
	got, err := c.AddWorkdays(from, n)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// benchFroms spreads start dates over 2024–2025 so a 45-day limit never
// leaves the calendar and the benchmark does not hit one cached path.
var benchFroms = func() []Date {
	var ds []Date
	for x := d("2024-01-01"); x <= d("2025-12-31"); x += 7 {
		ds = append(ds, x)
	}
	return ds
}()

var sinkDate Date
var sinkInt int

func BenchmarkAddWorkdays45(b *testing.B) {
	c := Embedded()
	i := 0
	for b.Loop() {
		r, err := c.AddWorkdays(benchFroms[i%len(benchFroms)], 45)
		if err != nil {
			b.Fatal(err)
		}
		sinkDate = r
		i++
	}
}

func BenchmarkAddWorkdaysNaive45(b *testing.B) {
	ref := newNaive(EmbeddedYears())
	i := 0
	for b.Loop() {
		r, ok := ref.addWorkdays(benchFroms[i%len(benchFroms)], 45)
		if !ok {
			b.Fatal("out of range")
		}
		sinkDate = r
		i++
	}
}

func BenchmarkCountWorkdays(b *testing.B) {
	c := Embedded()
	i := 0
	for b.Loop() {
		from := benchFroms[i%len(benchFroms)]
		n, err := c.CountWorkdays(from, from+365)
		if err != nil {
			b.Fatal(err)
		}
		sinkInt = n
		i++
	}
}
