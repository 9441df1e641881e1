package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// TestErrorAnswers: a request that fails is answered in the voice of what it asked
// for: the zh-CN error page for pages, a JSON error for the API, each under the
// status of the one table, and 405 with Allow for a method a path does not take.
func TestErrorAnswers(t *testing.T) {
	env := testenv.Start(t, monday)
	tests := []struct {
		name, method, path string
		want               int
		wantType           string
		wantText           string // in the page, or the error code of the API
		wantAllow          string
	}{
		{name: "unknown item page", method: "GET", path: "/items/NOPE-1", want: 404, wantType: "text/html", wantText: "没有找到您要的页面"},
		{name: "unknown page", method: "GET", path: "/nothing/here", want: 404, wantType: "text/html", wantText: "返回首页"},
		{name: "page posted to", method: "POST", path: "/items/" + foodLicence, want: 405, wantType: "text/html",
			wantText: "无法这样打开此页面", wantAllow: "GET, HEAD"},
		{name: "wrong lookup code", method: "GET", path: "/lookup?number=x&code=1", want: 404, wantType: "text/html", wantText: "查询码不正确"},
		{name: "empty lookup form", method: "GET", path: "/lookup", want: 200, wantType: "text/html", wantText: `name="number"`},
		{name: "unknown API path", method: "GET", path: "/api/v1/nothing", want: 404, wantType: "application/json", wantText: "not_found"},
		{name: "API path with the wrong method", method: "DELETE", path: "/api/v1/items/" + foodLicence, want: 405,
			wantType: "application/json", wantText: "method_not_allowed", wantAllow: "GET, HEAD, PUT"},
		{name: "API command read with GET", method: "GET", path: "/api/v1/items/" + foodLicence + "/publish", want: 405,
			wantType: "application/json", wantText: "method_not_allowed", wantAllow: "POST"},
		{name: "API list posted to", method: "POST", path: "/api/v1/users", want: 405,
			wantType: "application/json", wantText: "method_not_allowed", wantAllow: "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := env.Do(tt.method, tt.path, "", nil)
			if r.Status != tt.want || !strings.HasPrefix(r.Header.Get("Content-Type"), tt.wantType) {
				t.Fatalf("got %d %s, want %d %s: %s", r.Status, r.Header.Get("Content-Type"), tt.want, tt.wantType, r.Body)
			}
			if got := r.Header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow: got %q, want %q", got, tt.wantAllow)
			}
			if tt.wantType == "application/json" {
				if got := r.ErrorCode(); got != tt.wantText {
					t.Errorf("code: got %q, want %q", got, tt.wantText)
				}
			} else if !strings.Contains(string(r.Body), tt.wantText) {
				t.Errorf("%q not in the page: %s", tt.wantText, r.Body)
			}
		})
	}
}

// TestInternalErrorPage: a page whose query fails says so calmly, without the
// error's text, and shows the request ID that the log files the error under.
func TestInternalErrorPage(t *testing.T) {
	env := testenv.Start(t, monday)
	// The search index is lost, as a damaged database file could lose it.
	if err := env.Main.DB.Exec(context.Background(), `DROP TABLE items_fts`); err != nil {
		t.Fatal(err)
	}
	r := env.Do("GET", "/?q="+url.QueryEscape("餐饮"), "", nil)
	if r.Status != http.StatusInternalServerError || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("got %d %s, want a 500 page: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	page, id := string(r.Body), r.Header.Get("X-Request-ID")
	if id == "" || !strings.Contains(page, `<strong class="request-id">`+id+`</strong>`) {
		t.Errorf("the page does not show the request ID %q: %s", id, page)
	}
	for _, leak := range []string{"items_fts", "SQL", "no such table"} {
		if strings.Contains(page, leak) {
			t.Errorf("the page shows the internal error (%q): %s", leak, page)
		}
	}
	if !strings.Contains(page, "系统暂时出了点问题") {
		t.Errorf("the page does not say what happened: %s", page)
	}
}
