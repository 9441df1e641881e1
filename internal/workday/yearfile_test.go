package workday

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// goodYear is a small valid 2026 notice that each bad case breaks in one place.
func goodYear() YearFile {
	return YearFile{
		Year: 2026,
		Holidays: []Holiday{
			{Name: "元旦", From: d("2026-01-01"), To: d("2026-01-03")},
			{Name: "春节", From: d("2026-02-15"), To: d("2026-02-23")},
		},
		Workdays: []MakeupDay{
			{Name: "元旦调休上班", Date: d("2026-01-04")},
			{Name: "春节调休上班", Date: d("2026-02-14")},
		},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(*YearFile)
		wantField string // "" means valid
		wantMsg   string
	}{
		{name: "valid", edit: func(*YearFile) {}},
		{name: "no holidays or workdays", edit: func(y *YearFile) { y.Holidays, y.Workdays = nil, nil }},
		{name: "year too early", edit: func(y *YearFile) { y.Year = 1989 }, wantField: "year", wantMsg: "1989 is not in 1990..2200"},
		{name: "year too late", edit: func(y *YearFile) { y.Year = 2201 }, wantField: "year", wantMsg: "2201"},
		{name: "holiday name empty", edit: func(y *YearFile) { y.Holidays[1].Name = " " }, wantField: "holidays[1].name", wantMsg: "empty"},
		{name: "holiday from in other year", edit: func(y *YearFile) { y.Holidays[0].From = d("2025-12-31") }, wantField: "holidays[0].from", wantMsg: "2025-12-31 is not in year 2026"},
		{name: "holiday crosses year", edit: func(y *YearFile) { y.Holidays[1].To = d("2027-01-02") }, wantField: "holidays[1].to", wantMsg: "cross the year"},
		{name: "holiday reversed", edit: func(y *YearFile) { y.Holidays[1].To = d("2026-02-10") }, wantField: "holidays[1].to", wantMsg: "2026-02-10 is before from 2026-02-15"},
		{name: "holidays overlap", edit: func(y *YearFile) {
			y.Holidays = append(y.Holidays, Holiday{Name: "重复", From: d("2026-02-23"), To: d("2026-02-24")})
		}, wantField: "holidays[2].from", wantMsg: "overlaps holidays[1]"},
		{name: "workday name empty", edit: func(y *YearFile) { y.Workdays[0].Name = "" }, wantField: "workdays[0].name", wantMsg: "empty"},
		{name: "workday in other year", edit: func(y *YearFile) { y.Workdays[1].Date = d("2025-02-08") }, wantField: "workdays[1].date", wantMsg: "not in year 2026"},
		{name: "workday on a weekday", edit: func(y *YearFile) { y.Workdays[1].Date = d("2026-02-13") }, wantField: "workdays[1].date", wantMsg: "Friday"},
		{name: "workday inside holiday", edit: func(y *YearFile) { y.Workdays[1].Date = d("2026-02-21") }, wantField: "workdays[1].date", wantMsg: "inside holidays[1]"},
		{name: "workday listed twice", edit: func(y *YearFile) {
			y.Workdays = append(y.Workdays, MakeupDay{Name: "again", Date: d("2026-01-04")})
		}, wantField: "workdays[2].date", wantMsg: "already listed as workdays[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := goodYear()
			tt.edit(&y)
			err := y.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate: got %v, want %v", err, nil)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate: got %v, want a *FieldError for %s", err, tt.wantField)
			}
			if fe.Field != tt.wantField {
				t.Errorf("Field: got %v, want %v", fe.Field, tt.wantField)
			}
			if !strings.Contains(fe.Message, tt.wantMsg) {
				t.Errorf("Message: got %v, want one containing %v", fe.Message, tt.wantMsg)
			}
			if got, want := err.Error(), fe.Field+": "+fe.Message; got != want {
				t.Errorf("Error(): got %v, want %v", got, want)
			}
		})
	}
}

const validJSON = `{
  "year": 2026,
  "source": "test",
  "holidays": [
    {"name": "元旦", "from": "2026-01-01", "to": "2026-01-03"},
    {"name": "春节", "from": "2026-02-15", "to": "2026-02-23"},
    {"name": "清明节", "from": "2026-04-04", "to": "2026-04-06"}
  ],
  "workdays": [
    {"date": "2026-02-14", "name": "春节调休上班"}
  ]
}`

func TestParseYearFile(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantField string // for *FieldError; "-" for another error; "" for none
		wantMsg   string
	}{
		{name: "valid", in: validJSON},
		{name: "valid with trailing newline", in: validJSON + "\n"},
		{name: "bad month", in: strings.Replace(validJSON, `"to": "2026-04-06"`, `"to": "2026-13-01"`, 1),
			wantField: "holidays[2].to", wantMsg: `"2026-13-01": month 13`},
		{name: "missing date", in: strings.Replace(validJSON, `"date": "2026-02-14", `, ``, 1),
			wantField: "workdays[0].date", wantMsg: "missing"},
		{name: "validation runs", in: strings.Replace(validJSON, `"2026-02-14"`, `"2026-02-13"`, 1),
			wantField: "workdays[0].date", wantMsg: "Saturday or Sunday"},
		{name: "year as string", in: strings.Replace(validJSON, `"year": 2026`, `"year": "2026"`, 1),
			wantField: "year", wantMsg: "string"},
		{name: "unknown field", in: strings.Replace(validJSON, `"source"`, `"sorce"`, 1),
			wantField: "-", wantMsg: "sorce"},
		{name: "trailing data", in: validJSON + "{}", wantField: "-", wantMsg: "after the JSON object"},
		{name: "not json", in: "year: 2026", wantField: "-", wantMsg: "year file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, err := ParseYearFile([]byte(tt.in))
			switch tt.wantField {
			case "":
				if err != nil {
					t.Fatalf("ParseYearFile: got %v, want %v", err, nil)
				}
				if got, want := y.Holidays[1], (Holiday{Name: "春节", From: d("2026-02-15"), To: d("2026-02-23")}); got != want {
					t.Errorf("holidays[1]: got %v, want %v", got, want)
				}
				if got, want := y.Workdays[0].Date, d("2026-02-14"); got != want {
					t.Errorf("workdays[0].date: got %v, want %v", got, want)
				}
				return
			case "-":
				if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("ParseYearFile: got %v, want an error containing %q", err, tt.wantMsg)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("ParseYearFile: got %v, want a *FieldError for %s", err, tt.wantField)
			}
			if fe.Field != tt.wantField {
				t.Errorf("Field: got %v, want %v", fe.Field, tt.wantField)
			}
			if !strings.Contains(fe.Message, tt.wantMsg) {
				t.Errorf("Message: got %v, want one containing %v", fe.Message, tt.wantMsg)
			}
		})
	}
}

func TestEmbeddedDataIsValid(t *testing.T) {
	ys, err := loadEmbedded()
	if err != nil {
		t.Fatalf("embedded year files: got %v, want %v", err, nil)
	}
	var years []int
	for _, y := range ys {
		years = append(years, y.Year)
		if err := y.Validate(); err != nil {
			t.Errorf("year %d: got %v, want %v", y.Year, err, nil)
		}
	}
	if got, want := years, []int{2024, 2025, 2026}; !slices.Equal(got, want) {
		t.Errorf("embedded years: got %v, want %v", got, want)
	}
	if got, want := Embedded().Years(), []int{2024, 2025, 2026}; !slices.Equal(got, want) {
		t.Errorf("Embedded().Years(): got %v, want %v", got, want)
	}
	// Every year has 11 (2024) or 13 (from 2025) statutory days off that a
	// make-up day does not give back; a count that differs means a typo.
	for _, tt := range []struct {
		year int
		want int
	}{{2024, 251}, {2025, 248}, {2026, 248}} {
		got, err := Embedded().CountWorkdays(MakeDate(tt.year, time.January, 1), MakeDate(tt.year, time.December, 31))
		if err != nil || got != tt.want {
			t.Errorf("working days in %d: got %v (err %v), want %v", tt.year, got, err, tt.want)
		}
	}
}

func TestEmbeddedYearsAreCopies(t *testing.T) {
	ys := EmbeddedYears()
	ys[0].Holidays[0].Name = "changed"
	if got := EmbeddedYears()[0].Holidays[0].Name; got == "changed" {
		t.Errorf("EmbeddedYears after caller edit: got %v, want the original name", got)
	}
}
