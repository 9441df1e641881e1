package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// lookupBoth returns the API's and the page's answers to a look-up.
func lookupBoth(env *testenv.Env, number, code string) (api, page *testenv.Response) {
	q := "?number=" + url.QueryEscape(number) + "&code=" + url.QueryEscape(code)
	return env.Do("GET", "/api/v1/lookup"+q, "", nil), env.Do("GET", "/lookup"+q, "", nil)
}

// toFullWidth writes ASCII digits and dashes as people type them with a Chinese
// input method in full-width mode.
func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '!' && r <= '~' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// TestLookupToleratesTyping: the page and the API find a case however its number
// and code are typed from the receipt: full-width, with spaces, without dashes.
func TestLookupToleratesTyping(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	c := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})
	number, code := c["number"].(string), c["query_code"].(string)
	typed := []struct{ name, number, code string }{
		{"as printed", number, code},
		{"full-width", toFullWidth(number), toFullWidth(code)},
		{"spaces", " " + strings.ReplaceAll(number, "-", " - ") + " ", code[:4] + " " + code[4:]},
		{"no dashes", strings.ReplaceAll(number, "-", ""), code},
		{"full-width without dashes", toFullWidth(strings.ReplaceAll(number, "-", "")), toFullWidth(code)},
	}
	for _, tt := range typed {
		t.Run(tt.name, func(t *testing.T) {
			api, page := lookupBoth(env, tt.number, tt.code)
			if api.Status != http.StatusOK || api.Map(t)["number"] != number {
				t.Errorf("API: %d %s", api.Status, api.Body)
			}
			if page.Status != http.StatusOK || !strings.Contains(string(page.Body), "已提交，待受理") {
				t.Errorf("page: %d, want the status in words", page.Status)
			}
		})
	}
	if api, page := lookupBoth(env, toFullWidth(number), "00000000"); api.Status != http.StatusNotFound || page.Status != http.StatusNotFound {
		t.Errorf("a wrong code, typed full-width: API %d, page %d, want 404", api.Status, page.Status)
	}
}

// TestPublicLookupShowsNoPersonalData: the look-up shows what is missing and why,
// a refusal's reason and the steps, and nothing about the people: not the
// applicant's name, ID number or phone, not the form's values, not the staff's
// names or accounts.
func TestPublicLookupShowsNoPersonalData(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk, approver := env.Login("clerk"), env.Login("approver")
	private := []string{"李四", "37021119900721404X", "211199007214", "13800000003", "王窗口", "刘审批", "clerk", "approver"}
	for _, v := range env.Form(foodLicence) {
		if s, ok := v.(string); ok && len([]rune(s)) >= 4 {
			private = append(private, s)
		}
	}
	check := func(t *testing.T, number, code string, apiWant, pageWant []string) {
		t.Helper()
		api, page := lookupBoth(env, number, code)
		wants := map[*testenv.Response][]string{api: apiWant, page: pageWant}
		for _, r := range []*testenv.Response{api, page} {
			if r.Status != http.StatusOK {
				t.Fatalf("look-up: %d %s", r.Status, r.Body)
			}
			body := string(r.Body)
			for _, p := range private {
				if strings.Contains(body, p) {
					t.Errorf("the public look-up (%s) shows %q", r.Header.Get("Content-Type"), p)
				}
			}
			for _, w := range wants[r] {
				if !strings.Contains(body, w) {
					t.Errorf("the public look-up (%s) lacks %q", r.Header.Get("Content-Type"), w)
				}
			}
		}
	}

	// Awaiting correction: the one-time notice's list, material and problem.
	c := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(),
		"materials": paper(foodMaterials[:6])})
	number, code := c["number"].(string), c["query_code"].(string)
	act(t, env, clerk, number, "request-correction", map[string]any{"items": []map[string]any{
		{"material": "m7", "problem": "缺少经营场所的使用证明"}}}, http.StatusOK)
	check(t, number, code, []string{"缺少经营场所的使用证明", `"status":"awaiting_correction"`},
		[]string{"缺少经营场所的使用证明", "待补正", "一次性告知补正材料"})

	// Denied: the reason, and the steps by side, never by name.
	c = submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})
	number, code = c["number"].(string), c["query_code"].(string)
	act(t, env, clerk, number, "accept", nil, http.StatusOK)
	act(t, env, approver, number, "complete-task", map[string]any{"seq": 1, "opinion": "场所面积不足"}, http.StatusOK)
	act(t, env, approver, number, "deny", map[string]any{"reason": "经营场所面积不符合食品经营要求"}, http.StatusOK)
	check(t, number, code, []string{"经营场所面积不符合食品经营要求", `"by":"department"`, `"action":"deny"`},
		[]string{"经营场所面积不符合食品经营要求", "不予许可的理由", "综合窗口", "审批部门"})

	// Refused at the window: the refusal's reason.
	c = submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})
	number, code = c["number"].(string), c["query_code"].(string)
	act(t, env, clerk, number, "refuse", map[string]any{"reason": "申请事项不属于本机关职权范围"}, http.StatusOK)
	check(t, number, code, []string{"申请事项不属于本机关职权范围"}, []string{"申请事项不属于本机关职权范围", "不予受理的理由"})
}

// TestHomeBrowsing: the home page offers the look-up form, the life events and the
// departments; a life event lists its items in order, a department its own.
func TestHomeBrowsing(t *testing.T) {
	env := testenv.Start(t, monday)
	home := string(env.Do("GET", "/", "", nil).Body)
	for _, want := range []string{`action="/lookup"`, "开办企业", "开餐馆", "生育", "就业", `href="/?event=kai-canguan"`, `href="/?dept=scjg"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	ev := string(env.Do("GET", "/?event=shengyu", "", nil).Body)
	i, j := strings.Index(ev, "生育登记"), strings.Index(ev, "出生登记（新生儿入户）")
	if i < 0 || j < 0 || i > j {
		t.Errorf("the life event 生育 lists 生育登记 at %d and 出生登记 at %d, want both in that order", i, j)
	}
	dept := string(env.Do("GET", "/?dept=wjj", "", nil).Body)
	if !strings.Contains(dept, "生育登记") || strings.Contains(dept, `href="/items/370211-XK-0001"`) {
		t.Errorf("the department 卫生健康局 should list its items only")
	}
	if r := env.Do("GET", "/?event=nope", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("an unknown life event: %d, want 404", r.Status)
	}
}

// TestItemGuideQR: the guide carries a QR code of its own address.
func TestItemGuideQR(t *testing.T) {
	env := testenv.Start(t, monday)
	page := string(env.Do("GET", "/items/"+foodLicence, "", nil).Body)
	for _, want := range []string{`src="data:image/png;base64,`, "/items/" + foodLicence, "申请条件", "去哪里办", "区政务服务中心", "原件", "复印件", "法定办结时限", "承诺办结时限", "设定依据", "到现场次数", "网办深度"} {
		if !strings.Contains(page, want) {
			t.Errorf("the guide lacks %q", want)
		}
	}
}
