package app_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/paging"
	"yiwang/internal/store"
	"yiwang/internal/testenv"
	"yiwang/internal/workday"
)

var monday = time.Date(2026, 2, 9, 9, 30, 0, 0, workday.Beijing)

const foodLicence = "370211-XK-0001"

// readConns is the size of the store's reader pool (store.Open).
const readConns = 4

// holdReaders opens n read transactions on db and keeps them open, each holding a
// connection of the reader pool, until the test ends.
func holdReaders(t *testing.T, db *store.DB, n int) {
	t.Helper()
	entered, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			err := db.Read(context.Background(), func(*store.Tx) error {
				entered <- struct{}{}
				<-release
				return nil
			})
			if err != nil {
				t.Errorf("holding a reader: %v", err)
			}
		})
	}
	t.Cleanup(func() { close(release); wg.Wait() })
	for range n {
		<-entered
	}
	// Nothing is left for anyone else: a further read waits until its context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := db.Read(ctx, func(*store.Tx) error { return nil }); err == nil {
		t.Fatalf("a read ran beside %d held ones: the pool is larger than %d", n, readConns)
	}
}

// TestCachedSessionNeedsNoConnection: a signed-in request whose session was seen a
// moment ago is answered while every read connection is taken, as by slow
// searches: it waits for none.
func TestCachedSessionNeedsNoConnection(t *testing.T) {
	env := testenv.Start(t, monday)
	svc := env.Main.Service
	tok := env.Login("clerk")
	if _, err := svc.Authenticate(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	holdReaders(t, env.Main.DB, readConns)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	u, err := svc.Authenticate(ctx, tok)
	if err != nil {
		t.Fatalf("with every read connection held, authenticating a known session: %v", err)
	}
	if u.Username != "clerk" {
		t.Fatalf("authenticated as %s, want clerk", u.Username)
	}
}

// TestLogoutEndsCachedSession: a token logged out is refused at once, though its
// session was cached a moment before.
func TestLogoutEndsCachedSession(t *testing.T) {
	env := testenv.Start(t, monday)
	tok := env.Login("zhangsan")
	if r := env.Do("GET", "/api/v1/auth/me", tok, nil); r.Status != http.StatusOK {
		t.Fatalf("me: %d %s", r.Status, r.Body)
	}
	if r := env.Do("POST", "/api/v1/auth/logout", tok, nil); r.Status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", r.Status, r.Body)
	}
	if r := env.Do("GET", "/api/v1/auth/me", tok, nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("me after logout: %d %s, want 401", r.Status, r.Body)
	}
}

// TestCachedSessionExpires: a cached session ends when the session does, however
// recently it was cached.
func TestCachedSessionExpires(t *testing.T) {
	env := testenv.Start(t, monday)
	svc := env.Main.Service
	tok := env.Login("zhangsan")
	env.Clock.Add(env.Main.Config.SessionTTL - 10*time.Second)
	if _, err := svc.Authenticate(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	env.Clock.Add(10 * time.Second)
	if _, err := svc.Authenticate(context.Background(), tok); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Fatalf("at its expiry the session authenticates (%v)", err)
	}
}

// TestAccountChangeReadAtOnce: once the service is told an account changed, its
// sessions read the account afresh on their next request, not after the cache's
// lifetime.
func TestAccountChangeReadAtOnce(t *testing.T) {
	env := testenv.Start(t, monday)
	svc := env.Main.Service
	tok := env.Login("clerk")
	me := env.Do("GET", "/api/v1/auth/me", tok, nil).Map(t)
	if me["role"] != "clerk" {
		t.Fatalf("me: %v", me)
	}
	if err := env.Main.DB.Exec(context.Background(),
		`UPDATE users SET role = 'approver', department = 'scjg', hall = NULL WHERE username = 'clerk'`); err != nil {
		t.Fatal(err)
	}
	svc.AccountChanged(int64(me["user_id"].(float64)))
	if me := env.Do("GET", "/api/v1/auth/me", tok, nil).Map(t); me["role"] != "approver" || me["department"] != "scjg" {
		t.Fatalf("after the change the session acts as %v of %v", me["role"], me["department"])
	}
}

// TestAnonymousSearchBounded: two anonymous searches that do not end hold the only
// two places there are for them; a third waits for a place and, when its context
// ends first, is refused as throttled, while a signed-in search and other signed-in
// reads still find a read connection. A place that frees lets a waiting search in.
func TestAnonymousSearchBounded(t *testing.T) {
	env := testenv.Start(t, monday)
	svc := env.Main.Service
	var mu sync.Mutex
	inside := 0
	entered, release := make(chan struct{}, 8), make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free) // before the server stops, which waits for the held searches
	app.SetSearchHook(svc, func() {
		mu.Lock()
		inside++
		n := inside
		mu.Unlock()
		defer func() { mu.Lock(); inside--; mu.Unlock() }()
		if n > 2 {
			t.Errorf("%d anonymous searches at once, want at most 2", n)
			return
		}
		entered <- struct{}{}
		<-release
	})
	q := "/api/v1/items?q=" + url.QueryEscape("餐饮")
	held := make(chan *testenv.Response, 2)
	for range 2 {
		go func() { held <- env.Do("GET", q, "", nil) }()
	}
	<-entered
	<-entered

	clerk := env.Login("clerk")
	for _, path := range []string{"/api/v1/auth/me", "/api/v1/items/" + foodLicence, q} {
		if r := env.Do("GET", path, clerk, nil); r.Status != http.StatusOK {
			t.Fatalf("signed in, beside two held anonymous searches, %s: %d %s", path, r.Status, r.Body)
		}
	}

	search := func(ctx context.Context) error {
		_, err := svc.SearchItems(ctx, "餐饮", paging.Request{})
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := search(ctx); apperr.KindOf(err) != apperr.Throttled {
		t.Fatalf("a third anonymous search whose context ended: %v, want throttled", err)
	}

	waited := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		waited <- search(ctx)
	}()
	for deadline := time.Now().Add(5 * time.Second); app.SearchesWaiting(svc) != 1; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the third anonymous search is not waiting for a place")
		}
	}
	free()
	if err := <-waited; err != nil {
		t.Fatalf("the search that waited for a place: %v", err)
	}
	for range 2 {
		if r := <-held; r.Status != http.StatusOK {
			t.Fatalf("held search: %d %s", r.Status, r.Body)
		}
	}
}
