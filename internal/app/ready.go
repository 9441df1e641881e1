package app

import (
	"context"

	"yiwang/internal/apperr"
)

// Ready reports whether the service can answer requests, for a load balancer's
// readiness probe: it runs a cheap query in a read transaction. It returns an
// Unavailable error (code database_unavailable) carrying the cause if the query fails.
func (s *Service) Ready(ctx context.Context) error {
	if err := s.db.View(ctx, func(tx Tx) error { return tx.Ping(ctx) }); err != nil {
		return &apperr.Error{Kind: apperr.Unavailable, Code: "database_unavailable",
			Message: "数据库暂时无法访问，请稍后重试", Err: err}
	}
	return nil
}
