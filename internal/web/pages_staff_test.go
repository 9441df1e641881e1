package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"yiwang/internal/testenv"
	"yiwang/internal/web"
	"yiwang/internal/workday"
)

// staffMonday is a working week without holidays: the lights move only with the clock.
var staffMonday = time.Date(2026, 3, 2, 9, 30, 0, 0, workday.Beijing)

const medicineLicence = "370211-XK-0009" // scjg, promised 10

// browserSession is one person's cookie session on the pages.
type browserSession struct {
	t    *testing.T
	env  *testenv.Env
	jar  http.CookieJar
	post func(path string, form url.Values) (*http.Response, string)
}

// pageLogin logs username in on the log-in page.
func pageLogin(t *testing.T, env *testenv.Env, username string) *browserSession {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	s := &browserSession{t: t, env: env, jar: jar, post: formPoster(t, env, jar)}
	if resp, body := s.post("/login", url.Values{"username": {username}, "password": {testenv.Password}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("log-in %s: %d\n%s", username, resp.StatusCode, body)
	}
	return s
}

func (s *browserSession) get(path string) (*http.Response, string) {
	s.t.Helper()
	client := &http.Client{Jar: s.jar}
	resp, err := client.Get(s.env.URL + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// pngImage is a small real PNG, as a scanned material would be.
func pngImage(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 60, 40))
	for x := 0; x < 60; x++ {
		for y := 0; y < 40; y++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: 90, B: 160, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// onlineCaseWithImage has zhangsan apply for a food licence online, the first
// material a PNG, and the clerk accept it; it returns the number and the PNG's blob.
func onlineCaseWithImage(t *testing.T, env *testenv.Env) (number, pngBlob string) {
	t.Helper()
	zhang := env.Login("zhangsan")
	r := env.Do("POST", "/api/v1/blobs", zhang, pngImage(t), "Content-Type", "image/png")
	if r.Status != http.StatusCreated {
		t.Fatalf("upload png: %d %s", r.Status, r.Body)
	}
	pngBlob = r.Map(t)["id"].(string)
	ms := materialsOf(env, zhang, foodMaterials, "m1")
	ms = append(ms, map[string]any{"material": "m1", "blob": pngBlob})
	number = submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": ms})["number"].(string)
	act(t, env, env.Login("clerk"), number, "accept", nil, http.StatusOK)
	return number, pngBlob
}

// queueRow is one row of the queue page as shown.
type queueRow struct{ light, number, due string }

var queueRowRE = regexp.MustCompile(`<span class="light (\w+)">[^<]*</span> <a class="case-link" href="/cases/([^"]+)">[\s\S]*?到期 (\d{4}-\d{2}-\d{2})`)

func queueRows(body string) []queueRow {
	var out []queueRow
	for _, m := range queueRowRE.FindAllStringSubmatch(body, -1) {
		out = append(out, queueRow{m[1], m[2], m[3]})
	}
	return out
}

var lightRank = map[string]int{"red": 0, "yellow": 1, "blue": 2}

// TestApproverQueuePage: the approver's queue lists the department's tasks red
// first, then yellow, then blue, each by due date, and filters by light, item and
// step; other departments' tasks are not in it, and only approvers have it.
func TestApproverQueuePage(t *testing.T) {
	env := testenv.Start(t, staffMonday)
	clerk := env.Login("clerk")
	late := acceptedCase(t, env, clerk, foodLicence)       // review due 03-04: red from 03-05
	slow := acceptedCase(t, env, clerk, medicineLicence)   // review due later
	other := acceptedCase(t, env, clerk, "370211-XK-0002") // wjj's
	env.Clock.Set(time.Date(2026, 3, 5, 9, 0, 0, 0, workday.Beijing))
	fresh := acceptedCase(t, env, clerk, foodLicence)
	sweep(t, env)

	ap := pageLogin(t, env, "approver")
	resp, body := ap.get("/tasks")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("queue: %d\n%s", resp.StatusCode, body)
	}
	rows := queueRows(body)
	var numbers []string
	for _, r := range rows {
		numbers = append(numbers, r.number)
	}
	if len(rows) != 3 || rows[0].number != late || rows[0].light != "red" || !slices.Contains(numbers, slow) || !slices.Contains(numbers, fresh) {
		t.Fatalf("queue rows %+v, want %s red first, then %s and %s", rows, late, slow, fresh)
	}
	if slices.Contains(numbers, other) {
		t.Errorf("another department's task %s is in the queue", other)
	}
	// The filters offer the queue's items and steps, with their counts.
	for _, want := range []string{`<option value="` + medicineLicence + `">药品零售企业经营许可（新办）（1）</option>`,
		`<option value="` + foodLicence + `">食品经营许可（新办）（2）</option>`, `<option value="审查">审查（3）</option>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the queue's filters lack %s", want)
		}
	}
	if strings.Contains(body, "公共场所卫生许可") {
		t.Error("the filters offer another department's item")
	}
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		if lightRank[a.light] > lightRank[b.light] || a.light == b.light && a.due > b.due {
			t.Errorf("queue out of order: %+v before %+v", a, b)
		}
	}

	filtered := func(query string) []string {
		t.Helper()
		resp, body := ap.get("/tasks?" + query)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("queue ?%s: %d", query, resp.StatusCode)
		}
		var out []string
		for _, r := range queueRows(body) {
			out = append(out, r.number)
		}
		return out
	}
	if got := filtered("light=red"); !slices.Equal(got, []string{late}) {
		t.Errorf("red only: %v, want [%s]", got, late)
	}
	if got := filtered("item=" + medicineLicence); !slices.Equal(got, []string{slow}) {
		t.Errorf("one item: %v, want [%s]", got, slow)
	}
	if got := filtered("step=" + url.QueryEscape("审查")); len(got) != 3 {
		t.Errorf("review step: %v, want all three", got)
	}
	if got := filtered("step=" + url.QueryEscape("决定")); len(got) != 0 {
		t.Errorf("decision step: %v, want none (no decision is open yet)", got)
	}
	if got := filtered("light=blue&item=" + medicineLicence); len(got) > 1 || len(got) == 1 && got[0] != slow {
		t.Errorf("blue of one item: %v", got)
	}
	if resp, _ := ap.get("/tasks?light=green"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown light: %d, want 400", resp.StatusCode)
	}

	// Another department's approver sees their own queue only; a supervisor has none here.
	_, body = pageLogin(t, env, "approver-wjj").get("/tasks")
	if rows := queueRows(body); len(rows) != 1 || rows[0].number != other {
		t.Errorf("wjj's queue: %+v, want only %s", rows, other)
	}
	if resp, _ := pageLogin(t, env, "supervisor").get("/tasks"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("supervisor on /tasks: %d, want 403", resp.StatusCode)
	}
}

// TestStaffListsPaged: the queue and the supervisor's case list show 50 a page, and
// the next page carries on where the first stopped.
func TestStaffListsPaged(t *testing.T) {
	env := testenv.Start(t, staffMonday)
	clerk := env.Login("clerk")
	var want []string
	for i := 0; i < 52; i++ {
		want = append(want, acceptedCase(t, env, clerk, foodLicence))
	}
	ap := pageLogin(t, env, "approver")
	_, body := ap.get("/tasks")
	first := queueRows(body)
	if len(first) != 50 {
		t.Fatalf("first page: %d rows, want 50", len(first))
	}
	next := regexp.MustCompile(`<a class="button" href="([^"]+)">下一页</a>`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	_, body = ap.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	second := queueRows(body)
	if len(second) != 2 || strings.Contains(body, "下一页") {
		t.Fatalf("second page: %d rows (want 2), next link %v", len(second), strings.Contains(body, "下一页"))
	}
	var got []string
	for _, r := range append(first, second...) {
		got = append(got, r.number)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the two pages hold %v, want every case once: %v", got, want)
	}

	caseLinks := regexp.MustCompile(`<a class="case-link" href="/cases/([^"]+)">`)
	sup := pageLogin(t, env, "supervisor")
	_, body = sup.get("/supervise/cases?department=scjg")
	firstCases := caseLinks.FindAllStringSubmatch(body, -1)
	next = regexp.MustCompile(`<a class="button" href="([^"]+)">下一页</a>`).FindStringSubmatch(body)
	if len(firstCases) != 50 || next == nil {
		t.Fatalf("supervisor's first page: %d cases, next link %v", len(firstCases), next != nil)
	}
	_, body = sup.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	got = nil
	for _, m := range append(firstCases, caseLinks.FindAllStringSubmatch(body, -1)...) {
		got = append(got, m[1])
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the supervisor's two pages hold %v, want every case once", got)
	}
}

// TestStaffCasePage: the approver of the case's department opens it and works it
// from its forms (an empty opinion refused beside its field, suspend, resume,
// approve); the approver of another department can neither open it nor act on it;
// a supervisor reads it, with no action offered, and cannot approve it; the
// material opens in place for those who may see the case.
func TestStaffCasePage(t *testing.T) {
	env := testenv.Start(t, staffMonday)
	number, pngBlob := onlineCaseWithImage(t, env)
	casePath := "/cases/" + number
	ap := pageLogin(t, env, "approver")

	resp, body := ap.get(casePath)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("case page: %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{"张三", "办结此环节", `action="` + casePath + `/suspend"`, `action="` + casePath + `/extend"`,
		`<img src="/api/v1/cases/` + number + `/materials/` + pngBlob + `"`, "受理", "timeline"} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	for _, unwanted := range []string{`/approve"`, `/resume"`, "370211198503152138", "13800000001"} {
		if strings.Contains(body, unwanted) {
			t.Errorf("case page shows %q before it may", unwanted)
		}
	}

	// The material, through the page's session: shown in place, its type fixed.
	req, _ := http.NewRequest("GET", env.URL+"/api/v1/cases/"+number+"/materials/"+pngBlob, nil)
	mresp, err := (&http.Client{Jar: ap.jar}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	mresp.Body.Close()
	if mresp.StatusCode != http.StatusOK || mresp.Header.Get("Content-Type") != "image/png" ||
		mresp.Header.Get("Content-Disposition") != "inline" || mresp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("material: %d %q %q %q", mresp.StatusCode, mresp.Header.Get("Content-Type"),
			mresp.Header.Get("Content-Disposition"), mresp.Header.Get("X-Content-Type-Options"))
	}

	pdf := regexp.MustCompile(`<a class="material-view pdf" href="([^"]+)"`).FindStringSubmatch(body)
	if pdf == nil {
		t.Fatal("no PDF material on the case page")
	}
	presp, _ := ap.get(pdf[1])
	if presp.Header.Get("Content-Type") != "application/pdf" || presp.Header.Get("Content-Disposition") != "inline" ||
		!strings.Contains(presp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("PDF material: %q %q %q", presp.Header.Get("Content-Type"), presp.Header.Get("Content-Disposition"),
			presp.Header.Get("Content-Security-Policy"))
	}

	// The clerk of the hall that accepted it reads it with no approver's action;
	// the clerk of another hall does not find it.
	if resp, body := pageLogin(t, env, "clerk").get(casePath); resp.StatusCode != http.StatusOK || strings.Contains(body, `/suspend"`) {
		t.Errorf("the hall's clerk: %d, suspend offered %v", resp.StatusCode, strings.Contains(body, `/suspend"`))
	}
	if resp, _ := pageLogin(t, env, "clerk2").get(casePath); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another hall's clerk opens the case: %d, want 404", resp.StatusCode)
	}

	// Another department: the case does not exist for them, nor its material, nor its actions.
	wjj := pageLogin(t, env, "approver-wjj")
	if resp, _ := wjj.get(casePath); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another department's approver opens the case: %d, want 404", resp.StatusCode)
	}
	if resp, _ := wjj.get("/api/v1/cases/" + number + "/materials/" + pngBlob); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another department's approver reads the material: %d, want 404", resp.StatusCode)
	}
	if resp, _ := wjj.post(casePath+"/suspend", url.Values{"reason": {"expert_review"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another department's approver suspends: %d, want 404", resp.StatusCode)
	}

	// An empty opinion is refused beside its field, under the API's status.
	resp, body = ap.post(casePath+"/complete-task", url.Values{"seq": {"1"}, "opinion": {""}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="field-error" id="ct-opinion-error">请填写审查意见</p>`) {
		t.Fatalf("empty opinion: %d\n%s", resp.StatusCode, body)
	}
	resp, body = ap.post(casePath+"/extend", url.Values{"days": {"99"}, "reason": {"需要专家论证"}, "approved_by": {"局长 王某"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="ex-days-error"`) || !strings.Contains(body, "需要专家论证") {
		t.Fatalf("too long an extension: %d, the error beside days and the reason kept\n%s", resp.StatusCode, body)
	}

	// Suspend: only resume is offered then; resume; complete the review; approve.
	resp, body = ap.post(casePath+"/suspend", url.Values{"reason": {"expert_review"}, "note": {"组织专家评审"}})
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != casePath || !strings.Contains(body, "已完成：暂停计时") ||
		!strings.Contains(body, `/resume"`) || strings.Contains(body, `/suspend"`) || strings.Contains(body, "办结此环节") ||
		!strings.Contains(body, "专家评审") {
		t.Fatalf("after suspend: %d at %s\n%s", resp.StatusCode, resp.Request.URL, body)
	}
	ap.post(casePath+"/resume", nil)
	if resp, body = ap.post(casePath+"/complete-task", url.Values{"seq": {"1"}, "opinion": {"材料齐全，符合条件"}}); !strings.Contains(body, `/approve"`) {
		t.Fatalf("after the review the decision is offered: %d\n%s", resp.StatusCode, body)
	}

	// A supervisor reads the case and its trail, is offered nothing, and cannot approve.
	sup := pageLogin(t, env, "supervisor")
	resp, body = sup.get(casePath)
	if resp.StatusCode != http.StatusOK || strings.Contains(body, `method="post" action="`+casePath) || !strings.Contains(body, "暂停计时") {
		t.Fatalf("supervisor's case page: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := sup.post(casePath+"/approve", url.Values{"reason": {"同意"}}); resp.StatusCode != http.StatusForbidden ||
		!strings.Contains(body, "您无权对本办件执行“准予许可”") || strings.Contains(body, "“approve”") {
		t.Errorf("supervisor approves: %d, want 403 said in words\n%s", resp.StatusCode, body)
	}
	if st := env.Do("GET", "/api/v1/cases/"+number, env.Login("approver"), nil).Map(t)["status"]; st != "in_review" {
		t.Fatalf("after the supervisor's attempt: status %v, want in_review", st)
	}

	resp, body = ap.post(casePath+"/approve", url.Values{"reason": {"符合条件，准予许可"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "已完成：准予许可") || strings.Contains(body, `/approve"`) {
		t.Fatalf("approve: %d\n%s", resp.StatusCode, body)
	}
	if st := env.Do("GET", "/api/v1/cases/"+number, env.Login("approver"), nil).Map(t)["status"]; st != "approved" {
		t.Errorf("status %v, want approved", st)
	}
}

// TestSupervisorBoard: the supervisor's board counts the open cases by light per
// department and hall, each count leading to its cases, 50 a page; the audit check
// has its own page; approvers have neither.
func TestSupervisorBoard(t *testing.T) {
	env := testenv.Start(t, staffMonday)
	clerk := env.Login("clerk")
	late := acceptedCase(t, env, clerk, foodLicence) // promised 3: due 03-05
	onTime := acceptedCase(t, env, clerk, medicineLicence)
	env.Clock.Set(time.Date(2026, 3, 9, 9, 0, 0, 0, workday.Beijing))
	sweep(t, env)

	sup := pageLogin(t, env, "supervisor")
	resp, body := sup.get("/supervise")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("board: %d\n%s", resp.StatusCode, body)
	}
	red := regexp.MustCompile(`<a class="count red" href="([^"]*department=scjg[^"]*)" aria-label="[^"]*红灯 1 件">1</a>`).FindStringSubmatch(body)
	if red == nil {
		t.Fatalf("no red count of 1 for scjg:\n%s", body)
	}
	_, list := sup.get(strings.ReplaceAll(red[1], "&amp;", "&"))
	if !strings.Contains(list, `href="/cases/`+late+`"`) || strings.Contains(list, onTime) {
		t.Fatalf("red cases of scjg: want %s only\n%s", late, list)
	}
	if resp, body := sup.get("/cases/" + late); resp.StatusCode != http.StatusOK || !strings.Contains(body, "已超期") {
		t.Errorf("the red case's page: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := sup.get("/supervise/audit"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "审计链完整") {
		t.Errorf("audit page: %d\n%s", resp.StatusCode, body)
	}
	ap := pageLogin(t, env, "approver")
	for _, p := range []string{"/supervise", "/supervise/cases", "/supervise/audit"} {
		if resp, _ := ap.get(p); resp.StatusCode != http.StatusForbidden {
			t.Errorf("approver on %s: %d, want 403", p, resp.StatusCode)
		}
	}
}

// TestBrowserApprover: the approver's journey (browser/journeys/approver.mjs) on a
// case zhangsan filed online and the clerk accepted, behind a red one in the queue.
func TestBrowserApprover(t *testing.T) {
	env := testenv.Start(t, staffMonday)
	onlineCaseWithImage(t, env) // review due 03-04: red by 03-16
	env.Clock.Set(time.Date(2026, 3, 16, 9, 0, 0, 0, workday.Beijing))
	onlineCaseWithImage(t, env) // the newer ones are not yet due
	acceptedCase(t, env, env.Login("clerk"), medicineLicence)
	sweep(t, env)
	journey(t, env, "approver")
}

// TestBrowserSupervisor: the supervisor's journey (browser/journeys/supervisor.mjs)
// from a case made red by the clock and the sweep.
func TestBrowserSupervisor(t *testing.T) {
	env := testenv.Start(t, staffMonday)
	clerk := env.Login("clerk")
	acceptedCase(t, env, clerk, foodLicence) // promised 3: due 03-05
	acceptedCase(t, env, clerk, medicineLicence)
	env.Clock.Set(time.Date(2026, 3, 9, 9, 0, 0, 0, workday.Beijing))
	sweep(t, env)
	journey(t, env, "supervisor")
}

// TestMaterialDisposition: only the types a browser shows safely in place are
// sent inline; anything else, should the blob store ever admit it, is a download.
func TestMaterialDisposition(t *testing.T) {
	for ct, want := range map[string]string{"application/pdf": "inline", "image/png": "inline", "image/jpeg": "inline",
		"text/html": "attachment", "image/svg+xml": "attachment", "application/octet-stream": "attachment", "": "attachment"} {
		if got := web.MaterialDisposition(ct); got != want {
			t.Errorf("%q: %s, want %s", ct, got, want)
		}
	}
}
