package throttle

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limit is how many attempts a key may make at once (Burst), and how often it earns
// another one back (Every).
type Limit struct {
	Burst int
	Every time.Duration
}

// Limiter keeps a token bucket per key, at most Max of them. When a new key comes
// and the set is full, the bucket used least recently is forgotten: it is the one
// most likely full again, so forgetting it loses the least. An attacker who cycles
// through more keys than Max inside one refill period can reset buckets that way,
// but cannot make the set grow.
type Limiter struct {
	limit Limit
	max   int

	mu   sync.Mutex
	keys map[string]*list.Element
	lru  *list.List // of *bucket, the most recently used first
}

type bucket struct {
	key string
	lim *rate.Limiter
}

// New returns a limiter of limit that keeps at most max buckets.
func New(limit Limit, max int) *Limiter {
	return &Limiter{limit: limit, max: max, keys: map[string]*list.Element{}, lru: list.New()}
}

// Limit returns the limiter's limit.
func (l *Limiter) Limit() Limit { return l.limit }

// Key names key's bucket in l, for Take.
func (l *Limiter) Key(key string) Key { return Key{l: l, key: key} }

// Forget resets key's bucket, as if key had never been seen.
func (l *Limiter) Forget(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.keys[key]; ok {
		l.lru.Remove(e)
		delete(l.keys, key)
	}
}

// Len returns how many buckets l keeps.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

func (l *Limiter) bucket(key string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.keys[key]; ok {
		l.lru.MoveToFront(e)
		return e.Value.(*bucket).lim
	}
	for l.lru.Len() >= l.max && l.lru.Len() > 0 {
		oldest := l.lru.Back()
		l.lru.Remove(oldest)
		delete(l.keys, oldest.Value.(*bucket).key)
	}
	b := &bucket{key: key, lim: rate.NewLimiter(rate.Every(l.limit.Every), l.limit.Burst)}
	l.keys[key] = l.lru.PushFront(b)
	return b.lim
}

// Key is one bucket of one limiter.
type Key struct {
	l   *Limiter
	key string
}

// Taken is the tokens one Take took, to give back with Refund.
type Taken struct {
	at   time.Time
	held []*rate.Reservation
}

// Take takes one token at now from the bucket of every key, or none at all: if any
// bucket is empty, it gives back what it took and returns how long to wait until
// every bucket has a token again. The token is taken before the attempt it pays
// for, so that many attempts sent at once cannot all pass before the first has
// been counted.
func Take(now time.Time, keys ...Key) (Taken, time.Duration) {
	t := Taken{at: now}
	var wait time.Duration
	for _, k := range keys {
		r := k.l.bucket(k.key).ReserveN(now, 1)
		if !r.OK() { // a burst of 0: never allowed
			wait = max(wait, k.l.limit.Every)
			continue
		}
		if d := r.DelayFrom(now); d > 0 {
			r.CancelAt(now)
			wait = max(wait, d)
			continue
		}
		t.held = append(t.held, r)
	}
	if wait > 0 {
		t.Refund()
		return Taken{}, wait
	}
	return t, 0
}

// Refund gives back the tokens of t, for an attempt that should not count (a
// successful log-in, say, where only failures are limited). Tokens that buckets
// gave out meanwhile stay given out, so under concurrent attempts less may come back.
func (t Taken) Refund() {
	for _, r := range t.held {
		r.CancelAt(t.at)
	}
}
