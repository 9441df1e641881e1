package workday

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Years outside this span are almost certainly typing mistakes in a notice.
const (
	minYear = 1990
	maxYear = 2200
)

// YearFile is one year's official notice as data. Keeping each year in its own
// file lets an administrator load next year's notice, or correct this year's,
// without a new release.
type YearFile struct {
	Year     int         `json:"year"`
	Source   string      `json:"source,omitempty"`
	Note     string      `json:"note,omitempty"`
	Holidays []Holiday   `json:"holidays"`
	Workdays []MakeupDay `json:"workdays"`
}

// Holiday is an inclusive range of days off as the notice states it; weekend
// days inside the range are included so the file reads like the notice.
type Holiday struct {
	Name string `json:"name"`
	From Date   `json:"from"`
	To   Date   `json:"to"`
}

// MakeupDay is a Saturday or Sunday that the notice turns into a working day
// (调休上班); without it a limit would end a day late around long holidays.
type MakeupDay struct {
	Name string `json:"name"`
	Date Date   `json:"date"`
}

// FieldError reports which entry of a year file is wrong, so the HTTP layer can
// point the administrator at the field to fix.
type FieldError struct {
	Field   string // e.g. "holidays[2].to"
	Message string
}

// Error returns "field: message".
func (e *FieldError) Error() string {
	return e.Field + ": " + e.Message
}

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// rawYearFile keeps dates as strings so that a malformed date is reported
// with the entry it sits in; decoding straight into Date would lose the path.
type rawYearFile struct {
	Year     int    `json:"year"`
	Source   string `json:"source"`
	Note     string `json:"note"`
	Holidays []struct {
		Name string `json:"name"`
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"holidays"`
	Workdays []struct {
		Name string `json:"name"`
		Date string `json:"date"`
	} `json:"workdays"`
}

// ParseYearFile decodes a year file strictly (unknown fields and trailing data
// are errors, since they mean the file is not what the author thinks it is)
// and validates it. Errors that locate an entry are *FieldError.
func ParseYearFile(data []byte) (YearFile, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var raw rawYearFile
	if err := dec.Decode(&raw); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return YearFile{}, fieldErr(te.Field, "cannot use JSON %s as %s", te.Value, te.Type)
		}
		return YearFile{}, fmt.Errorf("workday: year file: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return YearFile{}, errors.New("workday: year file: unexpected data after the JSON object")
	}

	y := YearFile{Year: raw.Year, Source: raw.Source, Note: raw.Note}
	if raw.Holidays != nil {
		y.Holidays = make([]Holiday, len(raw.Holidays))
	}
	for i, h := range raw.Holidays {
		from, err := parseField(fmt.Sprintf("holidays[%d].from", i), h.From)
		if err != nil {
			return YearFile{}, err
		}
		to, err := parseField(fmt.Sprintf("holidays[%d].to", i), h.To)
		if err != nil {
			return YearFile{}, err
		}
		y.Holidays[i] = Holiday{Name: h.Name, From: from, To: to}
	}
	if raw.Workdays != nil {
		y.Workdays = make([]MakeupDay, len(raw.Workdays))
	}
	for i, w := range raw.Workdays {
		d, err := parseField(fmt.Sprintf("workdays[%d].date", i), w.Date)
		if err != nil {
			return YearFile{}, err
		}
		y.Workdays[i] = MakeupDay{Name: w.Name, Date: d}
	}
	if err := y.Validate(); err != nil {
		return YearFile{}, err
	}
	return y, nil
}

func parseField(field, s string) (Date, error) {
	if s == "" {
		return 0, fieldErr(field, "missing date")
	}
	d, msg := parseDate(s)
	if msg != "" {
		return 0, &FieldError{Field: field, Message: msg}
	}
	return d, nil
}

// Validate checks the rules a notice always obeys, so that a typo in a file
// is rejected when it is loaded rather than silently moving due dates: the
// year is plausible; every holiday range is named, ordered, inside the year
// (a range may not cross into the next year: split it) and overlaps no other;
// every make-up day is named, inside the year, a Saturday or Sunday, listed
// once and outside every holiday range. The error is a *FieldError.
func (y YearFile) Validate() error {
	if y.Year < minYear || y.Year > maxYear {
		return fieldErr("year", "%d is not in %d..%d", y.Year, minYear, maxYear)
	}
	first, last := MakeDate(y.Year, time.January, 1), MakeDate(y.Year, time.December, 31)
	inYear := func(d Date) bool { return d >= first && d <= last }

	for i, h := range y.Holidays {
		f := fmt.Sprintf("holidays[%d]", i)
		if strings.TrimSpace(h.Name) == "" {
			return fieldErr(f+".name", "must not be empty")
		}
		if !inYear(h.From) {
			return fieldErr(f+".from", "%s is not in year %d", h.From, y.Year)
		}
		if !inYear(h.To) {
			return fieldErr(f+".to", "%s is not in year %d (a range may not cross the year; split it)", h.To, y.Year)
		}
		if h.To < h.From {
			return fieldErr(f+".to", "%s is before from %s", h.To, h.From)
		}
		for j, o := range y.Holidays[:i] {
			if h.From <= o.To && o.From <= h.To {
				return fieldErr(f+".from", "range %s..%s overlaps holidays[%d] (%s %s..%s)",
					h.From, h.To, j, o.Name, o.From, o.To)
			}
		}
	}

	for i, w := range y.Workdays {
		f := fmt.Sprintf("workdays[%d]", i)
		if strings.TrimSpace(w.Name) == "" {
			return fieldErr(f+".name", "must not be empty")
		}
		if !inYear(w.Date) {
			return fieldErr(f+".date", "%s is not in year %d", w.Date, y.Year)
		}
		if wd := w.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return fieldErr(f+".date", "%s is a %s; a make-up working day must be a Saturday or Sunday", w.Date, wd)
		}
		for j, h := range y.Holidays {
			if w.Date >= h.From && w.Date <= h.To {
				return fieldErr(f+".date", "%s is inside holidays[%d] (%s %s..%s)", w.Date, j, h.Name, h.From, h.To)
			}
		}
		for j, o := range y.Workdays[:i] {
			if o.Date == w.Date {
				return fieldErr(f+".date", "%s is already listed as workdays[%d]", w.Date, j)
			}
		}
	}
	return nil
}

// clone copies the slices so a Calendar's data cannot be changed through a
// YearFile handed in or out.
func (y YearFile) clone() YearFile {
	if y.Holidays != nil {
		y.Holidays = append([]Holiday(nil), y.Holidays...)
	}
	if y.Workdays != nil {
		y.Workdays = append([]MakeupDay(nil), y.Workdays...)
	}
	return y
}
