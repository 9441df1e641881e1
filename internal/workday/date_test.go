package workday

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Date
		wantErr string // substring; "" means no error
	}{
		{name: "ordinary", in: "2026-02-14", want: MakeDate(2026, time.February, 14)},
		{name: "epoch", in: "1970-01-01", want: 0},
		{name: "before epoch", in: "1969-12-31", want: -1},
		{name: "leap day", in: "2024-02-29", want: MakeDate(2024, time.February, 29)},
		{name: "not a leap year", in: "2025-02-29", wantErr: "day 29 is not in 1..28"},
		{name: "month 13", in: "2026-13-01", wantErr: "month 13 is not in 1..12"},
		{name: "month 0", in: "2026-00-10", wantErr: "month 0"},
		{name: "day 0", in: "2026-01-00", wantErr: "day 0"},
		{name: "day 31 in april", in: "2026-04-31", wantErr: "day 31 is not in 1..30"},
		{name: "single digit month", in: "2026-2-14", wantErr: "want YYYY-MM-DD"},
		{name: "compact", in: "20260214", wantErr: "want YYYY-MM-DD"},
		{name: "slashes", in: "2026/02/14", wantErr: "want YYYY-MM-DD"},
		{name: "leading space", in: " 2026-02-14", wantErr: "want YYYY-MM-DD"},
		{name: "with time", in: "2026-02-14T00:00:00", wantErr: "want YYYY-MM-DD"},
		{name: "sign", in: "+026-02-14", wantErr: "digits only"},
		{name: "letters", in: "2026-0a-14", wantErr: "digits only"},
		{name: "empty", in: "", wantErr: "want YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDate(%q) error: got %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q): got error %v, want %v", tt.in, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q): got %v, want %v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("String(): got %v, want %v", s, tt.in)
			}
		})
	}
}

func TestDateOf(t *testing.T) {
	minus5 := time.FixedZone("minus5", -5*3600)
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{name: "utc just before beijing midnight", t: time.Date(2026, 2, 13, 15, 59, 59, 0, time.UTC), want: "2026-02-13"},
		{name: "utc at beijing midnight", t: time.Date(2026, 2, 13, 16, 0, 0, 0, time.UTC), want: "2026-02-14"},
		{name: "beijing zone", t: time.Date(2026, 2, 14, 0, 0, 0, 0, Beijing), want: "2026-02-14"},
		{name: "other zone", t: time.Date(2025, 12, 31, 11, 30, 0, 0, minus5), want: "2026-01-01"},
		{name: "before epoch", t: time.Date(1969, 12, 31, 23, 0, 0, 0, Beijing), want: "1969-12-31"},
		{name: "epoch in beijing", t: time.Date(1970, 1, 1, 0, 0, 0, 0, Beijing), want: "1970-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DateOf(tt.t).String(); got != tt.want {
				t.Errorf("DateOf(%v): got %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

func TestDateParts(t *testing.T) {
	tests := []struct {
		name        string
		d           Date
		wantString  string
		wantYear    int
		wantWeekday time.Weekday
	}{
		{name: "epoch", d: 0, wantString: "1970-01-01", wantYear: 1970, wantWeekday: time.Thursday},
		{name: "before epoch", d: -1, wantString: "1969-12-31", wantYear: 1969, wantWeekday: time.Wednesday},
		{name: "week before epoch", d: -7, wantString: "1969-12-25", wantYear: 1969, wantWeekday: time.Thursday},
		{name: "make-up saturday", d: MakeDate(2026, time.February, 14), wantString: "2026-02-14", wantYear: 2026, wantWeekday: time.Saturday},
		{name: "make-up sunday", d: MakeDate(2025, time.September, 28), wantString: "2025-09-28", wantYear: 2025, wantWeekday: time.Sunday},
		{name: "normalized", d: MakeDate(2026, time.February, 30), wantString: "2026-03-02", wantYear: 2026, wantWeekday: time.Monday},
		{name: "new year's eve", d: MakeDate(2025, time.December, 31), wantString: "2025-12-31", wantYear: 2025, wantWeekday: time.Wednesday},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.wantString {
				t.Errorf("String: got %v, want %v", got, tt.wantString)
			}
			if got := tt.d.Year(); got != tt.wantYear {
				t.Errorf("Year: got %v, want %v", got, tt.wantYear)
			}
			if got := tt.d.Weekday(); got != tt.wantWeekday {
				t.Errorf("Weekday: got %v, want %v", got, tt.wantWeekday)
			}
			if got := tt.d.Time().Weekday(); got != tt.wantWeekday {
				t.Errorf("Time().Weekday: got %v, want %v", got, tt.wantWeekday)
			}
			tm := tt.d.Time()
			if got, want := tm.Format("2006-01-02 15:04:05 -0700"), tt.wantString+" 00:00:00 +0800"; got != want {
				t.Errorf("Time: got %v, want %v", got, want)
			}
			if got := DateOf(tm); got != tt.d {
				t.Errorf("DateOf(Time()): got %v, want %v", got, tt.d)
			}
		})
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		n    int
		want string
	}{
		{name: "across year", d: MakeDate(2025, time.December, 31), n: 1, want: "2026-01-01"},
		{name: "leap february", d: MakeDate(2024, time.February, 28), n: 1, want: "2024-02-29"},
		{name: "backwards", d: MakeDate(2026, time.March, 1), n: -1, want: "2026-02-28"},
		{name: "zero", d: MakeDate(2026, time.March, 1), n: 0, want: "2026-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.AddDays(tt.n).String(); got != tt.want {
				t.Errorf("%v.AddDays(%d): got %v, want %v", tt.d, tt.n, got, tt.want)
			}
		})
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Due Date `json:"due"`
	}
	b, err := json.Marshal(doc{Due: MakeDate(2026, time.February, 24)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"due":"2026-02-24"}`; got != want {
		t.Errorf("Marshal: got %v, want %v", got, want)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got, want := back.Due, MakeDate(2026, time.February, 24); got != want {
		t.Errorf("Unmarshal: got %v, want %v", got, want)
	}
	if err := json.Unmarshal([]byte(`{"due":"2026-02-30"}`), &back); err == nil {
		t.Errorf("Unmarshal of 2026-02-30: got nil error, want one")
	}
	if _, err := json.Marshal(doc{Due: MakeDate(10000, time.January, 1)}); err == nil {
		t.Errorf("Marshal of year 10000: got nil error, want one")
	}
}
