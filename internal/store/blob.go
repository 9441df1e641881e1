package store

import (
	"context"

	"yiwang/internal/blob"
)

var _ blob.Store = (*Tx)(nil)

// SaveBlob implements blob.Store.
func (tx *Tx) SaveBlob(ctx context.Context, b *blob.Blob, userID int64) error {
	if _, err := tx.exec(ctx, `INSERT INTO blobs (id, content_type, size, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, b.ID, b.ContentType, b.Size, ts(b.CreatedAt)); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO blob_uploads (blob_id, user_id) VALUES (?, ?)
		ON CONFLICT DO NOTHING`, b.ID, userID)
	return err
}

// FindBlob implements blob.Store.
func (tx *Tx) FindBlob(ctx context.Context, id string) (*blob.Blob, error) {
	b := &blob.Blob{ID: id}
	var created string
	err := tx.queryRow(ctx, `SELECT content_type, size, created_at FROM blobs WHERE id = ?`, id).
		Scan(&b.ContentType, &b.Size, &created)
	if err != nil {
		return nil, notFound(err, "文件 %s 不存在", id)
	}
	b.CreatedAt, err = parseTS(created)
	return b, err
}

// BlobUploadedBy implements blob.Store.
func (tx *Tx) BlobUploadedBy(ctx context.Context, id string, userID int64) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM blob_uploads WHERE blob_id = ? AND user_id = ?`, id, userID).Scan(&n)
	return n > 0, err
}
