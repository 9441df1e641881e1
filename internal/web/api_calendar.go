package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"yiwang/internal/apperr"
	"yiwang/internal/workday"
)

func queryDate(r *http.Request, name string) (workday.Date, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, apperr.Required(name)
	}
	d, err := workday.ParseDate(v)
	if err != nil {
		return 0, apperr.Invalidf(name, "日期格式须为 YYYY-MM-DD：%v", err)
	}
	return d, nil
}

func (s *Server) calendarDue(w http.ResponseWriter, r *http.Request) error {
	from, err := queryDate(r, "from")
	if err != nil {
		return err
	}
	v := r.URL.Query().Get("days")
	if v == "" {
		return apperr.Required("days")
	}
	days, err := strconv.Atoi(v)
	if err != nil {
		return apperr.Invalidf("days", "天数须为整数")
	}
	due, err := s.svc.Due(from, days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "days": days, "due": due})
	return nil
}

func (s *Server) calendarWorkingDays(w http.ResponseWriter, r *http.Request) error {
	from, err := queryDate(r, "from")
	if err != nil {
		return err
	}
	to, err := queryDate(r, "to")
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
