package app

import (
	"sync"
	"time"

	"yiwang/internal/access"
)

// Sessions found valid are kept in memory for a short while, so that a signed-in
// request needs no read connection to learn who sent it: the reader pool is small,
// and slow reads of others must not keep a clerk from being recognised.
//
// The cache is this process's alone. Logging out, and a change to an account made
// through this service, take effect here at once; a session ended or an account
// changed through another instance sharing the database is still honoured here
// for up to sessionCacheTTL, until the entry lapses and the database is read again.
const (
	sessionCacheTTL = 30 * time.Second
	// maxCachedSessions bounds the memory held (some hundred bytes an entry); past
	// it an arbitrary entry makes room, and its session is read again when next used.
	maxCachedSessions = 10_000
)

// sessionCache maps token hashes to the users of valid sessions. A map and a mutex
// rather than a cache library: entries lapse on the service clock, like the
// sessions themselves, a user's entries must be found by user ID, and nothing runs
// in the background that a service without a Close could not stop.
type sessionCache struct {
	mu      sync.Mutex
	byToken map[string]cachedSession
	byUser  map[int64]map[string]struct{}
	// revoked counts revocations. A look-up in the database that began before one
	// may have read what was revoked, so what it found is not cached (fill).
	revoked uint64
}

type cachedSession struct {
	user access.User
	// until is when the entry lapses: sessionCacheTTL after it was read, and never
	// after the session expires.
	until time.Time
}

func newSessionCache() *sessionCache {
	return &sessionCache{byToken: map[string]cachedSession{}, byUser: map[int64]map[string]struct{}{}}
}

// get returns a copy of the user of the session hash, if cached and not lapsed at now.
func (c *sessionCache) get(hash string, now time.Time) (*access.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byToken[hash]
	if !ok {
		return nil, false
	}
	if !now.Before(e.until) {
		c.remove(hash, e.user.ID)
		return nil, false
	}
	u := e.user
	return &u, true
}

// begin is called before reading a session from the database; its answer is
// given to fill with what was read.
func (c *sessionCache) begin() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.revoked
}

// fill caches the user of session hash, read at now, unless something was revoked
// since began: a logout or an account change that the read may not have seen.
func (c *sessionCache) fill(began uint64, hash string, u *access.User, expires, now time.Time) {
	until := now.Add(sessionCacheTTL)
	if expires.Before(until) {
		until = expires
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.revoked != began || !now.Before(until) {
		return
	}
	if old, ok := c.byToken[hash]; ok {
		c.remove(hash, old.user.ID)
	}
	for h, e := range c.byToken {
		if len(c.byToken) < maxCachedSessions {
			break
		}
		c.remove(h, e.user.ID)
	}
	c.byToken[hash] = cachedSession{user: *u, until: until}
	if c.byUser[u.ID] == nil {
		c.byUser[u.ID] = map[string]struct{}{}
	}
	c.byUser[u.ID][hash] = struct{}{}
}

// forgetSession drops the session hash, as when it is logged out.
func (c *sessionCache) forgetSession(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.revoked++
	if e, ok := c.byToken[hash]; ok {
		c.remove(hash, e.user.ID)
	}
}

// forgetUser drops every session of user id, as when the account changes.
func (c *sessionCache) forgetUser(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.revoked++
	for h := range c.byUser[id] {
		delete(c.byToken, h)
	}
	delete(c.byUser, id)
}

func (c *sessionCache) remove(hash string, user int64) {
	delete(c.byToken, hash)
	if hs := c.byUser[user]; hs != nil {
		delete(hs, hash)
		if len(hs) == 0 {
			delete(c.byUser, user)
		}
	}
}

// AccountChanged tells the service that the account of user id changed: its role,
// department or hall, its password, or whether it may log in. Its sessions are read
// from the database again on their next request rather than served from memory.
// The commands that change an account call it once they have committed; it is
// exported for a change made to the database from outside the service.
func (s *Service) AccountChanged(id int64) { s.sessions.forgetUser(id) }
