package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/civicid"
)

// statusByKind is the one table from error kind to HTTP status.
var statusByKind = map[apperr.Kind]int{
	apperr.Internal:        http.StatusInternalServerError,
	apperr.Malformed:       http.StatusBadRequest,
	apperr.Invalid:         http.StatusUnprocessableEntity,
	apperr.NotFound:        http.StatusNotFound,
	apperr.Conflict:        http.StatusConflict,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.Unauthenticated: http.StatusUnauthorized,
	apperr.TooLarge:        http.StatusRequestEntityTooLarge,
	apperr.Unavailable:     http.StatusServiceUnavailable,
	apperr.Throttled:       http.StatusTooManyRequests,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	Field     string       `json:"field,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	Fields    []fieldError `json:"fields,omitempty"`
}

// fieldError is one of several inputs to fix (apperr.Error.Fields).
type fieldError struct {
	Code    string `json:"code"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// writeError answers with the JSON error of err, its status from statusByKind.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := publicError(r, log, err)
	writeErrorStatus(w, r, statusByKind[e.Kind], e)
}

// writeErrorStatus answers with e as JSON under status. Only the router's own
// answers (405) choose a status outside statusByKind.
func writeErrorStatus(w http.ResponseWriter, r *http.Request, status int, e *apperr.Error) {
	setRetryAfter(w, e)
	d := errorDetail{Code: e.Code, Message: e.Message, Field: e.Field, RequestID: requestID(r.Context())}
	for _, f := range e.Fields {
		d.Fields = append(d.Fields, fieldError{Code: f.Code, Field: f.Field, Message: f.Message})
	}
	writeJSON(w, status, errorBody{d})
}

// publicError returns what a user may be told of err. Internal errors are logged in
// full and shown only as 内部错误 with the request ID to quote; unavailable ones are
// logged with their cause. The API and the pages both answer through it.
func publicError(r *http.Request, log *slog.Logger, err error) *apperr.Error {
	e := apperr.As(err)
	if e != nil && e.Kind == apperr.Unavailable {
		// The user hears only that it is unavailable; operators need the cause.
		log.Warn("unavailable", "request_id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path,
			"err", civicid.MaskIDsInText(err.Error()))
	}
	if e != nil && e.Kind != apperr.Internal {
		return e
	}
	id := requestID(r.Context())
	level := slog.LevelError
	if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		// The client went away (or its deadline passed) mid-request: nothing failed
		// that an operator must look at, and nobody reads the answer.
		level = slog.LevelDebug
	}
	log.Log(r.Context(), level, "internal error", "request_id", id, "method", r.Method, "path", r.URL.Path,
		"err", civicid.MaskIDsInText(err.Error()))
	return &apperr.Error{Kind: apperr.Internal, Code: "internal", Message: "内部错误，请稍后重试（请求编号 " + id + "）"}
}

// setRetryAfter tells the client of a throttled attempt how many seconds to wait
// (RFC 9110 §10.2.3), rounded up, so that one that waits as told is let in.
func setRetryAfter(w http.ResponseWriter, e *apperr.Error) {
	if e.Kind == apperr.Throttled && e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((e.RetryAfter+time.Second-1)/time.Second), 10))
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client has gone if this fails; nothing left to tell it
}

// maxJSONBody bounds a JSON request; a whole catalog import is the largest.
const maxJSONBody = 8 << 20

// errEmptyBody is decode's answer to a request without a body.
var errEmptyBody = &apperr.Error{Kind: apperr.Malformed, Code: "bad_json", Message: "请求体为空，须为JSON"}

// decode reads a JSON request body into v, strictly: unknown fields and trailing
// data are errors, and every error names the field where it can.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		return nil
	}
	var (
		syntax  *json.SyntaxError
		typeErr *json.UnmarshalTypeError
		tooBig  *http.MaxBytesError
	)
	malformed := func(code, field, msg string) error {
		return &apperr.Error{Kind: apperr.Malformed, Code: code, Field: field, Message: msg}
	}
	switch {
	case errors.Is(err, io.EOF):
		return errEmptyBody
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("bad_json", "", "请求体不是有效的JSON")
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return malformed("bad_json", "", "请求体须为JSON对象")
	case errors.As(err, &typeErr):
		return malformed("bad_json", typeErr.Field, fmt.Sprintf("字段 %s 的类型应为 %s", typeErr.Field, jsonType(typeErr.Type.Kind())))
	case errors.As(err, &tooBig):
		return &apperr.Error{Kind: apperr.TooLarge, Code: "too_large", Message: "请求体过大"}
	}
	var unknown string
	if _, scanErr := fmt.Sscanf(err.Error(), "json: unknown field %q", &unknown); scanErr == nil {
		return malformed("unknown_field", unknown, "未知字段 "+unknown)
	}
	// Errors from a field's own UnmarshalText (a bad date) land here.
	return malformed("bad_json", "", "请求内容有误："+err.Error())
}

// jsonType names a Go kind as the JSON type a client should send.
func jsonType(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "布尔值"
	case reflect.Slice, reflect.Array:
		return "数组"
	case reflect.Map, reflect.Struct:
		return "对象"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "数字"
	}
	return "其他类型"
}
