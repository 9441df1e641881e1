package web_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"yiwang/internal/casework"
	"yiwang/internal/testenv"
)

const planningPermit = "370211-XK-0007" // 建设工程规划许可: 自然资源局 reviews while 住建局 inspects (并联)

// requiredPaper returns every required material of item as a paper original.
func requiredPaper(t *testing.T, env *testenv.Env, item string) []map[string]any {
	t.Helper()
	var it struct {
		Materials []struct {
			ID       string
			Required bool
		}
	}
	env.Do("GET", "/api/v1/items/"+item, "", nil).JSON(t, &it)
	var ids []string
	for _, m := range it.Materials {
		if m.Required {
			ids = append(ids, m.ID)
		}
	}
	return paper(ids)
}

// acceptedCase files item at the window for 李四 and accepts it.
func acceptedCase(t *testing.T, env *testenv.Env, clerk, item string) string {
	t.Helper()
	number := submit(t, env, clerk, map[string]any{"item": item, "applicant": lisiInput(),
		"materials": requiredPaper(t, env, item)})["number"].(string)
	act(t, env, clerk, number, "accept", nil, http.StatusOK)
	return number
}

// listAll pages through path with the given page size and returns every case number.
func listAll(t *testing.T, env *testenv.Env, token, path string, limit int) []string {
	t.Helper()
	var numbers []string
	cursor := ""
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatal("the list never ends")
		}
		var out struct {
			Cases      []struct{ Number string }
			NextCursor string `json:"next_cursor"`
			HasMore    bool   `json:"has_more"`
		}
		q := path + "&limit=" + itoa(limit)
		if cursor != "" {
			q += "&cursor=" + cursor
		}
		r := env.Do("GET", q, token, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", q, r.Status, r.Body)
		}
		r.JSON(t, &out)
		if len(out.Cases) > limit || out.HasMore && len(out.Cases) != limit || out.HasMore != (out.NextCursor != "") {
			t.Fatalf("page %d of %s: %d rows, has_more %v, cursor %q", page, path, len(out.Cases), out.HasMore, out.NextCursor)
		}
		for _, c := range out.Cases {
			numbers = append(numbers, c.Number)
		}
		if !out.HasMore {
			return numbers
		}
		cursor = out.NextCursor
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestRedCaseBehindNewerBlueOnes: the light is filtered in SQL before the limit,
// so the one red case is found behind newer blue ones, and the counts by light
// agree with the lists.
func TestRedCaseBehindNewerBlueOnes(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk, supervisor := env.Login("clerk"), env.Login("supervisor")
	red := acceptedCase(t, env, clerk, foodLicence)
	env.Clock.Add(8 * 24 * time.Hour) // past the three-day promise
	var blue []string
	for range 3 {
		env.Clock.Add(time.Minute)
		blue = append(blue, acceptedCase(t, env, clerk, foodLicence))
	}
	got := listAll(t, env, supervisor, "/api/v1/cases?light=red", 1)
	if !slices.Equal(got, []string{red}) {
		t.Fatalf("red cases %v, want [%s]", got, red)
	}
	r := env.Do("GET", "/api/v1/cases?light=red&limit=1", supervisor, nil).Map(t)
	if cs := r["cases"].([]any); len(cs) != 1 || cs[0].(map[string]any)["light"] != "red" || r["has_more"] != false {
		t.Fatalf("?light=red&limit=1: %v", r)
	}
	if got := listAll(t, env, supervisor, "/api/v1/cases?light=blue", 2); len(got) != 3 || got[0] != blue[2] {
		t.Fatalf("blue cases %v, want the three newer ones, newest first: %v", got, blue)
	}

	var counts struct {
		Counts []struct {
			Department, Hall, Status, Light string
			Count                           int
		}
	}
	env.Do("GET", "/api/v1/cases/counts", supervisor, nil).JSON(t, &counts)
	byLight := map[string]int{}
	for _, c := range counts.Counts {
		byLight[c.Light] += c.Count
	}
	for _, light := range []string{"red", "yellow", "blue"} {
		if n := len(listAll(t, env, supervisor, "/api/v1/cases?light="+light, 50)); n != byLight[light] {
			t.Errorf("counts say %d %s, the list has %d", byLight[light], light, n)
		}
	}
	// The approver of another department counts nothing of these.
	env.Do("GET", "/api/v1/cases/counts", env.Login("approver-wjj"), nil).JSON(t, &counts)
	if len(counts.Counts) != 0 {
		t.Errorf("approver-wjj counts %v", counts.Counts)
	}
}

// TestParallelTasksOfTwoDepartments: two departments' tasks open at once; each
// approver sees and completes only theirs, and the decision waits for both.
func TestParallelTasksOfTwoDepartments(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	zrzy, zjj, scjg := env.Login("approver-zrzy"), env.Login("approver-zjj"), env.Login("approver")
	number := acceptedCase(t, env, clerk, planningPermit)

	c := env.Do("GET", "/api/v1/cases/"+number, zjj, nil).Map(t)
	tasks := c["tasks"].([]any)
	for _, i := range []int{0, 1} {
		if tk := tasks[i].(map[string]any); tk["status"] != "open" || tk["stage"] != float64(1) {
			t.Fatalf("task %d at acceptance: %v", i, tk)
		}
	}
	if tasks[0].(map[string]any)["department"] != "zrzy" || tasks[1].(map[string]any)["department"] != "zjj" {
		t.Fatalf("task departments: %v", tasks)
	}
	if r := env.Do("GET", "/api/v1/cases/"+number, scjg, nil); r.Status != http.StatusNotFound {
		t.Fatalf("an uninvolved department sees the case: %d", r.Status)
	}
	queue := func(token string) []string {
		var q struct {
			Tasks []struct{ Case, Department string }
		}
		env.Do("GET", "/api/v1/tasks", token, nil).JSON(t, &q)
		var out []string
		for _, tk := range q.Tasks {
			out = append(out, tk.Case+"/"+tk.Department)
		}
		return out
	}
	if got := queue(zjj); !slices.Equal(got, []string{number + "/zjj"}) {
		t.Fatalf("zjj queue %v", got)
	}

	wantCode(t, env.Do("POST", "/api/v1/cases/"+number+"/complete-task", zjj, map[string]any{"seq": 1, "opinion": "同意"}),
		http.StatusForbidden, "forbidden")
	wantCode(t, env.Do("POST", "/api/v1/cases/"+number+"/complete-task", zrzy, map[string]any{"seq": 2, "opinion": "同意"}),
		http.StatusForbidden, "forbidden")
	wantCode(t, env.Do("POST", "/api/v1/cases/"+number+"/approve", zrzy, nil), http.StatusConflict, "tasks_outstanding")
	act(t, env, zrzy, number, "complete-task", map[string]any{"seq": 1, "opinion": "符合控制性详细规划"}, http.StatusOK)
	wantCode(t, env.Do("POST", "/api/v1/cases/"+number+"/approve", zrzy, nil), http.StatusConflict, "tasks_outstanding")
	act(t, env, zjj, number, "complete-task", map[string]any{"seq": 2, "opinion": "现场与图纸一致"}, http.StatusOK)
	if got := queue(zjj); len(got) != 0 {
		t.Fatalf("zjj queue after its task: %v", got)
	}
	wantCode(t, env.Do("POST", "/api/v1/cases/"+number+"/approve", zjj, nil), http.StatusForbidden, "forbidden")
	c = act(t, env, zrzy, number, "approve", map[string]any{"reason": "准予许可"}, http.StatusOK)
	if c["status"] != "approved" {
		t.Fatalf("after both tasks: %v", c["status"])
	}
}

// TestIssueAndDeliverCloseACase: the certificate officer makes the certificate and
// hands it over; a denial is delivered too; both close the case.
func TestIssueAndDeliverCloseACase(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk, approver, officer := env.Login("clerk"), env.Login("approver"), env.Login("certofficer")
	number := acceptedCase(t, env, clerk, foodLicence)
	act(t, env, approver, number, "complete-task", map[string]any{"seq": 1, "opinion": "材料齐全"}, http.StatusOK)
	act(t, env, approver, number, "approve", nil, http.StatusOK)

	var q struct {
		Tasks []struct{ Case, Kind, Light string }
	}
	env.Do("GET", "/api/v1/tasks", officer, nil).JSON(t, &q)
	if len(q.Tasks) != 2 || q.Tasks[0].Case != number || q.Tasks[0].Light != "blue" {
		t.Fatalf("certificate officer's queue: %+v", q.Tasks)
	}
	wantCode(t, env.Do("POST", "/api/v1/cases/"+number+"/issue", clerk, nil), http.StatusForbidden, "forbidden")
	wantCode(t, env.Do("POST", "/api/v1/cases/"+number+"/deliver", officer, map[string]any{"method": "electronic"}),
		http.StatusConflict, "invalid_transition")
	c := act(t, env, officer, number, "issue", map[string]any{"note": "已打印"}, http.StatusOK)
	if c["status"] != "issued" {
		t.Fatalf("after issue: %v", c["status"])
	}
	r := env.Do("POST", "/api/v1/cases/"+number+"/deliver", officer, map[string]any{"method": "express", "carrier": "邮政EMS"})
	if r.Status != http.StatusUnprocessableEntity || r.ErrorField() != "tracking_number" {
		t.Fatalf("express without a tracking number: %d %s", r.Status, r.Body)
	}
	c = act(t, env, officer, number, "deliver", map[string]any{"method": "express", "carrier": "邮政EMS",
		"tracking_number": "1180000000001"}, http.StatusOK)
	if c["status"] != "closed" || c["delivery"].(map[string]any)["tracking_number"] != "1180000000001" {
		t.Fatalf("after delivery: %v %v", c["status"], c["delivery"])
	}
	env.Do("GET", "/api/v1/tasks", officer, nil).JSON(t, &q)
	if len(q.Tasks) != 0 {
		t.Fatalf("queue after delivery: %+v", q.Tasks)
	}
	closed := listAll(t, env, env.Login("supervisor"), "/api/v1/cases?status=closed", 10)
	if !slices.Equal(closed, []string{number}) {
		t.Fatalf("closed cases %v", closed)
	}

	denied := acceptedCase(t, env, clerk, foodLicence)
	act(t, env, approver, denied, "complete-task", map[string]any{"seq": 1, "opinion": "场所不符"}, http.StatusOK)
	act(t, env, approver, denied, "deny", map[string]any{"reason": "经营场所不符合要求"}, http.StatusOK)
	wantCode(t, env.Do("POST", "/api/v1/cases/"+denied+"/issue", officer, nil), http.StatusConflict, "invalid_transition")
	c = act(t, env, officer, denied, "deliver", map[string]any{"method": "pickup", "recipient": "李四本人"}, http.StatusOK)
	if c["status"] != "closed" {
		t.Fatalf("denied after delivery: %v", c["status"])
	}
}

// TestEveryLifecycleActionHasARoute: each action of the transition table that a
// person takes has its own path in the served API document.
func TestEveryLifecycleActionHasARoute(t *testing.T) {
	paths := openAPIDocument(t)["paths"].(map[string]any)
	for _, a := range casework.Actions {
		p := "/api/v1/cases/{number}/" + strings.ReplaceAll(string(a), "_", "-")
		if _, ok := paths[p]; !ok {
			t.Errorf("action %s has no path %s", a, p)
		}
	}
}
