// Package access owns who someone is in yiwang: users and their roles, the actor of a
// command, scope checks (department, hall, own cases), password hashing and session
// tokens. It knows nothing of HTTP or SQL.
package access
