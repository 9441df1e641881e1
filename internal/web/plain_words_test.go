package web_test

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"yiwang/internal/casework"
	"yiwang/internal/testenv"
	"yiwang/internal/web"
)

// codeWords are what a person must never read on a page: identifiers of the code
// (snake_case words such as complete_task or invalid_fields), the English names of
// statuses and actions, package prefixes of Go errors (workday: …, but not the
// address a QR code carries, written out beside it), HTTP method
// names and the standard library's English answers.
var codeWords = func() *regexp.Regexp {
	words := []string{`[a-z][a-z0-9]*_[a-z0-9_]+`, `GET`, `POST`, `PUT`, `DELETE`, `HEAD`}
	for _, s := range casework.Statuses {
		words = append(words, regexp.QuoteMeta(string(s)))
	}
	for _, a := range casework.Actions {
		words = append(words, regexp.QuoteMeta(string(a)))
	}
	return regexp.MustCompile(`(^|[^A-Za-z0-9_])(` + strings.Join(words, "|") + `)($|[^A-Za-z0-9_])` +
		`|\b(workday|store|app|casework|catalog|apperr|access|notify|sql|sqlite|http|web):[^/]` +
		`|Not Found|Forbidden|Method Not Allowed|Bad Request|Unauthorized|Too Many|cross-origin|Internal Server Error`)
}()

var (
	invisible = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>|<!--.*?-->`)
	tag       = regexp.MustCompile(`(?s)<[^>]*>`)
	spoken    = regexp.MustCompile(`(?i)\s(?:aria-label|placeholder|alt|title)="([^"]*)"`)
)

// visibleText is what a person reads or hears of a page: its text, title included,
// and the labels, placeholders and alternative texts of its elements.
func visibleText(page string) string {
	page = invisible.ReplaceAllString(page, " ")
	var b strings.Builder
	for _, m := range spoken.FindAllStringSubmatch(page, -1) {
		b.WriteString(html.UnescapeString(m[1]) + "\n")
	}
	b.WriteString(html.UnescapeString(tag.ReplaceAllString(page, " ")))
	return b.String()
}

// TestPagesSpeakPlainChinese walks every page route, anonymously and as an
// applicant, and every error an anonymous visitor can cause (an unknown page, a
// wrong method, a cross-site form, an expired session, a form too large, too many
// failed log-ins, a bad link), and fails if a page shows a code identifier, or if an
// error is not the site's own page in Chinese.
func TestPagesSpeakPlainChinese(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang, clerk := env.Login("zhangsan"), env.Login("clerk")
	number := submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhang, foodMaterials)})["number"].(string)
	act(t, env, clerk, number, "request-correction", map[string]any{"items": []map[string]any{
		{"material": "m7", "problem": "缺少经营场所使用证明"}}}, http.StatusOK)
	msgID := strconv.FormatInt(messages(t, env, zhang).Messages[0].ID, 10)
	values := map[string]string{"code": foodLicence, "number": number, "id": msgID}
	fill := regexp.MustCompile(`\{(\w+)(\.\.\.)?\}`)
	patterns, err := web.RoutePatterns()
	if err != nil {
		t.Fatal(err)
	}

	type visit struct {
		what, method, path, body string
		headers                  []string
		jar                      http.CookieJar
		want                     int // 0: any status
		wantText                 string
	}
	anonymous, _ := cookiejar.New(nil)
	applicant, _ := cookiejar.New(nil)
	if resp, _ := formPoster(t, env, applicant)("/login", url.Values{"username": {"zhangsan"}, "password": {testenv.Password}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("log-in: %d", resp.StatusCode)
	}
	var visits []visit
	routed := map[string][]string{} // path → methods
	for _, p := range patterns {
		method, path, _ := strings.Cut(p, " ")
		if strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/static/") || !strings.HasPrefix(path, "/") ||
			path == "/healthz" || path == "/readyz" || path == "/metrics" {
			continue
		}
		path = strings.TrimSuffix(fill.ReplaceAllStringFunc(path, func(m string) string {
			if v, ok := values[fill.FindStringSubmatch(m)[1]]; ok {
				return v
			}
			return "1"
		}), "{$}")
		routed[path] = append(routed[path], method)
		form := []string{"Content-Type", "application/x-www-form-urlencoded", "Origin", env.URL}
		for who, jar := range map[string]http.CookieJar{"anonymous": anonymous, "zhangsan": applicant} {
			if p == "POST /logout" && who == "zhangsan" {
				continue // the walk goes on logged in
			}
			visits = append(visits, visit{what: who + " " + p, method: method, path: path, headers: form, jar: jar})
		}
		if method == "POST" {
			visits = append(visits, visit{what: "cross-site " + p, method: "POST", path: path, jar: applicant, want: http.StatusForbidden,
				wantText: "不接受从其他网站提交的表单", headers: []string{"Content-Type", "application/x-www-form-urlencoded",
					"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}})
		}
	}
	for path, methods := range routed {
		other := "POST"
		if len(methods) == 1 && methods[0] == "POST" {
			other = "GET"
		} else if strings.Contains(strings.Join(methods, " "), "POST") {
			continue
		}
		visits = append(visits, visit{what: "wrong method " + other + " " + path, method: other, path: path, jar: anonymous,
			headers: []string{"Origin", env.URL}, want: http.StatusMethodNotAllowed, wantText: "无法这样打开此页面"})
	}
	stale := []string{"Cookie", web.SessionCookie + "=no-longer-valid"}
	visits = append(visits,
		visit{what: "unknown page", method: "GET", path: "/nothing/here", jar: anonymous, want: http.StatusNotFound, wantText: "没有找到您要的页面"},
		visit{what: "unknown item", method: "GET", path: "/items/NOPE-1", jar: anonymous, want: http.StatusNotFound},
		visit{what: "wrong query code", method: "GET", path: "/lookup?number=" + number + "&code=1", jar: anonymous, want: http.StatusNotFound},
		visit{what: "expired session", method: "GET", path: "/messages", headers: stale, want: http.StatusOK, wantText: "登录已过期，请重新登录"},
		visit{what: "expired session posting", method: "POST", path: "/messages/read-all", want: http.StatusUnauthorized,
			headers: append([]string{"Origin", env.URL, "Content-Type", "application/x-www-form-urlencoded"}, stale...), wantText: "登录已过期"},
		visit{what: "a form too large", method: "POST", path: "/login", jar: anonymous, body: "username=" + strings.Repeat("a", 8<<10),
			headers: []string{"Content-Type", "application/x-www-form-urlencoded", "Origin", env.URL}, want: http.StatusRequestEntityTooLarge, wantText: "内容过大"},
		visit{what: "a bad page link", method: "GET", path: "/messages?cursor=not-a-cursor", jar: applicant, want: http.StatusBadRequest, wantText: "链接已失效"},
	)
	for i := 0; i < 6; i++ {
		v := visit{what: "failed log-in " + strconv.Itoa(i+1), method: "POST", path: "/login", jar: anonymous,
			body:    url.Values{"username": {"zhangsan"}, "password": {"wrong-password-1"}}.Encode(),
			headers: []string{"Content-Type", "application/x-www-form-urlencoded", "Origin", env.URL}, want: http.StatusUnauthorized}
		if i == 5 {
			v.want, v.wantText = http.StatusTooManyRequests, "操作过于频繁"
		}
		visits = append(visits, v)
	}

	for _, v := range visits {
		req, _ := http.NewRequest(v.method, env.URL+v.path, strings.NewReader(v.body))
		for i := 0; i+1 < len(v.headers); i += 2 {
			req.Header.Set(v.headers[i], v.headers[i+1])
		}
		client := &http.Client{}
		if v.jar != nil {
			client.Jar = v.jar
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", v.what, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(b)
		if v.want != 0 && resp.StatusCode != v.want {
			t.Errorf("%s: %d, want %d", v.what, resp.StatusCode, v.want)
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(page, `<html lang="zh-CN">`) ||
			!strings.Contains(page, "一网通办") {
			t.Errorf("%s: %d is not a page of the site: %s %.200s", v.what, resp.StatusCode, resp.Header.Get("Content-Type"), page)
			continue
		}
		text := visibleText(page)
		if m := codeWords.FindString(text); m != "" {
			t.Errorf("%s (%d at %s) shows %q:\n%s", v.what, resp.StatusCode, resp.Request.URL.Path, strings.TrimSpace(m), text)
		}
		if v.wantText != "" && !strings.Contains(text, v.wantText) {
			t.Errorf("%s: %q not on the page:\n%s", v.what, v.wantText, text)
		}
		if resp.StatusCode == http.StatusMethodNotAllowed && resp.Header.Get("Allow") == "" {
			t.Errorf("%s: 405 without Allow", v.what)
		}
	}

	// The API refuses a cross-site request in its own voice, as JSON.
	r := env.Do("POST", "/api/v1/messages/"+msgID+"/read", "", nil, "Cookie", web.SessionCookie+"="+zhang,
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if r.Status != http.StatusForbidden || r.ErrorCode() != "cross_site" {
		t.Errorf("cross-site API call: %d %s", r.Status, r.Body)
	}

	// The expired cookie is cleared on the way to the log-in page.
	req, _ := http.NewRequest("GET", env.URL+"/messages", nil)
	req.Header.Set(stale[0], stale[1])
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cleared := false
	for _, c := range resp.Cookies() {
		cleared = cleared || c.Name == web.SessionCookie && c.MaxAge < 0
	}
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?") ||
		!strings.Contains(loc, "expired=1") || !cleared {
		t.Errorf("expired session: %d to %q, cookies %v", resp.StatusCode, loc, resp.Header["Set-Cookie"])
	}
}
