package workday

import "testing"

func TestProvisionalCountsWeekendsOnlyPastTheNotices(t *testing.T) {
	cal := Embedded()
	last := cal.Years()[len(cal.Years())-1]
	p := cal.Provisional(last + 1)
	if got := p.Years(); len(got) != len(cal.Years()) {
		t.Fatalf("Years() = %v, want only the official %v", got, cal.Years())
	}
	start := MakeDate(last, 12, 30)
	if _, err := cal.AddWorkdays(start, 10); err == nil {
		t.Fatal("the official calendar answered past its last year")
	}
	due, err := p.AddWorkdays(start, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Dec 31 and then January's weekdays: New Year's Day counts, as no notice says otherwise.
	want := MakeDate(last+1, 1, 1)
	for n := 1; n < 9; {
		want = want.AddDays(1)
		if wd := want.Weekday(); wd != 0 && wd != 6 {
			n++
		}
	}
	if due != want {
		t.Errorf("provisional due = %v, want %v", due, want)
	}
	if p.Official(due) || !p.Official(start) {
		t.Errorf("Official(%v) = %v, Official(%v) = %v", due, p.Official(due), start, p.Official(start))
	}
	if p2 := cal.Provisional(last + 1); p2 != p {
		t.Error("Provisional is rebuilt for the same years")
	}
}

func TestYellowFrom(t *testing.T) {
	cal := Embedded()
	tests := []struct {
		name string
		due  string
		n    int
		want string
	}{
		{name: "one day before a Monday is the Friday", due: "2026-03-09", n: 1, want: "2026-03-06"},
		{name: "zero days is the due day", due: "2026-03-09", n: 0, want: "2026-03-09"},
		{name: "two days over a weekend", due: "2026-03-10", n: 2, want: "2026-03-06"},
		{name: "over the National Day holiday", due: "2026-10-08", n: 1, want: "2026-09-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, _ := ParseDate(tt.due)
			got, err := cal.YellowFrom(due, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("YellowFrom(%s, %d) = %v, want %s", tt.due, tt.n, got, tt.want)
			}
			left, _ := cal.CountWorkdays(got.AddDays(1), due)
			leftBefore, _ := cal.CountWorkdays(got, due)
			if left > tt.n || leftBefore <= tt.n {
				t.Errorf("on %v %d working days are left, the day before %d: not where the light turns", got, left, leftBefore)
			}
		})
	}
}
