// Package blob owns uploaded material files: content-addressed by SHA-256 in a
// directory, written durably before they are acknowledged, with the allowed types
// and the size limit checked on the way in.
package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
)

// Blob describes a stored file.
type Blob struct {
	ID          string    `json:"id"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

// Store is the storage of blob metadata, implemented by the store package.
type Store interface {
	// SaveBlob records b (once per id) and that userID uploaded it.
	SaveBlob(ctx context.Context, b *Blob, userID int64) error
	// FindBlob returns NotFound if no blob has id.
	FindBlob(ctx context.Context, id string) (*Blob, error)
	// BlobUploadedBy reports whether userID uploaded blob id.
	BlobUploadedBy(ctx context.Context, id string, userID int64) (bool, error)
}

var idPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidID reports whether id has the form of a blob id.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Dir stores files under a directory as ab/cdef…, named by their SHA-256.
type Dir struct {
	root    string
	maxSize int64
}

// NewDir returns a blob directory at root accepting files up to maxSize bytes. The
// directory is the server user's only (materials are personal documents), and
// uploads that a crash cut short are removed.
func NewDir(root string, maxSize int64) (*Dir, error) {
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o700); err != nil {
		return nil, err
	}
	d := &Dir{root: root, maxSize: maxSize}
	if _, err := d.RemoveStaleUploads(time.Now()); err != nil {
		return nil, err
	}
	return d, nil
}

// StaleUpload is how old an unfinished upload's temporary file must be to be
// removed: far longer than any upload of MaxMaterialMB takes.
const StaleUpload = time.Hour

// RemoveStaleUploads removes the temporary files of uploads begun more than
// StaleUpload before now, which only an interrupted upload leaves behind, and
// returns how many it removed.
func (d *Dir) RemoveStaleUploads(now time.Time) (int, error) {
	entries, err := os.ReadDir(filepath.Join(d.root, "tmp"))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		info, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // finished meanwhile
		}
		if err != nil {
			return n, err
		}
		if !e.Type().IsRegular() || now.Sub(info.ModTime()) < StaleUpload {
			continue
		}
		if err := os.Remove(filepath.Join(d.root, "tmp", e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, err
		}
		n++
	}
	return n, nil
}

// MaxSize is the largest file accepted.
func (d *Dir) MaxSize() int64 { return d.maxSize }

func (d *Dir) path(id string) string { return filepath.Join(d.root, id[:2], id[2:]) }

// Put stores r's content declared as contentType. The type must be one a material
// can accept and must match what the bytes are; the file is synced to disk before
// Put returns, so an acknowledged upload survives a crash.
func (d *Dir) Put(r io.Reader, contentType string, now time.Time) (_ *Blob, err error) {
	if !allowedType(contentType) {
		return nil, apperr.Invalidf("Content-Type", "只接受 PDF、JPEG、PNG 文件")
	}
	tmp, err := os.CreateTemp(filepath.Join(d.root, "tmp"), "upload-*")
	if err != nil {
		return nil, err
	}
	defer func() {
		tmp.Close()
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	head := &headBuffer{max: 512}
	n, err := io.Copy(io.MultiWriter(tmp, h, head), io.LimitReader(r, d.maxSize+1))
	if err != nil {
		return nil, err
	}
	switch {
	case n > d.maxSize:
		return nil, &apperr.Error{Kind: apperr.TooLarge, Code: "too_large",
			Message: fmt.Sprintf("文件不能超过 %d MB", d.maxSize>>20)}
	case n == 0:
		return nil, apperr.Invalidf("body", "文件为空")
	case sniff(head.Bytes()) != contentType:
		return nil, apperr.Invalidf("Content-Type", "文件内容与声明的类型 %s 不符", contentType)
	}
	if err := tmp.Sync(); err != nil {
		return nil, err
	}
	id := hex.EncodeToString(h.Sum(nil))
	if err := os.MkdirAll(filepath.Dir(d.path(id)), 0o700); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), d.path(id)); err != nil {
		return nil, err
	}
	return &Blob{ID: id, ContentType: contentType, Size: n, CreatedAt: now}, syncDir(filepath.Dir(d.path(id)))
}

// Open returns the content of blob id.
func (d *Dir) Open(id string) (*os.File, error) {
	if !ValidID(id) {
		return nil, apperr.NotFoundf("文件不存在")
	}
	f, err := os.Open(d.path(id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, apperr.NotFoundf("文件不存在")
	}
	return f, err
}

func allowedType(ct string) bool {
	for _, t := range catalog.FileTypes {
		if t == ct {
			return true
		}
	}
	return false
}

func sniff(b []byte) string {
	ct := http.DetectContentType(b)
	if i := bytes.IndexByte([]byte(ct), ';'); i >= 0 {
		ct = ct[:i]
	}
	return ct
}

// syncDir makes the rename itself durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// headBuffer keeps the first max bytes written, for content sniffing.
type headBuffer struct {
	bytes.Buffer
	max int
}

func (b *headBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
