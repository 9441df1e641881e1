// Package apperr owns the one error type of yiwang: a closed set of kinds that the
// HTTP layer maps to statuses in one table, a stable machine code, and the field
// that a user must fix.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error for callers that must react to it (the HTTP status).
type Kind int

// The kinds. Unknown errors are Internal.
const (
	Internal Kind = iota
	// Malformed: the request itself cannot be read (bad JSON, wrong types).
	Malformed
	// Invalid: the request was read, but a field's value breaks a rule.
	Invalid
	NotFound
	Conflict
	Forbidden
	Unauthenticated
	TooLarge
	Unavailable
	// Throttled: too many attempts from one client or at one account; RetryAfter
	// says when the next one may come.
	Throttled
)

// Error is an error meant to reach a user: Code is stable for programs, Message is
// Chinese text for people, Field names the input to fix.
type Error struct {
	Kind    Kind
	Code    string
	Field   string
	Message string
	Err     error
	// RetryAfter is, for a Throttled error, how long the client must wait.
	RetryAfter time.Duration
	// Fields are, for an Invalid error about several inputs at once (a form),
	// one error per input to fix; Field and Message are then the first of them.
	Fields []*Error
}

func (e *Error) Error() string {
	s := e.Code
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a machine code and a message.
func New(k Kind, code, msg string) *Error { return &Error{Kind: k, Code: code, Message: msg} }

// Invalidf returns a validation error naming field, with code "invalid".
func Invalidf(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Code: "invalid", Field: field, Message: fmt.Sprintf(format, args...)}
}

// BadParameterf returns the error for a query parameter that cannot be read as its
// type (a 400 naming it, code bad_parameter), as a bad field of a body is.
func BadParameterf(name, format string, args ...any) *Error {
	return &Error{Kind: Malformed, Code: "bad_parameter", Field: name, Message: fmt.Sprintf(format, args...)}
}

// InvalidFields returns one error for several invalid inputs, so that a person
// fixes them all at once: code invalid_fields, the first one's field, and a message
// counting them. errs must not be empty.
func InvalidFields(errs []*Error) *Error {
	return &Error{Kind: Invalid, Code: "invalid_fields", Field: errs[0].Field,
		Message: fmt.Sprintf("有%d项需要修改：%s", len(errs), errs[0].Message), Fields: errs}
}

// Required returns the error for a missing required field. The message names no
// field: a person reads it beside the input, a program reads Field.
func Required(field string) *Error {
	return &Error{Kind: Invalid, Code: "required", Field: field, Message: "此项必须填写"}
}

// NotFoundf returns a not-found error.
func NotFoundf(format string, args ...any) *Error {
	return &Error{Kind: NotFound, Code: "not_found", Message: fmt.Sprintf(format, args...)}
}

// Forbiddenf returns an authorization error.
func Forbiddenf(format string, args ...any) *Error {
	return &Error{Kind: Forbidden, Code: "forbidden", Message: fmt.Sprintf(format, args...)}
}

// Conflictf returns a conflict error with the given code.
func Conflictf(code, format string, args ...any) *Error {
	return &Error{Kind: Conflict, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Throttledf returns the error for an attempt refused by a limit, to be tried again
// after wait; the message ends with when, in words.
func Throttledf(wait time.Duration, format string, args ...any) *Error {
	return &Error{Kind: Throttled, Code: "too_many_requests", RetryAfter: wait,
		Message: fmt.Sprintf(format, args...) + "，请" + waitWords(wait) + "后再试"}
}

// waitWords says wait as a person would: seconds under a minute, else minutes,
// rounded up so that the client who waits as told is let in.
func waitWords(wait time.Duration) string {
	if wait < time.Minute {
		return fmt.Sprintf("%d秒", int((wait+time.Second-1)/time.Second))
	}
	return fmt.Sprintf("%d分钟", int((wait+time.Minute-1)/time.Minute))
}

// WithField returns a copy of e naming field.
func (e *Error) WithField(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// As returns the *Error in err's chain, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// KindOf returns the kind of err; Internal for errors that are not *Error.
func KindOf(err error) Kind {
	if e := As(err); e != nil {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error with the given code.
func Is(err error, code string) bool {
	e := As(err)
	return e != nil && e.Code == code
}

// Wrap adds context to *errp, keeping its kind. Use as
// `defer apperr.Wrap(&err, "store.FindCase(%s)", number)`.
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
