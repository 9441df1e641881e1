package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// Engine is a database engine the store runs on.
type Engine string

// The engines: SQLite now; PostgreSQL is named so that its URLs get a clear answer.
const (
	SQLite     Engine = "sqlite"
	PostgreSQL Engine = "postgres"
)

// Source is where a database is, as read from its URL by ParseSource.
type Source struct {
	Engine Engine
	// Path is the database file of a SQLite source.
	Path string
}

// DefaultFile is the SQLite file a plain data directory holds.
const DefaultFile = "yiwang.db"

// scheme matches a URL scheme; two letters at least, so that a Windows drive
// letter (C:\data) reads as a directory.
var scheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):`)

// ParseSource reads a database URL: sqlite:PATH names a SQLite file (sqlite://PATH
// too), and a string without a scheme is a data directory, whose database is the
// SQLite file yiwang.db in it. Any other scheme is an error; postgres:// says that
// PostgreSQL is not supported yet.
func ParseSource(url string) (Source, error) {
	m := scheme.FindStringSubmatch(url)
	if m == nil {
		if url == "" {
			return Source{}, errors.New("store: no database given")
		}
		return Source{Engine: SQLite, Path: filepath.Join(url, DefaultFile)}, nil
	}
	rest := url[len(m[0]):]
	switch strings.ToLower(m[1]) {
	case "sqlite":
		// sqlite:///var/db.sqlite and sqlite:/var/db.sqlite name the same file.
		path := strings.TrimPrefix(rest, "//")
		if path == "" {
			return Source{}, fmt.Errorf("store: %q names no database file (want sqlite:PATH)", url)
		}
		return Source{Engine: SQLite, Path: path}, nil
	case "postgres", "postgresql":
		return Source{}, errors.New("store: PostgreSQL (postgres://) is not supported yet; use sqlite:PATH or a data directory")
	}
	return Source{}, fmt.Errorf("store: unknown database scheme %q (want sqlite:PATH or a data directory)", m[1])
}
