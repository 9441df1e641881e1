package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"yiwang/internal/audit"
	"yiwang/internal/cli"
	"yiwang/internal/store"
	"yiwang/internal/testenv"
)

// trustLocal starts a server that trusts 127.0.0.1 as its proxy, so that a test
// chooses each request's client address with X-Forwarded-For.
func trustLocal(c *cli.Config) { c.TrustedProxies = "127.0.0.1/32" }

// wantThrottled fails unless r is the 429 of the one error table, with a wait.
func wantThrottled(t *testing.T, what string, r *testenv.Response) {
	t.Helper()
	if r.Status != http.StatusTooManyRequests || r.ErrorCode() != "too_many_requests" {
		t.Fatalf("%s: %d %s, want 429 too_many_requests", what, r.Status, r.Body)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
		t.Fatalf("%s: Retry-After %q, want whole seconds", what, r.Header.Get("Retry-After"))
	}
	if !strings.Contains(r.Map(t)["error"].(map[string]any)["message"].(string), "后再试") {
		t.Fatalf("%s: message %s says not when to try again", what, r.Body)
	}
}

// TestLookupThrottled: the 21st wrong query code within a minute is a 429, per
// case number (from many addresses) and per address (over many numbers); once
// throttled even the right code waits, on the API and on the page, until the
// bucket refills on the service clock.
func TestLookupThrottled(t *testing.T) {
	tests := []struct {
		name string
		// forwarded gives the i-th attempt's X-Forwarded-For ("" none); number its case number.
		forwarded func(i int) string
		number    func(real string, i int) string
		// afterwards is how long the right code waits once the limit is hit.
		afterwards time.Duration
	}{
		{name: "per case number, from many addresses",
			forwarded:  func(i int) string { return fmt.Sprintf("203.0.113.%d", i+1) },
			number:     func(real string, i int) string { return real },
			afterwards: 5 * time.Minute},
		{name: "per address, over many numbers",
			forwarded:  func(i int) string { return "198.51.100.9" },
			number:     func(real string, i int) string { return fmt.Sprintf("%s%02d", real, i) },
			afterwards: 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testenv.StartWith(t, monday, trustLocal)
			clerk := env.Login("clerk")
			c := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})
			number, code := c["number"].(string), c["query_code"].(string)
			wrong := "00000000"
			if code == wrong {
				wrong = "11111111"
			}
			lookup := func(number, code, from string) *testenv.Response {
				return env.Do("GET", "/api/v1/lookup?number="+number+"&code="+code, "", nil, "X-Forwarded-For", from)
			}
			for i := range 20 {
				if r := lookup(tt.number(number, i), wrong, tt.forwarded(i)); r.Status != http.StatusNotFound {
					t.Fatalf("wrong code %d: %d %s, want 404", i+1, r.Status, r.Body)
				}
			}
			last := tt.forwarded(20)
			wantThrottled(t, "21st wrong code", lookup(tt.number(number, 20), wrong, last))
			if tt.number(number, 20) == number {
				wantThrottled(t, "the right code after 20 wrong", lookup(number, code, last))
			}
			page := env.Do("GET", "/lookup?number="+tt.number(number, 20)+"&code="+wrong, "", nil, "X-Forwarded-For", last)
			if page.Status != http.StatusTooManyRequests || page.Header.Get("Retry-After") == "" ||
				!strings.Contains(string(page.Body), "操作过于频繁") {
				t.Fatalf("page: %d %q, want the Chinese 429 page with Retry-After", page.Status, page.Header.Get("Retry-After"))
			}
			env.Clock.Add(tt.afterwards)
			if r := lookup(number, code, last); r.Status != http.StatusOK {
				t.Fatalf("right code after %v: %d %s", tt.afterwards, r.Status, r.Body)
			}
		})
	}
}

// TestLoginThrottled: after five wrong passwords for one username the sixth try
// is refused even with the right password, other accounts unaffected; after the
// wait it works, and a success clears the count. Every failure is in the audit
// trail with the username as typed and the address, never the password.
func TestLoginThrottled(t *testing.T) {
	env := testenv.Start(t, monday)
	login := func(username, password string) *testenv.Response {
		return env.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": password})
	}
	const guess = "guess-Pa55word"
	for i := range 5 {
		if r := login("ZhangSan", guess); r.Status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	wantThrottled(t, "right password after 5 wrong", login("zhangsan", testenv.Password))
	env.Login("haixian") // another account logs in as usual
	env.Clock.Add(5 * time.Minute)
	env.Login("zhangsan")
	// The success cleared zhangsan's failures: five more are allowed.
	for i := range 5 {
		if r := login("zhangsan", guess); r.Status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d after a success: %d %s", i+1, r.Status, r.Body)
		}
	}

	var failed []audit.Entry
	err := env.Main.DB.Read(context.Background(), func(tx *store.Tx) error {
		es, err := tx.FindAuditBySubject(context.Background(), "user/zhangsan", audit.Position{}, 100)
		for _, e := range es {
			if e.Action == "auth.login_failed" {
				failed = append(failed, e)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 10 {
		t.Fatalf("%d failed log-ins audited, want 10", len(failed))
	}
	var after struct{ Username, Address string }
	if err := json.Unmarshal(failed[0].After, &after); err != nil {
		t.Fatal(err)
	}
	if after.Username != "ZhangSan" || after.Address != "127.0.0.1" {
		t.Errorf("audited %+v, want the username as typed and 127.0.0.1", after)
	}
	for _, e := range failed {
		if raw, _ := json.Marshal(e); strings.Contains(string(raw), guess) {
			t.Fatalf("the password is in the audit trail: %s", raw)
		}
	}
}

// TestLoginThrottledPerAddress: one address trying one password on many accounts
// is refused at the 21st failure, whichever account it names next.
func TestLoginThrottledPerAddress(t *testing.T) {
	env := testenv.Start(t, monday)
	for i := range 20 {
		r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": fmt.Sprintf("user%d", i), "password": "guess-Pa55word"})
		if r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	wantThrottled(t, "21st failure", env.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": "zhangsan", "password": testenv.Password}))
}

// TestAnonymousLimits: registration and anonymous search are limited per client
// address; a logged-in search is not.
func TestAnonymousLimits(t *testing.T) {
	env := testenv.Start(t, monday)
	register := func() *testenv.Response {
		// Refused as invalid, which costs no password hash but counts all the same.
		return env.Do("POST", "/api/v1/applicants", "", map[string]any{"username": "x", "kind": "person"})
	}
	search := func(token string) *testenv.Response { return env.Do("GET", "/api/v1/items?q=餐饮", token, nil) }
	for i := range 10 {
		if r := register(); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("registration %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	wantThrottled(t, "11th registration", register())
	for i := range 30 {
		if r := search(""); r.Status != http.StatusOK {
			t.Fatalf("search %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	wantThrottled(t, "31st anonymous search", search(""))
	if r := search(env.Login("zhangsan")); r.Status != http.StatusOK {
		t.Fatalf("logged-in search: %d %s", r.Status, r.Body)
	}
	if r := env.Do("GET", "/?q=餐饮", "", nil); r.Status != http.StatusTooManyRequests {
		t.Fatalf("home page search: %d, want 429", r.Status)
	}
}

// TestClientAddressFromTrustedProxyOnly: X-Forwarded-For names the client only
// when the peer is a configured proxy, and then its rightmost address that is not
// a proxy, not what the client wrote further left.
func TestClientAddressFromTrustedProxyOnly(t *testing.T) {
	tests := []struct {
		name      string
		configure func(*cli.Config)
		forwarded string
		want      string
	}{
		{name: "untrusted peer", configure: nil, forwarded: "203.0.113.7", want: "127.0.0.1"},
		{name: "trusted peer", configure: trustLocal, forwarded: "203.0.113.7", want: "203.0.113.7"},
		{name: "trusted peer, spoofed hop before", configure: trustLocal, forwarded: "198.51.100.1, 203.0.113.7", want: "203.0.113.7"},
		{name: "trusted chain", configure: func(c *cli.Config) { c.TrustedProxies = "127.0.0.1, 10.0.0.0/8" },
			forwarded: "203.0.113.7, 10.1.2.3", want: "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testenv.StartWith(t, monday, tt.configure)
			env.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": "nobody", "password": "guess-Pa55word"},
				"X-Forwarded-For", tt.forwarded)
			var es []audit.Entry
			err := env.Main.DB.Read(context.Background(), func(tx *store.Tx) (err error) {
				es, err = tx.FindAuditBySubject(context.Background(), "user/nobody", audit.Position{}, 10)
				return err
			})
			if err != nil || len(es) != 1 {
				t.Fatalf("audit: %d entries, %v", len(es), err)
			}
			var after struct{ Address string }
			_ = json.Unmarshal(es[0].After, &after)
			if after.Address != tt.want {
				t.Errorf("address %q, want %q", after.Address, tt.want)
			}
		})
	}
}
