package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/sealed"
)

//go:embed migrations/sqlite/*.sql
var sqliteMigrations embed.FS

// Sync is SQLite's synchronous setting. FULL syncs the WAL on every commit, so an
// acknowledged command survives a power cut; NORMAL survives a crash of the process
// but may lose the last commits on power loss, for more speed.
type Sync string

// The two settings an operator may choose.
const (
	SyncFull   Sync = "FULL"
	SyncNormal Sync = "NORMAL"
)

// Options configures Open.
type Options struct {
	Sync Sync
	// DataKey, if set, seals the personal columns (see sealing.go); nil keeps
	// them clear, as before keys existed.
	DataKey *sealed.Key
}

// DB is the database: one writer connection, because SQLite has one writer anyway
// and a single connection turns lock contention into an orderly queue, beside a
// pool of readers that WAL lets run alongside it.
type DB struct {
	write *sql.DB
	read  *sql.DB
	// Path is the SQLite database file.
	Path       string
	dialect    dialect
	search     searchIndex
	items      *itemCache
	writeStmts *stmtCache
	readStmts  *stmtCache
	cols       cols
}

// Open opens (creating if needed) the database at url and brings its schema up to
// date. url is sqlite:PATH, a SQLite database file, or a plain directory, meaning
// the file yiwang.db in it. PostgreSQL is not supported yet.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	src, err := ParseSource(url)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(src.Path), 0o700); err != nil {
		return nil, err
	}
	if err := private(src.Path); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if opt.Sync == "" {
		opt.Sync = SyncFull
	}
	if opt.Sync != SyncFull && opt.Sync != SyncNormal {
		return nil, fmt.Errorf("store: synchronous must be FULL or NORMAL, not %q", opt.Sync)
	}
	sealing := opt.DataKey != nil
	write, err := sql.Open("sqlite", dsn(src.Path, opt.Sync, false, sealing))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn(src.Path, opt.Sync, true, false))
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(4)
	db := &DB{write: write, read: read, Path: src.Path, dialect: sqliteDialect, search: fts5Index{}, items: &itemCache{},
		writeStmts: &stmtCache{pool: write}, readStmts: &stmtCache{pool: read}, cols: cols{key: opt.DataKey}}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.checkDataKey(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if sealing {
		// Sealing the rows written before the key left their clear text in the
		// WAL's older frames; copied into the database file, with the space they
		// held zeroed, the WAL can be emptied.
		if _, err := db.write.ExecContext(ctx, db.dialect.rebind(`PRAGMA wal_checkpoint(TRUNCATE)`)); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// dsn puts the pragmas in the connection string so that every pooled connection
// gets them:
//   - busy_timeout first, so that the other pragmas wait rather than fail while
//     another process holds a lock;
//   - WAL, so that readers never block the writer;
//   - foreign_keys, off by default in SQLite, so references are checked;
//   - synchronous, see Sync;
//   - with a data key, secure_delete on the writer, so that the clear text of a
//     row sealed at the key's first use, and any value a write replaces, do not
//     stay behind in free space.
//
// Writers begin IMMEDIATE, taking the write lock up front, so that two processes'
// transactions queue instead of failing halfway on a lock upgrade; readers begin
// DEFERRED and read-only, so that they never take it.
func dsn(path string, sync Sync, readOnly, sealing bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous("+string(sync)+")")
	if sealing {
		q.Add("_pragma", "secure_delete(ON)")
	}
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Migrate applies the embedded migrations that the database lacks.
func (db *DB) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(sqliteMigrations, "migrations/sqlite")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.write, sub)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	db.writeStmts.close()
	db.readStmts.close()
	return errors.Join(db.read.Close(), db.write.Close())
}

// Tx is one transaction; every method of the domain Store interfaces runs in one.
type Tx struct {
	tx      *sql.Tx
	dialect dialect
	search  searchIndex
	items   *itemCache
	stmts   *stmtCache
	cols    cols
	// beforeHeadMove, when set, runs between reading the audit head and claiming
	// it: where a test stands in for another instance appending at the same moment.
	beforeHeadMove func()
	// loadedTasks holds each case's tasks as read, so a save writes only those that changed.
	loadedTasks map[string][]casework.Task
	onCommit    []func()
}

// InTx runs fn in a write transaction: committed if fn returns nil, rolled back if
// it returns an error or panics. One command, one transaction.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	return runTx(ctx, db.write, nil, db.newTx(db.writeStmts), fn)
}

// Read runs fn in a read-only transaction on the reader pool: a consistent snapshot
// that never waits for the writer.
func (db *DB) Read(ctx context.Context, fn func(tx *Tx) error) error {
	return runTx(ctx, db.read, &sql.TxOptions{ReadOnly: true}, db.newTx(db.readStmts), fn)
}

func (db *DB) newTx(stmts *stmtCache) *Tx {
	return &Tx{dialect: db.dialect, search: db.search, items: db.items, stmts: stmts, cols: db.cols}
}

func runTx(ctx context.Context, pool *sql.DB, opt *sql.TxOptions, tx *Tx, fn func(tx *Tx) error) (err error) {
	sqlTx, err := pool.BeginTx(ctx, opt)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		} else if cerr := sqlTx.Commit(); cerr != nil {
			err = fmt.Errorf("store: commit: %w", cerr)
		} else {
			for _, fn := range tx.onCommit {
				fn()
			}
		}
		tx.stmts.prepareLater()
	}()
	tx.tx = sqlTx
	return fn(tx)
}

// OnCommit registers fn to run once the transaction has committed (as durably as
// the synchronous setting makes commits); it never runs if the transaction rolls
// back. Messages to applicants, live screens
// and outboxes hang here, so that nobody hears of a change that did not happen.
func (tx *Tx) OnCommit(fn func()) { tx.onCommit = append(tx.onCommit, fn) }

// Exec runs raw SQL outside the domain (tests use it to tamper with the audit trail).
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, db.dialect.rebind(query), args...)
	return err
}

// notFound translates sql.ErrNoRows at the store boundary.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundf(format, args...)
	}
	return err
}
