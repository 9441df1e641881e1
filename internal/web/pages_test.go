package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yiwang/internal/testenv"
)

// chromium returns the path of headless Chromium. Without it the test is skipped on
// a developer machine and fails in CI, where scripts/test installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed; scripts/test installs it")
	}
	t.Skip("Chromium is not installed; run scripts/test to install it")
	return ""
}

// render loads url in headless Chromium at the given window size, returns the DOM
// after scripts ran, and saves a screenshot under $YIWANG_SCREENSHOTS (to look at)
// or the test's temporary directory.
func render(t *testing.T, bin, url, name string, width, height int) string {
	t.Helper()
	dir := os.Getenv("YIWANG_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	png := filepath.Join(dir, name+".png")
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(), fmt.Sprintf("--window-size=%d,%d", width, height)}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, bin, append(args, "--screenshot="+png, url)...).CombinedOutput(); err != nil {
		t.Fatalf("chromium screenshot %s: %v\n%s", url, err, out)
	}
	if st, err := os.Stat(png); err != nil || st.Size() < 1000 {
		t.Errorf("screenshot %s is missing or empty", png)
	}
	dom, err := exec.CommandContext(ctx, bin, append(args, "--dump-dom", url)...).Output()
	if err != nil {
		t.Fatalf("chromium dump-dom %s: %v", url, err)
	}
	return string(dom)
}

// TestPublicPages renders the home page, a search, an item's guide and the progress
// lookup in a real browser, on a desktop and on a phone-sized screen.
func TestPublicPages(t *testing.T) {
	bin := chromium(t)
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	c := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})
	number, code := c["number"].(string), c["query_code"].(string)
	act(t, env, clerk, number, "accept", nil, http.StatusOK)

	list := render(t, bin, env.URL+"/", "home", 1280, 900)
	results := render(t, bin, env.URL+"/?q="+url.QueryEscape("餐饮"), "search-phone", 390, 844)
	guide := render(t, bin, env.URL+"/items/"+foodLicence, "item", 1280, 900)
	progress := render(t, bin, env.URL+"/lookup?number="+number+"&code="+code, "lookup", 1280, 700)
	wrong := render(t, bin, env.URL+"/lookup?number="+number+"&code=00000000", "lookup-wrong-code-phone", 390, 844)
	for _, check := range []struct{ name, text, want string }{
		{"catalog lists items", list, "食品经营许可（新办）"},
		{"catalog lists instant items", list, "即办件"},
		{"search 餐饮 finds the food licence", results, "食品经营许可（新办）"},
		{"guide shows materials", guide, "经营场所使用证明"},
		{"guide shows the promise", guide, "3 个工作日"},
		{"guide shows the form's fields", guide, "经营面积（平方米）"},
		{"guide shows a field's choices", guide, "热食类食品制售、冷食类食品制售"},
		{"lookup shows status", progress, "已受理"},
		{"lookup shows the due date", progress, "2026-02-12"},
		{"wrong code is refused", wrong, "查询码不正确"},
	} {
		if !strings.Contains(check.text, check.want) {
			t.Errorf("%s: %q not in the page", check.name, check.want)
		}
	}
	if strings.Contains(results, "公共场所卫生许可") {
		t.Errorf("search 餐饮 lists an unrelated item")
	}
	if strings.Contains(progress, "李四") || strings.Contains(progress, "404X") {
		t.Errorf("the public lookup shows personal data")
	}
}
