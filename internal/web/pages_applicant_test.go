package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// applicant is a browser of an applicant logged in through the log-in page.
type applicant struct {
	t      *testing.T
	env    *testenv.Env
	client *http.Client
	post   func(path string, form url.Values) (*http.Response, string)
}

func loginPage(t *testing.T, env *testenv.Env, username string) *applicant {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	a := &applicant{t: t, env: env, client: &http.Client{Jar: jar}, post: formPoster(t, env, jar)}
	if resp, body := a.post("/login", url.Values{"username": {username}, "password": {testenv.Password}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("log in %s: %d %s", username, resp.StatusCode, body)
	}
	return a
}

func (a *applicant) get(path string) (*http.Response, string) {
	a.t.Helper()
	resp, err := a.client.Get(a.env.URL + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// upload is one file of a multipart post.
type upload struct {
	field, name, contentType string
	content                  []byte
}

// postMultipart posts fields and files as a browser's form without script does.
func (a *applicant) postMultipart(path string, fields url.Values, files ...upload) (*http.Response, string) {
	a.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+f.field+`"; filename="`+f.name+`"`)
		h.Set("Content-Type", f.contentType)
		w, _ := mw.CreatePart(h)
		_, _ = w.Write(f.content)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", a.env.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", a.env.URL)
	resp, err := a.client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func pdf(text string) []byte { return []byte("%PDF-1.4\n" + text + "\n%%EOF\n") }

// foodForm is a correct application form of the food licence, as typed.
func foodForm() url.Values {
	return url.Values{
		"f.经营者名称": {"青岛小张餐饮店"}, "f.统一社会信用代码": {"91350100M000100Y43"}, "f.经营场所": {"青岛市黄岛区长江路1号"},
		"f.经营面积": {"80"}, "f.主体业态": {"餐饮服务经营者"}, "f.经营项目": {"热食类食品制售"}, "f.是否含热食": {"true"},
		"f.负责人": {"张三"}, "f.负责人身份证号": {"11010519491231002X"}, "f.联系电话": {"13800000000"},
	}
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"[^>]*>`)

// hiddenFields reads a page's hidden inputs, as its form would post them.
func hiddenFields(body string) url.Values {
	v := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(body, -1) {
		v.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// fieldError returns the message shown beside the input with id, or "".
func fieldErrorOf(body, id string) string {
	m := regexp.MustCompile(`<p class="field-error" id="` + id + `-error"[^>]*>([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestApplyPage: the applicant's form is the item's form definition; a mistake is
// answered beside its field with what was typed kept; a file of the wrong type or
// too big is refused in Chinese beside its material, the others kept; the review
// shows what will be filed, and confirming it twice files one case.
func TestApplyPage(t *testing.T) {
	env := testenv.Start(t, monday)
	path := "/items/" + foodLicence + "/apply"

	// Anonymous: sent to log in, and back here afterwards.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(env.URL + path)
	if err != nil || resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next="+url.QueryEscape(path) {
		t.Fatalf("anonymous: %v %v %s", err, resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := loginPage(t, env, "clerk").get(path); !strings.Contains(body, "此页面供申请人使用") {
		t.Errorf("a clerk is not told the page is the applicant's:\n%s", body)
	}

	zhang := loginPage(t, env, "zhangsan")
	_, guide := zhang.get("/items/" + foodLicence)
	if !strings.Contains(guide, `href="`+path+`"`) {
		t.Errorf("the guide does not link 在线申请")
	}
	resp, body := zhang.get(path)
	for _, want := range []string{`name="f.经营者名称"`, `name="f.负责人身份证号"`, `pattern="[0-9]{17}[0-9Xx]"`, `inputmode="decimal"`,
		`type="tel"`, `<option>餐饮服务经营者</option>`, `name="file.m1"`, `营业执照上的名称`, `type="radio" name="f.是否含热食" value="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("form: %d", resp.StatusCode)
	}

	// One mistake in the form, a text file as m1, a 11 MB PDF as m2 (m2 takes 10 MB).
	form := foodForm()
	form.Set("f.负责人身份证号", "110105194912310021")
	big := append(pdf("big"), bytes.Repeat([]byte("0"), 11<<20)...)
	resp, body = zhang.postMultipart(path, form,
		upload{"file.m1", "申请书.txt", "text/plain", []byte("not a pdf")},
		upload{"file.m2", "执照.pdf", "application/pdf", big},
		upload{"file.m3", "身份证.pdf", "application/pdf", pdf("id")})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("refused form: %d\n%s", resp.StatusCode, body)
	}
	if msg := fieldErrorOf(body, "f-8"); !strings.Contains(msg, "负责人身份证号") {
		t.Errorf("ID number error beside its field: %q", msg)
	}
	if msg := fieldErrorOf(body, "file-m1"); !strings.Contains(msg, "只接受") {
		t.Errorf("wrong type beside m1: %q", msg)
	}
	if msg := fieldErrorOf(body, "file-m2"); !strings.Contains(msg, "不能超过 10 MB") {
		t.Errorf("too big beside m2: %q", msg)
	}
	if !strings.Contains(body, `value="青岛小张餐饮店"`) || !strings.Contains(body, `value="110105194912310021"`) || !strings.Contains(body, "已上传：身份证.pdf") {
		t.Errorf("what was typed and uploaded is not kept")
	}

	// Fixed: the review shows what will be filed and carries the files kept.
	fixed := hiddenFields(body)
	for k, v := range foodForm() {
		fixed[k] = v
	}
	resp, body = zhang.postMultipart(path, fixed, upload{"file.m1", "申请书.pdf", "application/pdf", pdf("application")})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "确认提交") || !strings.Contains(body, "已上传：申请书.pdf") ||
		!strings.Contains(body, "已上传：身份证.pdf") || !strings.Contains(body, "营业执照") {
		t.Fatalf("review: %d\n%s", resp.StatusCode, body)
	}
	confirm := hiddenFields(body)
	if confirm.Get("idem") == "" || confirm.Get("blob.m3") == "" {
		t.Fatalf("review's hidden fields: %v", confirm)
	}

	// Confirmed twice (a double click): one case, both answers lead to it.
	r1, _ := zhang.post(path+"/confirm", confirm)
	r2, page := zhang.post(path+"/confirm", confirm)
	if r1.StatusCode != http.StatusOK || r1.Request.URL.Path != r2.Request.URL.Path || !strings.HasPrefix(r1.Request.URL.Path, "/my/cases/") {
		t.Fatalf("confirmations led to %s and %s", r1.Request.URL, r2.Request.URL)
	}
	if !strings.Contains(page, "申请已提交") || !strings.Contains(page, "已提交，待受理") {
		t.Errorf("case page after filing:\n%s", page)
	}
	var list struct{ Cases []struct{ Number string } }
	env.Do("GET", "/api/v1/cases", env.Login("zhangsan"), nil).JSON(t, &list)
	if len(list.Cases) != 1 || "/my/cases/"+list.Cases[0].Number != r1.Request.URL.Path {
		t.Fatalf("cases filed: %v", list.Cases)
	}
	// 修改 brings the form back as it was.
	edit := hiddenFields(body)
	edit.Set("step", "edit")
	if resp, body := zhang.post(path, edit); resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="青岛小张餐饮店"`) ||
		!strings.Contains(body, "已上传：申请书.pdf") {
		t.Errorf("修改: %d", resp.StatusCode)
	}
}

// TestApplyNotOnline: an item below online depth 3 is applied for at a window.
func TestApplyNotOnline(t *testing.T) {
	env := testenv.Start(t, monday)
	var items struct {
		Items []struct {
			Code        string
			OnlineDepth int `json:"online_depth"`
		}
	}
	env.Do("GET", "/api/v1/items?limit=100", "", nil).JSON(t, &items)
	code := ""
	for _, it := range items.Items {
		if it.OnlineDepth < 3 {
			code = it.Code
		}
	}
	if code == "" {
		t.Fatal("the demo catalog has no item below online depth 3")
	}
	zhang := loginPage(t, env, "zhangsan")
	if resp, body := zhang.get("/items/" + code + "/apply"); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "窗口办理") {
		t.Errorf("apply for %s: %d", code, resp.StatusCode)
	}
	if _, body := zhang.get("/items/" + code); strings.Contains(body, "/apply") {
		t.Errorf("the guide of %s offers 在线申请", code)
	}
}

// TestMyCases: the applicant lists and opens their own cases; another applicant
// cannot open one, and staff do not get the applicant's pages.
func TestMyCases(t *testing.T) {
	env := testenv.Start(t, monday)
	zhangToken := env.Login("zhangsan")
	c := submit(t, env, zhangToken, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhangToken, foodMaterials)})
	number := c["number"].(string)
	act(t, env, env.Login("clerk"), number, "accept", nil, http.StatusOK)

	zhang := loginPage(t, env, "zhangsan")
	_, body := zhang.get("/my/cases")
	for _, want := range []string{number, "食品经营许可（新办）", "已受理", "2026-02-12", "正常", "剩余 3 个工作日"} {
		if !strings.Contains(body, want) {
			t.Errorf("my cases lacks %s", want)
		}
	}
	resp, body := zhang.get("/my/cases/" + number)
	for _, want := range []string{"承诺办结日期", "2026-02-12", "法定办结日期", c["query_code"].(string), "受理", "提交申请",
		"110105********002X", "食品经营许可申请书", "撤回申请"} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %s", want)
		}
	}
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "11010519491231002X") {
		t.Errorf("case page: %d (the ID number must be masked)", resp.StatusCode)
	}
	if resp, _ := loginPage(t, env, "haixian").get("/my/cases/" + number); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another applicant opens the case: %d", resp.StatusCode)
	}
	if _, body := loginPage(t, env, "haixian").get("/my/cases"); strings.Contains(body, number) {
		t.Errorf("another applicant's list shows the case")
	}
	if resp, _ := loginPage(t, env, "clerk").get("/my/cases"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a clerk opens 我的办件: %d", resp.StatusCode)
	}
}

// TestCorrectionChecklist: a case awaiting correction shows the notice as a
// checklist, one upload per material; a wrong file is refused beside it, and the
// right one is handed in; a gap accepted missing is listed with its due date.
func TestCorrectionChecklist(t *testing.T) {
	env := testenv.Start(t, monday)
	zhangToken, clerk := env.Login("zhangsan"), env.Login("clerk")
	c := submit(t, env, zhangToken, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhangToken, foodMaterials, "m6", "m7")})
	number := c["number"].(string)
	zhang := loginPage(t, env, "zhangsan")
	if _, body := zhang.get("/my/cases/" + number); strings.Contains(body, "需要补正的材料") {
		t.Errorf("a checklist before any notice")
	}
	act(t, env, clerk, number, "request-correction", map[string]any{"items": []map[string]any{
		{"material": "m7", "problem": "缺少经营场所使用证明"}}, "note": "请上传租赁合同"}, http.StatusOK)

	_, body := zhang.get("/my/cases/" + number)
	for _, want := range []string{"需要补正的材料", "缺少经营场所使用证明", "请上传租赁合同", `name="file.m7"`, "待补正"} {
		if !strings.Contains(body, want) {
			t.Errorf("checklist lacks %s", want)
		}
	}
	if strings.Contains(body, `name="file.m6"`) {
		t.Errorf("the checklist offers a material the notice does not name")
	}
	resp, body := zhang.postMultipart("/my/cases/"+number+"/supplement", nil, upload{"file.m7", "合同.png", "image/png", pdf("not a png")})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(body, "file-m7"), "不符") {
		t.Fatalf("wrong file: %d %q", resp.StatusCode, fieldErrorOf(body, "file-m7"))
	}
	resp, body = zhang.postMultipart("/my/cases/"+number+"/supplement", nil, upload{"file.m7", "合同.pdf", "application/pdf", pdf("lease")})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "材料已补交") || !strings.Contains(body, "已提交，待受理") || strings.Contains(body, `name="file.m7"`) {
		t.Fatalf("supplement: %d\n%s", resp.StatusCode, body)
	}

	act(t, env, clerk, number, "accept-with-gaps", map[string]any{"gaps": []map[string]any{{"material": "m6", "due": "2026-02-13"}}}, http.StatusOK)
	_, body = zhang.get("/my/cases/" + number)
	if !strings.Contains(body, "容缺后补的材料") || !strings.Contains(body, "请于 2026-02-13 前补交") || !strings.Contains(body, `name="file.m6"`) {
		t.Errorf("gap not listed:\n%s", body)
	}
	resp, body = zhang.postMultipart("/my/cases/"+number+"/supplement", nil, upload{"file.m6", "培训.pdf", "application/pdf", pdf("training")})
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "容缺后补的材料") {
		t.Errorf("gap supplement: %d", resp.StatusCode)
	}
}

// TestWithdrawPage: withdrawal is confirmed on a page of its own, and offered only
// while the case may be withdrawn.
func TestWithdrawPage(t *testing.T) {
	env := testenv.Start(t, monday)
	zhangToken := env.Login("zhangsan")
	number := submit(t, env, zhangToken, map[string]any{"item": foodLicence, "materials": materialsOf(env, zhangToken, foodMaterials)})["number"].(string)
	zhang := loginPage(t, env, "zhangsan")
	if resp, body := zhang.get("/my/cases/" + number + "/withdraw"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "确认撤回") {
		t.Fatalf("withdraw page: %d", resp.StatusCode)
	}
	if resp, _ := loginPage(t, env, "haixian").post("/my/cases/"+number+"/withdraw", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another applicant withdraws: %d", resp.StatusCode)
	}
	resp, body := zhang.post("/my/cases/"+number+"/withdraw", url.Values{"reason": {"不再经营"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "已撤回") || !strings.Contains(body, "不再经营") || strings.Contains(body, "撤回申请</a>") {
		t.Fatalf("after withdrawal: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := zhang.get("/my/cases/" + number + "/withdraw"); resp.StatusCode != http.StatusConflict {
		t.Errorf("withdraw page of a withdrawn case: %d", resp.StatusCode)
	}
}

// TestApplyForeignFile: a file id put into the form by hand, of a file someone else
// uploaded, is refused beside its material (the app checks who uploaded it), and
// its id is not quoted back.
func TestApplyForeignFile(t *testing.T) {
	env := testenv.Start(t, monday)
	theirs := env.Upload(env.Login("zhangsan"), "zhangsan's application")
	form := foodForm()
	form.Set("f.统一社会信用代码", "91350100M000100Y43")
	form.Set("blob.m1", theirs)
	resp, body := loginPage(t, env, "haixian").postMultipart("/items/"+foodLicence+"/apply", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(body, "file-m1"), "重新选择") {
		t.Fatalf("another's file: %d %q", resp.StatusCode, fieldErrorOf(body, "file-m1"))
	}
	if strings.Contains(body, theirs) {
		t.Errorf("the refused file's id is shown")
	}
}
