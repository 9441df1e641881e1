package audit

import "context"

// Position is where an entry stands: its region's chain, and its place in that chain.
type Position struct {
	Region string
	Seq    int64
}

// Store is the storage of the audit trail, implemented by the store package.
type Store interface {
	// AppendAudit links e after the region's current head, stores it and moves the head.
	AppendAudit(ctx context.Context, e *Entry) error
	// FindAuditBySubject returns at most limit entries (0: all) about subject that
	// stand after the position after (the zero Position: from the first), in
	// (region, seq) order.
	FindAuditBySubject(ctx context.Context, subject string, after Position, limit int) ([]Entry, error)
	// VerifyAudit streams every chain through a Verifier.
	VerifyAudit(ctx context.Context) (Report, error)
}
