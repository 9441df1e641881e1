package store

// violation is the constraint a failed statement broke.
type violation int

const (
	noViolation violation = iota
	// uniqueViolation is a UNIQUE or PRIMARY KEY constraint: the row exists.
	uniqueViolation
	// foreignKeyViolation is a reference to a row that does not exist.
	foreignKeyViolation
)

// violationOf classifies err by the engine's error code, never by its message,
// which differs between engines, versions and locales. Each engine's file knows its
// own error type; an error of neither is no violation.
func violationOf(err error) violation {
	if err == nil {
		return noViolation
	}
	return sqliteViolation(err)
}
