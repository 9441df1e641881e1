package app

import (
	"context"
	"net/netip"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/throttle"
)

// The limits on what an anonymous client may try. Each is a bucket per key that
// holds Burst attempts and earns one back every Every; the numbers are those of
// the README's throttling table.
var (
	// A person who forgot a password gets five tries; then one every five
	// minutes: 12 an hour, where a guesser needs millions. A success clears them.
	loginPerUser = throttle.Limit{Burst: 5, Every: 5 * time.Minute}
	// Many people log in from one hall's address, but few mistype at once: 20
	// failures, then 2 a minute, stops one address from trying a list of
	// passwords on every account in turn.
	loginPerAddr = throttle.Limit{Burst: 20, Every: 30 * time.Second}
	// A query code has 8 digits. 20 wrong codes for one case, then one every
	// five minutes, leave a guesser 288 a day out of 100 million codes, however
	// many addresses it uses.
	lookupPerCase = throttle.Limit{Burst: 20, Every: 5 * time.Minute}
	// One address trying many cases: 20 wrong codes, then 20 a minute.
	lookupPerAddr = throttle.Limit{Burst: 20, Every: 3 * time.Second}
	// Registration hashes a password (deliberately slow) and writes: 10 from one
	// address, then 10 an hour, enough for a hall's kiosk.
	registerPerAddr = throttle.Limit{Burst: 10, Every: 6 * time.Minute}
	// Anonymous catalog search: 30 at once, then one a second, more than a
	// person types and less than a script needs to load the server.
	searchPerAddr = throttle.Limit{Burst: 30, Every: time.Second}
)

// maxKeys bounds each limiter's buckets (a few hundred bytes each), so that a
// client cycling through addresses, usernames or case numbers cannot grow the
// memory they take without end.
const maxKeys = 20_000

// maxKeyLen bounds what of a key as typed is kept: beyond it, keys are the same.
const maxKeyLen = 64

// limits are the service's limiters, in memory: one process's view (see package
// throttle on running several).
type limits struct {
	loginUser, loginAddr   *throttle.Limiter
	lookupCase, lookupAddr *throttle.Limiter
	register, search       *throttle.Limiter
}

func newLimits() *limits {
	l := func(lim throttle.Limit) *throttle.Limiter { return throttle.New(lim, maxKeys) }
	return &limits{loginUser: l(loginPerUser), loginAddr: l(loginPerAddr), lookupCase: l(lookupPerCase),
		lookupAddr: l(lookupPerAddr), register: l(registerPerAddr), search: l(searchPerAddr)}
}

type clientAddrKey struct{}

// NewContextWithClientAddr returns ctx carrying the address of the client a
// request comes from, that the limits count attempts by. The HTTP layer decides it
// (the peer, or what a trusted proxy says); without one, as for commands run from
// the command line, only the limits per account apply.
func NewContextWithClientAddr(ctx context.Context, addr netip.Addr) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

// ClientAddrFromContext returns the client address in ctx, if any.
func ClientAddrFromContext(ctx context.Context) (netip.Addr, bool) {
	a, ok := ctx.Value(clientAddrKey{}).(netip.Addr)
	return a, ok && a.IsValid()
}

// addrKeys is the bucket of ctx's client address in l, or none without one. An
// IPv6 client is counted by its /64: one subscriber is given at least that many
// addresses, and could otherwise take a fresh bucket for every attempt.
func addrKeys(ctx context.Context, l *throttle.Limiter) []throttle.Key {
	a, ok := ClientAddrFromContext(ctx)
	if !ok {
		return nil
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return []throttle.Key{l.Key(p.String())}
	}
	return []throttle.Key{l.Key(a.String())}
}

// clip bounds a key as typed to maxKeyLen bytes.
func clip(s string) string {
	if len(s) > maxKeyLen {
		return s[:maxKeyLen]
	}
	return s
}

// take takes a token from every bucket of keys at the service's instant, or
// returns the Throttled error saying what was limited.
func (s *Service) take(what string, keys ...throttle.Key) (throttle.Taken, error) {
	t, wait := throttle.Take(s.clock.Now(), keys...)
	if wait > 0 {
		return t, apperr.Throttledf(wait, "%s", what)
	}
	return t, nil
}

// LookupCase returns a case's progress to whoever holds its number and query code,
// as typed from the receipt (casework.NormalizeLookup).
// A wrong code and an unknown number answer alike. Wrong ones are limited per case
// number and per client address (lookupPerCase, lookupPerAddr); once either is
// used up, even the right code waits, so that a guesser cannot tell.
func (s *Service) LookupCase(ctx context.Context, number, code string) (*PublicCase, error) {
	// Normalised first, so that the per-case limit counts every way of typing a number alike.
	number, code = casework.NormalizeLookup(number, code)
	t, err := s.take("查询次数过多", append(addrKeys(ctx, s.limits.lookupAddr), s.limits.lookupCase.Key(clip(number)))...)
	if err != nil {
		return nil, err
	}
	p, err := s.lookupCase(ctx, number, code)
	if apperr.KindOf(err) != apperr.NotFound {
		t.Refund() // only wrong guesses count
	}
	return p, err
}

// throttleRegistration counts a registration against its client address.
func (s *Service) throttleRegistration(ctx context.Context) error {
	_, err := s.take("注册过于频繁", addrKeys(ctx, s.limits.register)...)
	return err
}

// throttleSearch counts an anonymous search against its client address; staff and
// applicants logged in are not limited.
func (s *Service) throttleSearch(ctx context.Context) error {
	if _, ok := access.FromContext(ctx); ok {
		return nil
	}
	_, err := s.take("搜索过于频繁", addrKeys(ctx, s.limits.search)...)
	return err
}
