package web

import (
	"net/http"

	"yiwang/internal/paging"
)

// pageRequest reads a list's limit and cursor query parameters; a bad one is a 400
// naming it.
func pageRequest(r *http.Request) (paging.Request, error) {
	q := r.URL.Query()
	return paging.Parse(q.Get("limit"), q.Get("cursor"))
}

// writePage answers one page of a list: its rows under key, has_more, and the
// cursor of the next page (next_cursor) only when there is one.
func writePage[T any](w http.ResponseWriter, key string, p paging.Page[T]) {
	body := map[string]any{key: p.Rows, "has_more": p.More}
	if p.More {
		body["next_cursor"] = p.Next
	}
	writeJSON(w, http.StatusOK, body)
}
