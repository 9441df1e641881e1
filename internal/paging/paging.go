// Package paging owns how every list of the API is cut into pages: a limit applied
// after every filter, a stable order ending in a unique key, and an opaque cursor
// that names the last row a client has seen. A list says whether there is more,
// and never cuts silently.
package paging

import (
	"encoding/base64"
	"encoding/json"
	"strconv"

	"yiwang/internal/apperr"
)

// DefaultLimit is the page size when a client names none; MaxLimit the largest it may ask for.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Request is what a client asks of a list: at most Limit rows after Cursor.
type Request struct {
	Limit  int
	Cursor string
}

// Parse reads the limit and cursor query parameters. A bad value is a Malformed
// error naming the parameter, like a bad field of a body.
func Parse(limit, cursor string) (Request, error) {
	r := Request{Limit: DefaultLimit, Cursor: cursor}
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil || n < 1 || n > MaxLimit {
			return r, apperr.BadParameterf("limit", "limit 须为 1 到 %d 之间的整数", MaxLimit)
		}
		r.Limit = n
	}
	return r, nil
}

// Size returns the page size to use: Limit, or DefaultLimit when unset, never above MaxLimit.
func (r Request) Size() int {
	switch {
	case r.Limit <= 0:
		return DefaultLimit
	case r.Limit > MaxLimit:
		return MaxLimit
	}
	return r.Limit
}

// Decode reads the cursor into key (the sort key of the last row seen). It reports
// false for an empty cursor: the list starts at its beginning.
func (r Request) Decode(key any) (bool, error) {
	if r.Cursor == "" {
		return false, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(r.Cursor)
	if err == nil {
		err = json.Unmarshal(b, key)
	}
	if err != nil {
		return false, apperr.BadParameterf("cursor", "cursor 无效：请使用上一页返回的 next_cursor")
	}
	return true, nil
}

// Encode returns the cursor that names key, the sort key of a page's last row.
func Encode(key any) string {
	b, err := json.Marshal(key)
	if err != nil {
		panic("paging: cursor key does not encode: " + err.Error()) // keys are plain structs
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Page is one page of a list. Rows has at most the limit asked for; More says
// whether rows follow, and Next is then the cursor to ask for them.
type Page[T any] struct {
	Rows []T
	Next string
	More bool
}

// Cut turns the rows a query fetched (it asks for one more than the limit, so it
// knows whether more follow) into a page, with key giving a row's sort key.
func Cut[T any](rows []T, r Request, key func(T) any) Page[T] {
	n := r.Size()
	p := Page[T]{Rows: rows}
	if p.Rows == nil {
		p.Rows = []T{}
	}
	if len(rows) > n {
		p.Rows, p.More = rows[:n], true
		p.Next = Encode(key(rows[n-1]))
	}
	return p
}
