// Package casework owns the case lifecycle of DESIGN.md: the states, which action is
// legal in which state and by whom, the one-time correction notice, acceptance with
// gaps, tasks, decisions, suspensions, extensions, the two deadlines and their
// lights, and Art. 32 deemed acceptance. Every rule of the lifecycle is here; the
// app package only loads, calls and saves. It knows nothing of HTTP or SQL.
package casework
