package web

import (
	"errors"
	"io"
	"net/http"

	"yiwang/internal/apperr"
	"yiwang/internal/workday"
)

func (s *Server) calendarDue(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, err := paramDate(q, "from")
	if err != nil {
		return err
	}
	days, given, err := paramInt(q, "days")
	if err != nil {
		return err
	}
	if !given {
		return apperr.Required("days")
	}
	due, err := s.svc.Due(from, days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "days": days, "due": due})
	return nil
}

func (s *Server) calendarWorkingDays(w http.ResponseWriter, r *http.Request) error {
	from, err := paramDate(r.URL.Query(), "from")
	if err != nil {
		return err
	}
	to, err := paramDate(r.URL.Query(), "to")
	if err != nil {
		return err
	}
	n, err := s.svc.WorkingDays(from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "working_days": n})
	return nil
}

func (s *Server) calendarYears(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"years": s.svc.CalendarYears()})
	return nil
}

func (s *Server) loadCalendarYear(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		return &apperr.Error{Kind: apperr.TooLarge, Code: "too_large", Message: "请求体过大"}
	}
	y, err := workday.ParseYearFile(body)
	var fe *workday.FieldError
	switch {
	case errors.As(err, &fe):
		return apperr.Invalidf(fe.Field, "%s", fe.Message)
	case err != nil:
		return &apperr.Error{Kind: apperr.Malformed, Code: "bad_json", Message: "节假日安排须为有效的JSON：" + err.Error()}
	}
	if err := s.svc.LoadCalendarYear(r.Context(), y); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, y)
	return nil
}
