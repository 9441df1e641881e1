package store

import "context"

// Ping implements app.Tx. It reads a real table rather than SELECT 1, which SQLite
// answers without opening the file: so it fails unless the database is there,
// readable and migrated.
func (tx *Tx) Ping(ctx context.Context) error {
	var n int
	return tx.queryRow(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n)
}
