package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"yiwang/internal/notify"
	"yiwang/internal/store"
	"yiwang/internal/testenv"
	"yiwang/internal/workday"
)

type message struct {
	ID           int64
	Case, Action string
	Title, Body  string
	ReadAt       *string `json:"read_at"`
}

type messageList struct {
	Messages   []message
	NextCursor string `json:"next_cursor"`
	HasMore    bool   `json:"has_more"`
	Unread     int
}

func messages(t *testing.T, env *testenv.Env, token string) messageList {
	t.Helper()
	r := env.Do("GET", "/api/v1/messages?limit=500", token, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("messages: %d %s", r.Status, r.Body)
	}
	var l messageList
	r.JSON(t, &l)
	return l
}

// told returns the actions of the messages about number, oldest first, and the
// newest of them.
func told(t *testing.T, env *testenv.Env, token, number string) ([]string, message) {
	t.Helper()
	var actions []string
	var last message
	for _, m := range messages(t, env, token).Messages {
		if m.Case == number {
			if actions == nil {
				last = m
			}
			actions = append([]string{m.Action}, actions...)
		}
	}
	return actions, last
}

// TestMessageForEveryChange: the applicant is told of each change of their case that
// matters to them, in words that say what happened and what to do; the back office's
// own steps are not messages.
func TestMessageForEveryChange(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang, clerk, approver, officer := env.Login("zhangsan"), env.Login("clerk"), env.Login("approver"), env.Login("certofficer")
	expect := func(number string, want []string, words ...string) {
		t.Helper()
		got, last := told(t, env, zhang, number)
		if !slices.Equal(got, want) {
			t.Fatalf("messages about %s: %v, want %v", number, got, want)
		}
		for _, w := range words {
			if !strings.Contains(last.Title+last.Body, w) {
				t.Errorf("the %s message does not say %q: %s %s", last.Action, w, last.Title, last.Body)
			}
		}
	}

	number := submit(t, env, zhang, map[string]any{"item": foodLicence,
		"materials": materialsOf(env, zhang, foodMaterials, "m6", "m7")})["number"].(string)
	steps := []string{"submit"}
	expect(number, steps, "申请已提交", number)
	act(t, env, clerk, number, "request-correction", map[string]any{"items": []map[string]any{
		{"material": "m7", "problem": "缺少经营场所使用证明"}}}, http.StatusOK)
	steps = append(steps, "request_correction")
	expect(number, steps, "请补正材料", "缺少经营场所使用证明")
	act(t, env, zhang, number, "supplement", map[string]any{"materials": materialsOf(env, zhang, []string{"m7"})}, http.StatusOK)
	steps = append(steps, "supplement")
	expect(number, steps, "补正材料已收到")
	act(t, env, clerk, number, "accept-with-gaps", map[string]any{"gaps": []map[string]any{{"material": "m6", "due": "2026-02-13"}}}, http.StatusOK)
	steps = append(steps, "accept_with_gaps")
	expect(number, steps, "容缺受理", "2026年2月13日 前补交", "承诺办结日期")
	act(t, env, zhang, number, "supplement", map[string]any{"materials": materialsOf(env, zhang, []string{"m6"})}, http.StatusOK)
	steps = append(steps, "supplement")
	expect(number, steps, "容缺材料")
	act(t, env, approver, number, "complete-task", map[string]any{"seq": 1, "opinion": "材料齐全"}, http.StatusOK)
	expect(number, steps) // a step of the back office: no message
	act(t, env, approver, number, "suspend", map[string]any{"reason": "site_inspection", "note": "需到店勘验"}, http.StatusOK)
	steps = append(steps, "suspend")
	expect(number, steps, "暂停计时", "现场勘验", "需到店勘验")
	act(t, env, approver, number, "resume", nil, http.StatusOK)
	steps = append(steps, "resume")
	expect(number, steps, "恢复计时")
	act(t, env, approver, number, "extend", map[string]any{"days": 2, "reason": "需专家论证", "approved_by": "局长"}, http.StatusOK)
	steps = append(steps, "extend")
	expect(number, steps, "延长办理期限2个工作日", "需专家论证")
	act(t, env, approver, number, "approve", map[string]any{"reason": "符合条件"}, http.StatusOK)
	steps = append(steps, "approve")
	expect(number, steps, "准予许可", "符合条件")
	act(t, env, officer, number, "issue", nil, http.StatusOK)
	steps = append(steps, "issue")
	expect(number, steps, "证照已制作")
	act(t, env, officer, number, "deliver", map[string]any{"method": "express", "carrier": "邮政EMS", "tracking_number": "1180000000001"}, http.StatusOK)
	steps = append(steps, "deliver")
	expect(number, steps, "邮政EMS", "1180000000001", "办结")

	full := func() string {
		return submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhang, foodMaterials)})["number"].(string)
	}
	refused := full()
	act(t, env, clerk, refused, "refuse", map[string]any{"reason": "不属于本机关职权范围"}, http.StatusOK)
	expect(refused, []string{"submit", "refuse"}, "不予受理", "不属于本机关职权范围")

	withdrawn := full()
	act(t, env, zhang, withdrawn, "withdraw", map[string]any{"reason": "不再经营"}, http.StatusOK)
	expect(withdrawn, []string{"submit", "withdraw"}, "已撤回", "不再经营")

	denied := full()
	act(t, env, clerk, denied, "accept", nil, http.StatusOK)
	expect(denied, []string{"submit", "accept"}, "申请已受理", "承诺办结日期")
	act(t, env, approver, denied, "complete-task", map[string]any{"seq": 1, "opinion": "场所不符"}, http.StatusOK)
	act(t, env, approver, denied, "deny", map[string]any{"reason": "经营场所不符合要求"}, http.StatusOK)
	expect(denied, []string{"submit", "accept", "deny"}, "不予许可", "经营场所不符合要求")

	// Art. 32: left unanswered for more than five working days, the case is accepted
	// by the sweep, and the applicant is told so.
	deemed := full()
	env.Clock.Set(time.Date(2026, 2, 25, 8, 0, 0, 0, workday.Beijing))
	sweep(t, env)
	expect(deemed, []string{"submit", "deemed_accept"}, "视为受理", "第三十二条")

	// A window applicant without an account is told too; their messages are kept
	// with them, and no account sees them.
	walkIn := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})["number"].(string)
	if got, _ := told(t, env, zhang, walkIn); got != nil {
		t.Errorf("zhangsan is told of 李四's case: %v", got)
	}
	var c struct{ Applicant struct{ ID int64 } }
	env.Do("GET", "/api/v1/cases/"+walkIn, clerk, nil).JSON(t, &c)
	var kept []notify.Message
	if err := env.Main.DB.Read(context.Background(), func(tx *store.Tx) (err error) {
		kept, err = tx.FindMessages(context.Background(), c.Applicant.ID, 0, 10)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(kept) != 1 || kept[0].Case != walkIn || kept[0].Action != "submit" || !strings.Contains(kept[0].Body, "办件编号") {
		t.Errorf("the walk-in applicant's messages: %+v", kept)
	}
}

// TestMessagesAreTheApplicants: one applicant never sees, nor marks read, another's
// messages, on the page or through the API; staff have no message centre; the
// unread count in the header falls as messages are read.
func TestMessagesAreTheApplicants(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang, hai, clerk := env.Login("zhangsan"), env.Login("haixian"), env.Login("clerk")
	first := submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhang, foodMaterials)})["number"].(string)
	act(t, env, clerk, first, "accept", nil, http.StatusOK)
	second := submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhang, foodMaterials)})["number"].(string)
	mine := messages(t, env, zhang)
	if len(mine.Messages) != 3 || mine.Unread != 3 || mine.Messages[0].Case != second || mine.Messages[2].Case != first {
		t.Fatalf("zhangsan's messages, newest first: %+v", mine)
	}
	if theirs := messages(t, env, hai); len(theirs.Messages) != 0 || theirs.Unread != 0 {
		t.Fatalf("haixian sees %+v", theirs)
	}
	if r := env.Do("GET", "/api/v1/messages", clerk, nil); r.Status != http.StatusForbidden {
		t.Errorf("a clerk's messages: %d", r.Status)
	}
	id := strconv.FormatInt(mine.Messages[0].ID, 10)
	wantCode(t, env.Do("POST", "/api/v1/messages/"+id+"/read", hai, nil), http.StatusNotFound, "not_found")
	wantCode(t, env.Do("POST", "/api/v1/messages/x/read", zhang, nil), http.StatusNotFound, "not_found")

	// The pages, as a browser with zhangsan's and haixian's cookies.
	jars := map[string]http.CookieJar{}
	for _, who := range []string{"zhangsan", "haixian"} {
		jars[who], _ = cookiejar.New(nil)
		if resp, _ := formPoster(t, env, jars[who])("/login", url.Values{"username": {who}, "password": {testenv.Password}}); resp.StatusCode != http.StatusOK {
			t.Fatalf("log-in %s: %d", who, resp.StatusCode)
		}
	}
	get := func(who, path string) (int, string) {
		t.Helper()
		return pageOf(t, env, jars[who], path)
	}
	status, page := get("haixian", "/messages")
	if status != http.StatusOK || strings.Contains(page, first) || strings.Contains(page, second) || strings.Contains(page, `class="badge"`) {
		t.Fatalf("haixian's message page shows zhangsan's: %d\n%s", status, page)
	}
	resp, page := formPoster(t, env, jars["haixian"])("/messages/"+id+"/read", nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(page, "没有找到") {
		t.Errorf("haixian reads zhangsan's message on the page: %d", resp.StatusCode)
	}
	status, page = get("zhangsan", "/messages")
	if status != http.StatusOK || !strings.Contains(page, `aria-label="未读 3 条"`) || strings.Count(page, `class="message unread"`) != 3 ||
		!strings.Contains(page, `href="/my/cases/`+first+`"`) {
		t.Fatalf("zhangsan's message page: %d\n%s", status, page)
	}

	if resp, _ := formPoster(t, env, jars["zhangsan"])("/messages/"+id+"/read", nil); resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/messages" {
		t.Fatalf("read on the page: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if l := messages(t, env, zhang); l.Unread != 2 || l.Messages[0].ReadAt == nil || l.Messages[1].ReadAt != nil {
		t.Fatalf("after reading one: %+v", l)
	}
	if r := env.Do("POST", "/api/v1/messages/"+id+"/read", zhang, nil); r.Status != http.StatusOK || r.Map(t)["unread"] != 2.0 {
		t.Errorf("reading it again: %d %s", r.Status, r.Body)
	}
	other := strconv.FormatInt(mine.Messages[1].ID, 10)
	if r := env.Do("POST", "/api/v1/messages/"+other+"/read", zhang, nil); r.Status != http.StatusOK || r.Map(t)["unread"] != 1.0 {
		t.Errorf("reading another: %d %s", r.Status, r.Body)
	}
	if _, page = get("zhangsan", "/"); !strings.Contains(page, `aria-label="未读 1 条"`) {
		t.Errorf("the header's count after two reads:\n%s", page)
	}
	if resp, _ := formPoster(t, env, jars["zhangsan"])("/messages/read-all", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("read all: %d", resp.StatusCode)
	}
	if l := messages(t, env, zhang); l.Unread != 0 {
		t.Fatalf("after reading all: %+v", l)
	}
	if _, page = get("zhangsan", "/messages"); strings.Contains(page, `class="badge"`) || strings.Contains(page, "unread") {
		t.Errorf("the badge stays after reading all:\n%s", page)
	}
}

// TestMessagesPaged: the message page shows 50 a page, and the next page carries on
// where it stopped.
func TestMessagesPaged(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang, clerk := env.Login("zhangsan"), env.Login("clerk")
	for i := 0; i < 26; i++ {
		number := submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": paper(nil)})["number"].(string)
		act(t, env, clerk, number, "refuse", map[string]any{"reason": "材料不全"}, http.StatusOK)
	}
	var seen []int64
	cursor := ""
	for page := 0; ; page++ {
		var l messageList
		r := env.Do("GET", "/api/v1/messages?limit=20&cursor="+cursor, zhang, nil)
		r.JSON(t, &l)
		for _, m := range l.Messages {
			seen = append(seen, m.ID)
		}
		if !l.HasMore {
			break
		}
		cursor = l.NextCursor
	}
	if len(seen) != 52 || !slices.IsSortedFunc(seen, func(a, b int64) int { return int(b - a) }) {
		t.Fatalf("paged through %d messages: %v", len(seen), seen)
	}
	jar, _ := cookiejar.New(nil)
	formPoster(t, env, jar)("/login", url.Values{"username": {"zhangsan"}, "password": {testenv.Password}})
	_, first := pageOf(t, env, jar, "/messages")
	if n := strings.Count(first, `<li id="m`); n != 50 || !strings.Contains(first, "更早的消息") {
		t.Fatalf("first page shows %d messages", n)
	}
	i := strings.Index(first, `href="/messages?cursor=`)
	next := first[i+len(`href="`):]
	next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
	_, second := pageOf(t, env, jar, next)
	if n := strings.Count(second, `<li id="m`); n != 2 || !strings.Contains(second, `id="m`+strconv.FormatInt(seen[51], 10)+`"`) {
		t.Fatalf("second page shows %d messages", n)
	}
}

// TestNoChangeWithoutItsMessage: the message is written in the command's transaction.
// A command that fails after its message was written leaves no message (and no
// change); one whose message cannot be written does not happen.
func TestNoChangeWithoutItsMessage(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang, clerk := env.Login("zhangsan"), env.Login("clerk")
	ctx := context.Background()
	number := submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhang, foodMaterials)})["number"].(string)
	// A refused command: nothing changed, nothing told.
	wantCode(t, env.Do("POST", "/api/v1/cases/"+number+"/deny", clerk, map[string]any{"reason": "x"}), http.StatusForbidden, "forbidden")

	// The audit trail refuses acceptances, so an acceptance fails after its message.
	if err := env.Main.DB.Exec(ctx, `CREATE TRIGGER no_accept BEFORE INSERT ON audit_events WHEN NEW.action = 'accept'
		BEGIN SELECT RAISE(ABORT, 'audit refused'); END`); err != nil {
		t.Fatal(err)
	}
	if r := env.Do("POST", "/api/v1/cases/"+number+"/accept", clerk, nil); r.Status != http.StatusInternalServerError {
		t.Fatalf("accept with the audit trail refusing: %d %s", r.Status, r.Body)
	}
	if got, _ := told(t, env, zhang, number); !slices.Equal(got, []string{"submit"}) {
		t.Fatalf("after a rolled-back acceptance: %v", got)
	}
	if err := env.Main.DB.Exec(ctx, `DROP TRIGGER no_accept`); err != nil {
		t.Fatal(err)
	}

	// The messages table refuses acceptances: the acceptance does not happen.
	if err := env.Main.DB.Exec(ctx, `CREATE TRIGGER no_message BEFORE INSERT ON messages WHEN NEW.action = 'accept'
		BEGIN SELECT RAISE(ABORT, 'message refused'); END`); err != nil {
		t.Fatal(err)
	}
	if r := env.Do("POST", "/api/v1/cases/"+number+"/accept", clerk, nil); r.Status != http.StatusInternalServerError {
		t.Fatalf("accept with the messages refusing: %d %s", r.Status, r.Body)
	}
	if c := env.Do("GET", "/api/v1/cases/"+number, zhang, nil).Map(t); c["status"] != "submitted" {
		t.Fatalf("the case changed without its message: %v", c["status"])
	}
	if err := env.Main.DB.Exec(ctx, `DROP TRIGGER no_message`); err != nil {
		t.Fatal(err)
	}
	act(t, env, clerk, number, "accept", nil, http.StatusOK)
	if got, _ := told(t, env, zhang, number); !slices.Equal(got, []string{"submit", "accept"}) {
		t.Fatalf("after the acceptance: %v", got)
	}
}

// pageOf reads a page as a browser keeping cookies in jar.
func pageOf(t *testing.T, env *testenv.Env, jar http.CookieJar, path string) (int, string) {
	t.Helper()
	resp, err := (&http.Client{Jar: jar}).Get(env.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestBrowserMessages: the message centre in a browser (browser/journeys/messages.mjs).
func TestBrowserMessages(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang := env.Login("zhangsan")
	submit(t, env, zhang, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhang, foodMaterials)})
	journey(t, env, "messages")
}
