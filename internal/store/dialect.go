package store

import (
	"strconv"
	"strings"
)

// dialect is the SQL an engine speaks where the engines differ in the shared
// subset the store's queries are written in. Queries are written once, with ?
// placeholders, and rebound for the engine at the one place every query passes
// through (stmt.go); SQL that differs more lives in *_sqlite.go / *_postgres.go.
type dialect int

const (
	sqliteDialect dialect = iota
	// postgresDialect numbers its placeholders: $1, $2, …
	postgresDialect
)

// rebind returns q with its placeholders in the dialect's style. SQLite takes ?
// as written, so it costs nothing there.
func (d dialect) rebind(q string) string {
	if d != postgresDialect || !strings.Contains(q, "?") {
		return q
	}
	return numberPlaceholders(q)
}

// numberPlaceholders replaces each ? that is a placeholder with $1, $2, … in order.
// A ? inside a string literal, a quoted identifier or a comment is text and stays.
// The store writes no E'…' escape strings or $$-quoted bodies, so those are not
// recognised.
func numberPlaceholders(q string) string {
	// past returns the index just after the first close at or after from, or the
	// end of q for an unterminated literal or comment.
	past := func(from int, close string) int {
		if j := strings.Index(q[from:], close); j >= 0 {
			return from + j + len(close)
		}
		return len(q)
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		var end int
		switch c := q[i]; {
		case c == '\'' || c == '"':
			// A doubled quote inside ('it''s') closes and reopens the literal:
			// copied unchanged all the same.
			end = past(i+1, string(c))
		case strings.HasPrefix(q[i:], "--"):
			end = past(i+2, "\n")
		case strings.HasPrefix(q[i:], "/*"):
			end = past(i+2, "*/")
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		default:
			b.WriteByte(c)
			continue
		}
		b.WriteString(q[i:end])
		i = end - 1
	}
	return b.String()
}
