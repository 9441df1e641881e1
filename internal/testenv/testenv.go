// Package testenv starts real yiwang servers for tests: a fresh SQLite file in a
// temporary directory, the production wiring of the cli package, an HTTP server on
// 127.0.0.1, and a clock the test moves. Use it only from _test.go files.
package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"yiwang/internal/catalog"
	"yiwang/internal/cli"
	"yiwang/internal/demo"
	"yiwang/internal/workday"
)

// Password is every fixture account's password.
const Password = "test-password-1"

// Clock is a clock the test sets and advances.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's instant.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t.In(workday.Beijing)
}

// Add moves the clock forward by d.
func (c *Clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// Env is a running server with the demo district's catalog, staff and applicants
// (no cases), listening on 127.0.0.1.
type Env struct {
	TB    testing.TB
	Main  *cli.Main
	URL   string
	Clock *Clock
	Dir   string
	// DB is the database URL the server opened (a SQLite file in Dir).
	DB string
}

// Start starts a server whose clock reads start; it stops when the test ends.
func Start(tb testing.TB, start time.Time) *Env {
	tb.Helper()
	return StartWith(tb, start, nil)
}

// StartWith is Start with the test configuration changed by configure first.
func StartWith(tb testing.TB, start time.Time, configure func(*cli.Config)) *Env {
	tb.Helper()
	dir := tb.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := &Clock{}
	clock.Set(start)
	m := &cli.Main{Log: log, Out: io.Discard}
	m.Config = cli.TestConfig(dir)
	// Named explicitly, so that every server test goes through the --db wiring.
	m.Config.DB = "sqlite:" + filepath.Join(dir, "test.db")
	if configure != nil {
		configure(&m.Config)
	}
	ctx := context.Background()
	if err := m.Open(ctx, clock); err != nil {
		tb.Fatalf("open: %v", err)
	}
	seed := &demo.Seeder{DB: m.DB, Blobs: m.Blobs, Region: "370211", Password: Password, Log: log}
	if err := seed.SetupAt(ctx, start.Add(-time.Hour)); err != nil {
		tb.Fatalf("seed: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	tb.Cleanup(func() {
		if err := m.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
		<-done
	})
	return &Env{TB: tb, Main: m, URL: m.URL, Clock: clock, Dir: dir, DB: m.Config.DB}
}

// Response is an HTTP answer with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it is not JSON.
func (r *Response) JSON(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("response %d is not JSON (%v): %s", r.Status, err, r.Body)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	r.JSON(tb, &m)
	return m
}

// ErrorCode returns error.code of an error body, or "".
func (r *Response) ErrorCode() string {
	var e struct {
		Error struct{ Code, Field string }
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// ErrorField returns error.field of an error body, or "".
func (r *Response) ErrorField() string {
	var e struct {
		Error struct{ Code, Field string }
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Field
}

// Do sends a request with an optional bearer token and body (a []byte is sent as
// is, anything else as JSON) and extra headers as name, value pairs.
func (e *Env) Do(method, path, token string, body any, headers ...string) *Response {
	e.TB.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.TB.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		e.TB.Fatal(err)
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.TB.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.TB.Fatal(err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// Login returns a bearer token for a fixture account.
func (e *Env) Login(username string) string {
	e.TB.Helper()
	r := e.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": Password})
	if r.Status != http.StatusOK {
		e.TB.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	var out struct{ Token string }
	r.JSON(e.TB, &out)
	return out.Token
}

// Upload stores a small PDF as token's user and returns its blob id.
func (e *Env) Upload(token, content string) string {
	e.TB.Helper()
	r := e.Do("POST", "/api/v1/blobs", token, []byte("%PDF-1.4\n"+content+"\n%%EOF\n"), "Content-Type", "application/pdf")
	if r.Status != http.StatusCreated {
		e.TB.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	var b struct{ ID string }
	r.JSON(e.TB, &b)
	return b.ID
}

// Form returns a filled application form that the published version of item
// accepts (demo.SampleForm), to submit where a test is not about the form.
func (e *Env) Form(item string) map[string]any {
	e.TB.Helper()
	r := e.Do("GET", "/api/v1/items/"+item, "", nil)
	if r.Status != http.StatusOK {
		e.TB.Fatalf("item %s: %d %s", item, r.Status, r.Body)
	}
	var it catalog.Item
	r.JSON(e.TB, &it)
	var form map[string]any
	if err := json.Unmarshal(demo.SampleForm(&it, ""), &form); err != nil {
		e.TB.Fatal(err)
	}
	return form
}
