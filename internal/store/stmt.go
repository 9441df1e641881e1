package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// stmtCache prepares each query once per pool. Preparing was a large share of a
// command's CPU time; database/sql then reuses a prepared statement on any
// connection that already has it. A statement cannot be prepared on the pool while
// a transaction holds the writer's only connection, so a query first seen inside a
// transaction runs unprepared and is prepared once the transaction has ended.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
	// preparing counts background preparations, which close waits for.
	preparing sync.WaitGroup
}

// stmtCacheMax bounds the cache; the store's queries are a fixed set, but list
// filters combine, and a bound keeps a mistake from becoming a leak.
const stmtCacheMax = 512

// get returns the prepared statement of q, or false if it is not prepared yet.
func (c *stmtCache) get(q string) (*sql.Stmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st, true
	}
	if len(c.m)+len(c.pending) < stmtCacheMax {
		if c.pending == nil {
			c.pending = map[string]bool{}
		}
		c.pending[q] = true
	}
	return nil, false
}

// preparePending prepares the queries first seen in transactions that have ended.
// The lock is not held while preparing: preparing needs a connection, and the
// writer's only connection may belong to a transaction that is about to ask the
// cache for a statement. A query that fails to prepare is dropped: it will fail
// again where it is used.
func (c *stmtCache) preparePending() {
	c.mu.Lock()
	var qs []string
	for q := range c.pending {
		qs = append(qs, q)
	}
	clear(c.pending)
	c.mu.Unlock()
	for _, q := range qs {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		st, err := c.pool.PrepareContext(ctx, q)
		cancel()
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[string]*sql.Stmt{}
		}
		if _, dup := c.m[q]; dup {
			st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

// prepareLater prepares the pending queries in the background: off the request's
// path, since preparing may wait for the writer's connection.
func (c *stmtCache) prepareLater() {
	c.mu.Lock()
	n := len(c.pending)
	c.mu.Unlock()
	if n > 0 {
		c.preparing.Go(c.preparePending)
	}
}

func (c *stmtCache) close() {
	c.preparing.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// exec, query and queryRow are the one way the store runs SQL in a transaction:
// each query is rebound for the engine here, then run through its prepared
// statement when there is one.
func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = tx.dialect.rebind(q)
	st, ok := tx.stmts.get(q)
	if !ok {
		return tx.tx.ExecContext(ctx, q, args...)
	}
	return tx.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = tx.dialect.rebind(q)
	st, ok := tx.stmts.get(q)
	if !ok {
		return tx.tx.QueryContext(ctx, q, args...)
	}
	return tx.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = tx.dialect.rebind(q)
	st, ok := tx.stmts.get(q)
	if !ok {
		return tx.tx.QueryRowContext(ctx, q, args...)
	}
	return tx.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}
