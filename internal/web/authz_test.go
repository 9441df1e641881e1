package web_test

import (
	"net/http"
	"testing"

	"yiwang/internal/testenv"
)

// TestAuthorizationMatrix sends each role to endpoints it must not use. A case that
// is not yours does not exist for you (404); an action outside your role or scope is
// 403; without a login, 401.
func TestAuthorizationMatrix(t *testing.T) {
	env := testenv.Start(t, monday)
	tok := map[string]string{"": ""}
	for _, u := range []string{"admin", "clerk", "clerk2", "approver", "approver-wjj", "certofficer", "supervisor", "zhangsan", "haixian"} {
		tok[u] = env.Login(u)
	}
	// zhangsan's food licence, filed online (district hall, scjg), accepted by clerk.
	mine := submit(t, env, tok["zhangsan"], map[string]any{"item": foodLicence,
		"materials": materialsOf(env, tok["zhangsan"], foodMaterials)})["number"].(string)
	act(t, env, tok["clerk"], mine, "accept", nil, http.StatusOK)
	// A case waiting at the window.
	waiting := submit(t, env, tok["zhangsan"], map[string]any{"item": foodLicence,
		"materials": materialsOf(env, tok["zhangsan"], foodMaterials)})["number"].(string)
	item := map[string]any{"code": "T-1", "name": "测试事项", "kind": "license", "department": "scjg", "handling": "promised",
		"legal_days": 20, "promised_days": 5, "procedure": []map[string]any{{"name": "受理", "kind": "accept"}, {"name": "审查", "kind": "review"}, {"name": "决定", "kind": "decide"}}, "materials": []any{}}

	tests := []struct {
		name, user, method, path string
		body                     any
		want                     int
	}{
		{"anonymous reads a case", "", "GET", "/api/v1/cases/" + mine, nil, 401},
		{"anonymous lists cases", "", "GET", "/api/v1/cases", nil, 401},
		{"anonymous submits", "", "POST", "/api/v1/cases", map[string]any{"item": foodLicence}, 401},
		{"anonymous uploads", "", "POST", "/api/v1/blobs", nil, 401},
		{"anonymous verifies audit", "", "GET", "/api/v1/audit/verify", nil, 401},
		{"other applicant reads the case", "haixian", "GET", "/api/v1/cases/" + mine, nil, 404},
		{"other applicant reads its events", "haixian", "GET", "/api/v1/cases/" + mine + "/events", nil, 404},
		{"other applicant withdraws it", "haixian", "POST", "/api/v1/cases/" + mine + "/withdraw", nil, 404},
		{"applicant approves own case", "zhangsan", "POST", "/api/v1/cases/" + mine + "/approve", nil, 403},
		{"applicant accepts own case", "zhangsan", "POST", "/api/v1/cases/" + waiting + "/accept", nil, 403},
		{"applicant verifies audit", "zhangsan", "GET", "/api/v1/audit/verify", nil, 403},
		{"applicant creates item", "zhangsan", "POST", "/api/v1/items", item, 403},
		{"applicant files for someone else", "zhangsan", "POST", "/api/v1/cases", map[string]any{"item": foodLicence, "applicant": lisiInput()}, 422},
		{"clerk of another hall reads", "clerk2", "GET", "/api/v1/cases/" + mine, nil, 404},
		{"clerk of another hall accepts", "clerk2", "POST", "/api/v1/cases/" + waiting + "/accept", nil, 404},
		{"clerk lists another hall", "clerk", "GET", "/api/v1/cases?hall=hall-street-1", nil, 403},
		{"clerk suspends", "clerk", "POST", "/api/v1/cases/" + mine + "/suspend", map[string]any{"reason": "hearing"}, 403},
		{"clerk withdraws for applicant", "clerk", "POST", "/api/v1/cases/" + mine + "/withdraw", nil, 403},
		{"clerk edits catalog", "clerk", "PUT", "/api/v1/items/" + foodLicence, item, 403},
		{"approver of another department reads", "approver-wjj", "GET", "/api/v1/cases/" + mine, nil, 404},
		{"approver of another department approves", "approver-wjj", "POST", "/api/v1/cases/" + mine + "/approve", nil, 404},
		{"approver lists another department", "approver", "GET", "/api/v1/cases?department=wjj", nil, 403},
		{"approver accepts at the window", "approver", "POST", "/api/v1/cases/" + waiting + "/accept", nil, 403},
		{"approver submits", "approver", "POST", "/api/v1/cases", map[string]any{"item": foodLicence}, 403},
		{"approver uploads", "approver", "POST", "/api/v1/blobs", []byte("%PDF-1.4"), 403},
		{"certificate officer approves", "certofficer", "POST", "/api/v1/cases/" + mine + "/approve", nil, 403},
		{"supervisor approves", "supervisor", "POST", "/api/v1/cases/" + mine + "/approve", nil, 403},
		{"supervisor publishes", "supervisor", "POST", "/api/v1/items/" + foodLicence + "/publish", nil, 403},
		{"supervisor loads a calendar year", "supervisor", "POST", "/api/v1/calendar/years", []byte(`{"year":2027,"holidays":[],"workdays":[]}`), 403},
		{"supervisor creates staff", "supervisor", "POST", "/api/v1/staff", map[string]any{"username": "x"}, 403},
		{"admin reads a case", "admin", "GET", "/api/v1/cases/" + mine, nil, 404},
		{"admin lists cases", "admin", "GET", "/api/v1/cases", nil, 403},
		{"admin approves", "admin", "POST", "/api/v1/cases/" + mine + "/approve", nil, 404},
		{"admin submits", "admin", "POST", "/api/v1/cases", map[string]any{"item": foodLicence}, 403},
		{"applicant lists users", "zhangsan", "GET", "/api/v1/users", nil, 403},
		{"bad token", "bogus", "GET", "/api/v1/items", nil, 401},
	}
	tok["bogus"] = "not-a-token"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if b, ok := tt.body.([]byte); ok && len(b) > 0 && b[0] == '%' {
				headers = []string{"Content-Type", "application/pdf"}
			}
			r := env.Do(tt.method, tt.path, tok[tt.user], tt.body, headers...)
			if r.Status != tt.want {
				t.Errorf("got %d %s, want %d", r.Status, r.Body, tt.want)
			}
		})
	}

	// And those in scope may: the owner, the hall's clerk, the department's approver, the supervisor.
	for _, u := range []string{"zhangsan", "clerk", "approver", "supervisor", "certofficer"} {
		if r := env.Do("GET", "/api/v1/cases/"+mine, tok[u], nil); r.Status != http.StatusOK {
			t.Errorf("%s reads the case: got %d, want 200", u, r.Status)
		}
	}
	var list struct{ Cases []struct{ Number string } }
	env.Do("GET", "/api/v1/cases", tok["haixian"], nil).JSON(t, &list)
	if len(list.Cases) != 0 {
		t.Errorf("haixian lists %d cases of others", len(list.Cases))
	}
}

// TestCrossSiteFormPost: a browser POST from another site with the session cookie is refused.
func TestCrossSiteFormPost(t *testing.T) {
	env := testenv.Start(t, monday)
	tok := env.Login("zhangsan")
	r := env.Do("POST", "/api/v1/auth/logout", "", nil, "Cookie", "yiwang_session="+tok,
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if r.Status != http.StatusForbidden {
		t.Fatalf("cross-site POST: got %d, want 403", r.Status)
	}
	if r := env.Do("GET", "/api/v1/auth/me", tok, nil); r.Status != http.StatusOK {
		t.Fatalf("session was ended by a cross-site request: %d", r.Status)
	}
}
