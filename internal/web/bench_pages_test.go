package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"yiwang/internal/testenv"
	"yiwang/internal/web"
)

// BenchmarkPages measures, on one server in one run, how many pages a second one
// signed-in client gets of: a trivial handler (/healthz, the baseline), the item
// guide, the approver's queue showing 50 tasks, and a case page, each page built
// with its session and permission checks. It reports each rate and its ratio to
// the baseline's (issue 12 §5 aims at 30% or more):
//
//	go test -run XXX -bench Pages -benchtime 2s ./internal/web/
func BenchmarkPages(b *testing.B) {
	env := testenv.Start(b, staffMonday)
	clerk := env.Login("clerk")
	var numbers []string
	for i := 0; i < 60; i++ {
		numbers = append(numbers, benchAcceptedCase(b, env, clerk, foodLicence))
	}
	cookie := &http.Cookie{Name: web.SessionCookie, Value: env.Login("approver")}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	fetch := func(path string) (int, string, time.Duration) {
		req, _ := http.NewRequest("GET", env.URL+path, nil)
		req.AddCookie(cookie)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		return resp.StatusCode, string(body), time.Since(start)
	}
	get := func(path, want string) time.Duration {
		status, body, took := fetch(path)
		if status != http.StatusOK || !strings.Contains(body, want) {
			b.Fatalf("GET %s: %d, want 200 with %q", path, status, want)
		}
		return took
	}
	// The queue's page really shows 50 rows, of the 60 tasks.
	if _, body, _ := fetch("/tasks"); strings.Count(body, `class="case-link"`) != 50 {
		b.Fatalf("the queue shows %d rows, want 50", strings.Count(body, `class="case-link"`))
	}
	pages := []struct{ name, path, want string }{
		{"trivial", "/healthz", ""},
		{"item", "/items/" + foodLicence, "申请材料"},
		{"queue50", "/tasks", "下一页"},
		{"case", "/cases/" + numbers[0], "办理记录"},
	}
	spent := make([]time.Duration, len(pages))
	for _, p := range pages { // warm up connections and caches
		get(p.path, p.want)
	}
	b.ResetTimer()
	for b.Loop() {
		for i, p := range pages {
			spent[i] += get(p.path, p.want)
		}
	}
	b.StopTimer()
	rate := func(i int) float64 { return float64(b.N) / spent[i].Seconds() }
	for i, p := range pages {
		b.ReportMetric(rate(i), p.name+"/s")
		if i > 0 {
			b.ReportMetric(rate(i)/rate(0), p.name+"/trivial")
		}
	}
	b.ReportMetric(0, "ns/op") // the loop runs four different pages: a time per loop means nothing
}

// benchAcceptedCase is acceptedCase for a benchmark: filed at the window for 李四
// with paper materials and accepted.
func benchAcceptedCase(b *testing.B, env *testenv.Env, clerk, item string) string {
	b.Helper()
	var it struct {
		Materials []struct {
			ID       string
			Required bool
		}
	}
	env.Do("GET", "/api/v1/items/"+item, "", nil).JSON(b, &it)
	var ids []string
	for _, m := range it.Materials {
		if m.Required {
			ids = append(ids, m.ID)
		}
	}
	r := env.Do("POST", "/api/v1/cases", clerk, map[string]any{"item": item, "applicant": lisiInput(),
		"materials": paper(ids), "form": env.Form(item)})
	if r.Status != http.StatusCreated {
		b.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	number := r.Map(b)["number"].(string)
	if r := env.Do("POST", "/api/v1/cases/"+number+"/accept", clerk, nil); r.Status != http.StatusOK {
		b.Fatalf("accept: %d %s", r.Status, r.Body)
	}
	return number
}
