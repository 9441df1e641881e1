package workday

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync/atomic"
	"time"
)

// ErrOutOfRange is returned (wrapped, check with errors.Is) when a computation
// touches a date whose year is not loaded: the calendar never guesses, because
// treating a year without its notice as plain weekdays would give due dates
// that silently change once the notice is loaded.
var ErrOutOfRange = errors.New("workday: date outside the loaded calendar")

// missingYearError names the year that must be loaded for a computation to
// succeed, which is what an operator needs to know to fix it.
type missingYearError struct{ year int }

func (e *missingYearError) Error() string {
	return fmt.Sprintf("workday: year %d is not in the calendar", e.year)
}

func (e *missingYearError) Unwrap() error { return ErrOutOfRange }

// Calendar is immutable and safe for concurrent use: it is built once from
// validated year files and then only read, so request handlers can share one
// without locks, and loading a corrected notice makes a new Calendar.
type Calendar struct {
	years map[int]YearFile
	order []int // loaded years, ascending
	runs  []run // maximal runs of consecutive loaded years, ascending
	// provisional marks the years of a Provisional calendar that no notice covers.
	provisional map[int]bool
	// extended memoises the last Provisional calendar built from this one.
	extended atomic.Pointer[Calendar]
}

// run covers consecutive loaded years [first, last] day by day. cum[i] is the
// number of working days in [start, start+i), so len(cum) is the number of
// days plus one and any range count is one subtraction.
type run struct {
	first, last int
	start, end  Date // first and last day, inclusive
	cum         []int32
}

// NewCalendar builds a calendar from year files. Each must pass Validate and a
// year may appear only once; the years need not be consecutive, but no
// computation may cross a year that is missing.
func NewCalendar(years ...YearFile) (*Calendar, error) {
	m := make(map[int]YearFile, len(years))
	for i, y := range years {
		if err := y.Validate(); err != nil {
			return nil, fmt.Errorf("workday: year file %d (years[%d]): %w", y.Year, i, err)
		}
		if _, dup := m[y.Year]; dup {
			return nil, fmt.Errorf("workday: year %d is given more than once", y.Year)
		}
		m[y.Year] = y.clone()
	}
	return build(m), nil
}

// With returns a new calendar with y added, or replacing the loaded file for
// the same year, so an administrator can load a new or corrected notice while
// computations in flight keep the calendar they started with.
func (c *Calendar) With(y YearFile) (*Calendar, error) {
	if err := y.Validate(); err != nil {
		return nil, fmt.Errorf("workday: year file %d: %w", y.Year, err)
	}
	m := make(map[int]YearFile, len(c.years)+1)
	for k, v := range c.years {
		m[k] = v
	}
	m[y.Year] = y.clone()
	return build(m), nil
}

func build(m map[int]YearFile) *Calendar {
	c := &Calendar{years: m}
	for y := range m {
		c.order = append(c.order, y)
	}
	slices.Sort(c.order)
	c.runs = buildRuns(m, c.order)
	return c
}

func buildRuns(m map[int]YearFile, years []int) []run {
	var runs []run
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && years[j+1] == years[j]+1 {
			j++
		}
		runs = append(runs, buildRun(m, years[i], years[j]))
		i = j + 1
	}
	return runs
}

// Provisional returns a calendar that also covers the years after the last loaded
// one, through year through, counting only weekends as days off. It exists for a
// hall in December: a case accepted before the State Council publishes next year's
// notice still needs a date and a light, marked provisional, and the official date
// replaces it once the notice is loaded. Years() and Official tell the two apart.
func (c *Calendar) Provisional(through int) *Calendar {
	if len(c.order) == 0 || through <= c.order[len(c.order)-1] {
		return c
	}
	if p := c.extended.Load(); p != nil && p.order[len(p.order)-1] >= through {
		return p
	}
	m := maps.Clone(c.years)
	p := &Calendar{years: c.years, provisional: map[int]bool{}}
	for y := c.order[len(c.order)-1] + 1; y <= through; y++ {
		m[y] = YearFile{Year: y}
		p.provisional[y] = true
	}
	all := slices.Sorted(maps.Keys(m))
	p.order, p.runs = all, buildRuns(m, all)
	c.extended.Store(p)
	return p
}

// Official reports whether the day d is counted by a loaded notice rather than
// provisionally.
func (c *Calendar) Official(d Date) bool {
	_, loaded := c.years[d.Year()]
	return loaded
}

func buildRun(m map[int]YearFile, first, last int) run {
	r := run{
		first: first,
		last:  last,
		start: MakeDate(first, time.January, 1),
		end:   MakeDate(last, time.December, 31),
	}
	n := int(r.end-r.start) + 1
	work := make([]bool, n)
	for i := range work {
		wd := r.start.AddDays(i).Weekday()
		work[i] = wd != time.Saturday && wd != time.Sunday
	}
	for y := first; y <= last; y++ {
		f := m[y]
		for _, h := range f.Holidays {
			for d := h.From; d <= h.To; d++ {
				work[d-r.start] = false
			}
		}
		for _, w := range f.Workdays {
			work[w.Date-r.start] = true
		}
	}
	r.cum = make([]int32, n+1)
	for i, ok := range work {
		r.cum[i+1] = r.cum[i]
		if ok {
			r.cum[i+1]++
		}
	}
	return r
}

// Years returns the loaded years in ascending order; a Provisional calendar's
// weekend-only years are not among them.
func (c *Calendar) Years() []int {
	var ys []int
	for _, y := range c.order {
		if !c.provisional[y] {
			ys = append(ys, y)
		}
	}
	return ys
}

// YellowFrom returns the first day on which at most n working days are left
// until due (the day the light turns yellow): the n-th working day before due, or
// due itself for n == 0. Counting back past the first loaded year is an error, as
// counting forward past the last one is.
func (c *Calendar) YellowFrom(due Date, n int) (Date, error) {
	r, i, err := c.locate(due)
	if err != nil {
		return 0, err
	}
	target := int(r.cum[i+1]) - n
	if target <= 0 {
		return 0, &missingYearError{year: r.first - 1}
	}
	k := sort.Search(len(r.cum), func(j int) bool { return int(r.cum[j]) >= target })
	return r.start.AddDays(k - 1), nil
}

// Year returns the loaded file for year y, so an administrator can see what a
// computation was based on. The result is a copy.
func (c *Calendar) Year(y int) (YearFile, bool) {
	f, ok := c.years[y]
	if !ok {
		return YearFile{}, false
	}
	return f.clone(), true
}

// locate finds the run holding d and d's index in it.
func (c *Calendar) locate(d Date) (*run, int, error) {
	i := sort.Search(len(c.runs), func(i int) bool { return c.runs[i].end >= d })
	if i == len(c.runs) || c.runs[i].start > d {
		return nil, 0, &missingYearError{year: d.Year()}
	}
	r := &c.runs[i]
	return r, int(d - r.start), nil
}

// IsWorkday reports whether d is a working day under the calendar (for a
// Provisional calendar, counting a year without a notice by its weekends).
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	r, i, err := c.locate(d)
	if err != nil {
		return false, err
	}
	return r.cum[i+1] > r.cum[i], nil
}

// AddWorkdays returns the n-th working day strictly after from (n >= 1); n == 0
// returns from itself. Day 1 of a limit is the first working day after
// acceptance, so a 20-day limit accepted on from is due on AddWorkdays(from, 20).
// Negative n is an error. from may be a non-working day, but its year must be
// loaded even for n == 0, so a date the calendar cannot vouch for is never
// returned as a due date.
func (c *Calendar) AddWorkdays(from Date, n int) (Date, error) {
	if n < 0 {
		return 0, fmt.Errorf("workday: negative working-day count %d", n)
	}
	r, i, err := c.locate(from)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return from, nil
	}
	done := int(r.cum[i+1]) // working days in the run up to and including from
	if n > int(r.cum[len(r.cum)-1])-done {
		return 0, &missingYearError{year: r.last + 1}
	}
	target := done + n
	// The due day is the one whose prefix first reaches target: cum[k] counts
	// days before index k, so the day itself is at index k-1.
	lo := i + 2
	k := lo + sort.Search(len(r.cum)-lo, func(j int) bool { return int(r.cum[lo+j]) >= target })
	return r.start.AddDays(k - 1), nil
}

// CountWorkdays counts working days in [from, to], both ends inclusive; 0 if
// to < from (an empty range needs no calendar, so it is not an error). Both
// ends and every year between them must be loaded.
func (c *Calendar) CountWorkdays(from, to Date) (int, error) {
	if to < from {
		return 0, nil
	}
	r, i, err := c.locate(from)
	if err != nil {
		return 0, err
	}
	if to > r.end {
		return 0, &missingYearError{year: r.last + 1}
	}
	return int(r.cum[int(to-r.start)+1] - r.cum[i]), nil
}
