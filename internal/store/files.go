package store

import (
	"errors"
	"io/fs"
	"os"
)

// private makes the database file and its WAL companions readable by the server's
// user only: they hold citizens' full ID and phone numbers. A new file is created
// 0600 before SQLite opens it (SQLite gives its WAL and shared-memory files the
// database file's mode); an existing one made by an earlier version is tightened.
func private(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return err
			}
		}
	}
	return nil
}
