package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"yiwang/internal/apperr"
	"yiwang/internal/workday"
)

// Query parameters are read the way decode reads a body: a value that cannot be
// read as its parameter's type (not a number, not a date, not one of the names the
// parameter takes) is Malformed, a 400 naming the parameter, code bad_parameter as
// in internal/paging; a missing required one is the Required error of a body field.
// Rules about readable values (a date out of the calendar) stay with app.

// paramInt reads an integer parameter; ok is false when it is absent.
func paramInt(q url.Values, name string) (n int, ok bool, err error) {
	v := q.Get(name)
	if v == "" {
		return 0, false, nil
	}
	n, err = strconv.Atoi(v)
	if err != nil {
		return 0, false, apperr.BadParameterf(name, "%s 须为整数", name)
	}
	return n, true, nil
}

// paramDate reads a required YYYY-MM-DD parameter.
func paramDate(q url.Values, name string) (workday.Date, error) {
	v := q.Get(name)
	if v == "" {
		return 0, apperr.Required(name)
	}
	d, err := workday.ParseDate(v)
	if err != nil {
		return 0, apperr.BadParameterf(name, "%s 须为 YYYY-MM-DD 格式的日期：%v", name, err)
	}
	return d, nil
}

// paramOneOf reads a parameter that takes one of allowed; "" when it is absent.
func paramOneOf[T ~string](q url.Values, name string, allowed []T) (T, error) {
	v := q.Get(name)
	if v == "" {
		return "", nil
	}
	if !slices.Contains(allowed, T(v)) {
		return "", apperr.BadParameterf(name, "%s 须为 %s 之一，不能为 %q", name, names(allowed), v)
	}
	return T(v), nil
}

// paramList reads a comma-separated parameter whose every element is one of allowed.
func paramList[T ~string](q url.Values, name string, allowed []T) ([]T, error) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	var out []T
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if !slices.Contains(allowed, T(s)) {
			return nil, apperr.BadParameterf(name, "%s 须为 %s 中的一个或多个（逗号分隔），不能含 %q", name, names(allowed), s)
		}
		out = append(out, T(s))
	}
	return out, nil
}

func names[T ~string](ts []T) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, "、")
}
