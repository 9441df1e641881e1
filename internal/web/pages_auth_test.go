package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// TestLoginPage: a person logs in on the page's form and is sent on to where they
// were going, named in the header; a wrong password is answered on the form; a
// link to another site is not followed; log-out ends the session at once.
func TestLoginPage(t *testing.T) {
	env := testenv.Start(t, monday)
	jar, _ := cookiejar.New(nil)
	post := formPoster(t, env, jar)
	resp, body := post("/login", url.Values{"username": {"zhangsan"}, "password": {"wrong-password-1"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "用户名或密码不正确") || !strings.Contains(body, `value="zhangsan"`) {
		t.Fatalf("wrong password: %d\n%s", resp.StatusCode, body)
	}
	resp, body = post("/login", url.Values{"username": {"zhangsan"}, "password": {testenv.Password}, "next": {"/items/" + foodLicence}})
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/items/"+foodLicence || !strings.Contains(body, "张三") || !strings.Contains(body, "退出") {
		t.Fatalf("log-in: %d at %s\n%s", resp.StatusCode, resp.Request.URL, body)
	}
	var cookie *http.Cookie
	for _, c := range jar.Cookies(mustURL(t, env.URL)) {
		cookie = c
	}
	if cookie == nil {
		t.Fatal("no session cookie")
	}
	if r := env.Do("GET", "/api/v1/auth/me", cookie.Value, nil); r.Status != http.StatusOK {
		t.Fatalf("the page's session: %d", r.Status)
	}
	resp, _ = post("/logout", nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Errorf("log-out: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if r := env.Do("GET", "/api/v1/auth/me", cookie.Value, nil); r.Status != http.StatusUnauthorized {
		t.Errorf("after log-out the session answers %d", r.Status)
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		resp, _ = post("/login", url.Values{"username": {"zhangsan"}, "password": {testenv.Password}, "next": {next}})
		if resp.Request.URL.Host != mustURL(t, env.URL).Host || resp.Request.URL.Path != "/" {
			t.Errorf("next %q led to %s", next, resp.Request.URL)
		}
	}
	// A form posted from another site is refused, as every cross-site POST is.
	req, _ := http.NewRequest("POST", env.URL+"/login", strings.NewReader("username=zhangsan&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site log-in: %v %v", r.StatusCode, err)
	}
}

// formPoster returns a function that posts a form to a page of env as a browser
// keeping cookies in jar does, and returns the answer after redirects with its body.
func formPoster(t *testing.T, env *testenv.Env, jar http.CookieJar) func(path string, form url.Values) (*http.Response, string) {
	client := &http.Client{Jar: jar}
	return func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", env.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", env.URL) // what a browser sends with a form of this site
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestRegisterPage: an applicant registers on the page's form and is logged in; a
// refusal is shown beside the field to fix, keeping what was typed but the password.
func TestRegisterPage(t *testing.T) {
	env := testenv.Start(t, monday)
	jar, _ := cookiejar.New(nil)
	post := formPoster(t, env, jar)
	form := url.Values{"kind": {"person"}, "name": {"王五"}, "id_number": {"370211198803121237"}, "phone": {"13800000009"},
		"username": {"wangwu"}, "password": {"password2026"}}
	resp, body := post("/register", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="password-error"`) ||
		!strings.Contains(body, "该密码过于常见") || !strings.Contains(body, `value="370211198803121237"`) || strings.Contains(body, "password2026") {
		t.Fatalf("common password: %d\n%s", resp.StatusCode, body)
	}
	form.Set("password", "a-long-passphrase-1")
	resp, body = post("/register", form)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" || !strings.Contains(body, "王五") || !strings.Contains(body, "退出") {
		t.Fatalf("registration: %d at %s\n%s", resp.StatusCode, resp.Request.URL, body)
	}
	form.Set("username", "wangwu2")
	resp, body = post("/register", form)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `id="id_number-error"`) || !strings.Contains(body, "已注册过账号") {
		t.Errorf("a second account for one ID number: %d\n%s", resp.StatusCode, body)
	}
}
