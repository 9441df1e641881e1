package app

import (
	"context"
	"io"
	"os"
	"slices"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/blob"
	"yiwang/internal/casework"
)

// PutBlob stores an uploaded material file; applicants and window clerks upload.
func (s *Service) PutBlob(ctx context.Context, r io.Reader, contentType string) (*blob.Blob, error) {
	a, err := access.Require(ctx, access.Applicant, access.Clerk)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	b, err := s.blobs.Put(r, contentType, now)
	if err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx Tx) error {
		if err := tx.SaveBlob(ctx, b, a.UserID); err != nil {
			return err
		}
		return record(ctx, tx, a, now, event{region: s.cfg.Region, action: "blob.upload",
			subject: "blob/" + b.ID, after: snapshot(b)})
	})
	return b, err
}

// MaxBlobSize is the largest upload accepted.
func (s *Service) MaxBlobSize() int64 { return s.blobs.MaxSize() }

// CaseMaterial opens a material file of a case for someone who may see the case.
func (s *Service) CaseMaterial(ctx context.Context, number, blobID string) (*blob.Blob, *os.File, error) {
	a, err := access.Require(ctx)
	if err != nil {
		return nil, nil, err
	}
	var b *blob.Blob
	err = s.db.View(ctx, func(tx Tx) error {
		c, err := s.caseFor(ctx, tx, a, number)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(c.Materials, func(m casework.SubmittedMaterial) bool { return m.Blob == blobID }) {
			return apperr.NotFoundf("办件中没有该文件")
		}
		b, err = tx.FindBlob(ctx, blobID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	f, err := s.blobs.Open(blobID)
	return b, f, err
}
