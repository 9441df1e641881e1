package audit

import "context"

// Store is the storage of the audit trail, implemented by the store package.
type Store interface {
	// AppendAudit links e after the region's current head, stores it and moves the head.
	AppendAudit(ctx context.Context, e *Entry) error
	// FindAuditBySubject returns the entries about subject in order.
	FindAuditBySubject(ctx context.Context, subject string) ([]Entry, error)
	// VerifyAudit streams every chain through a Verifier.
	VerifyAudit(ctx context.Context) (Report, error)
}
