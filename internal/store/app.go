package store

import (
	"context"

	"yiwang/internal/app"
)

var _ app.Tx = (*Tx)(nil)

// Update implements app.Database.
func (db *DB) Update(ctx context.Context, fn func(app.Tx) error) error {
	return db.InTx(ctx, func(tx *Tx) error { return fn(tx) })
}

// View implements app.Database.
func (db *DB) View(ctx context.Context, fn func(app.Tx) error) error {
	return db.Read(ctx, func(tx *Tx) error { return fn(tx) })
}
