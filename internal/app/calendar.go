package app

import (
	"context"
	"errors"
	"strconv"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/workday"
)

// Due returns the day a limit of days working days counted from from ends.
func (s *Service) Due(from workday.Date, days int) (workday.Date, error) {
	if days < 0 || days > 3650 {
		return 0, apperr.Invalidf("days", "天数须在0-3650之间")
	}
	d, err := s.Calendar().AddWorkdays(from, days)
	return d, calendarErr(err)
}

// WorkingDays counts working days in [from, to].
func (s *Service) WorkingDays(from, to workday.Date) (int, error) {
	n, err := s.Calendar().CountWorkdays(from, to)
	return n, calendarErr(err)
}

// calendarErr turns "year not loaded" into an error the user can act on: the
// calendar never guesses a year it does not know.
func calendarErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, workday.ErrOutOfRange) {
		return &apperr.Error{Kind: apperr.Invalid, Code: "calendar_out_of_range",
			Message: "日期超出已加载的节假日日历范围，请管理员先加载该年度的国务院节假日安排：" + err.Error(), Err: err}
	}
	return err
}

// CalendarYears returns the years in force.
func (s *Service) CalendarYears() []workday.YearFile {
	cal := s.Calendar()
	var ys []workday.YearFile
	for _, y := range cal.Years() {
		f, _ := cal.Year(y)
		ys = append(ys, f)
	}
	return ys
}

// LoadCalendarYear stores an official notice for one year, replacing that year.
func (s *Service) LoadCalendarYear(ctx context.Context, y workday.YearFile) error {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return err
	}
	if err := y.Validate(); err != nil {
		return yearFileErr(err)
	}
	if _, err := s.Calendar().With(y); err != nil {
		return yearFileErr(err)
	}
	now := s.Now()
	before, _ := s.Calendar().Year(y.Year)
	err = s.db.Update(ctx, func(tx Tx) error {
		if err := tx.SaveCalendarYear(ctx, y, a.Username, now); err != nil {
			return err
		}
		return record(ctx, tx, a, now, event{region: s.cfg.Region, action: "calendar.load_year",
			subject: "calendar/" + strconv.Itoa(y.Year), before: snapshot(before), after: snapshot(y)})
	})
	if err != nil {
		return err
	}
	return s.ReloadCalendar(ctx)
}

func yearFileErr(err error) error {
	var fe *workday.FieldError
	if errors.As(err, &fe) {
		return apperr.Invalidf(fe.Field, "%s", fe.Message)
	}
	return apperr.Invalidf("", "%s", err.Error())
}
