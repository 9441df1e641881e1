package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// TestBadInput: malformed requests are 400, rule violations 422 naming the field,
// and nothing is stored by either.
func TestBadInput(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang, clerk, admin := env.Login("zhangsan"), env.Login("clerk"), env.Login("admin")
	blob := env.Upload(zhang, "x")
	// 李四's case waits at the window: the refusals below act on it, so the 422 they
	// get comes from the rule on the reason, not from a case that does not exist.
	waiting := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput()})["number"].(string)
	tests := []struct {
		name, token, method, path string
		body                      any
		status                    int
		code, field               string
	}{
		{"broken JSON", zhang, "POST", "/api/v1/cases", `{"item": `, 400, "bad_json", ""},
		{"not JSON", zhang, "POST", "/api/v1/cases", `item=1`, 400, "bad_json", ""},
		{"empty body", zhang, "POST", "/api/v1/cases", ``, 400, "bad_json", ""},
		{"unknown field", zhang, "POST", "/api/v1/cases", `{"item":"x","colour":"red"}`, 400, "unknown_field", "colour"},
		{"wrong type", zhang, "POST", "/api/v1/cases", `{"item": 7}`, 400, "bad_json", "item"},
		{"missing item", zhang, "POST", "/api/v1/cases", `{}`, 422, "required", "item"},
		{"unknown item", zhang, "POST", "/api/v1/cases", `{"item":"nope"}`, 422, "invalid", "item"},
		{"unknown material", zhang, "POST", "/api/v1/cases", map[string]any{"item": foodLicence,
			"materials": []any{map[string]any{"material": "m99", "blob": blob}}}, 422, "invalid", "materials[0].material"},
		{"someone else's blob", clerk, "POST", "/api/v1/cases", map[string]any{"item": foodLicence, "applicant": lisiInput(),
			"materials": []any{map[string]any{"material": "m1", "blob": blob}}}, 422, "invalid", "materials[0].blob"},
		{"paper online", zhang, "POST", "/api/v1/cases", map[string]any{"item": foodLicence,
			"materials": []any{map[string]any{"material": "m1", "paper": true}}}, 422, "invalid", "materials[0].paper"},
		{"form not an object", zhang, "POST", "/api/v1/cases", map[string]any{"item": foodLicence, "form": []int{1}}, 422, "invalid", "form"},
		{"bad applicant ID", clerk, "POST", "/api/v1/cases", map[string]any{"item": foodLicence,
			"applicant": map[string]any{"kind": "person", "name": "李四", "id_number": "370211199007214041", "phone": "13800000003"}},
			422, "invalid", "applicant.id_number"},
		{"register bad ID", "", "POST", "/api/v1/applicants", map[string]any{"username": "wangwu", "password": "long-enough-1",
			"kind": "person", "name": "王五", "id_number": "370211198503152139", "phone": "13800000009"}, 422, "invalid", "id_number"},
		{"register bad credit code", "", "POST", "/api/v1/applicants", map[string]any{"username": "acme", "password": "long-enough-1",
			"kind": "organisation", "name": "某公司", "credit_code": "91370211MA3C0YQB12", "phone": "13800000009"}, 422, "invalid", "credit_code"},
		{"register short password", "", "POST", "/api/v1/applicants", map[string]any{"username": "wangwu", "password": "short",
			"kind": "person", "name": "王五", "id_number": "370211198503152138", "phone": "13800000009"}, 422, "invalid", "password"},
		{"register taken username", "", "POST", "/api/v1/applicants", map[string]any{"username": "zhangsan", "password": "long-enough-1",
			"kind": "person", "name": "王五", "id_number": "370211198503152138", "phone": "13800000009"}, 409, "username_taken", "username"},
		{"item without name", admin, "POST", "/api/v1/items", map[string]any{"code": "T-1", "kind": "license"}, 422, "required", "name"},
		{"item bad material", admin, "POST", "/api/v1/items", map[string]any{"code": "T-1", "name": "测试", "kind": "license",
			"department": "scjg", "handling": "promised", "legal_days": 20, "promised_days": 5, "procedure": []map[string]any{{"name": "受理", "kind": "accept"}, {"name": "决定", "kind": "decide"}},
			"materials": []any{map[string]any{"name": "表", "form": "copy", "copies": 1, "file_types": []string{"exe"}, "max_mb": 5}}},
			422, "invalid", "materials[0].file_types[0]"},
		{"item unknown department", admin, "POST", "/api/v1/items", map[string]any{"code": "T-1", "name": "测试", "kind": "license",
			"department": "nope", "handling": "promised", "legal_days": 20, "promised_days": 5, "procedure": []map[string]any{{"name": "受理", "kind": "accept"}, {"name": "决定", "kind": "decide"}}},
			422, "invalid", "department"},
		{"refuse without reason", clerk, "POST", "/api/v1/cases/" + waiting + "/refuse", `{}`, 422, "required", "reason"},
		{"refuse with a blank reason", clerk, "POST", "/api/v1/cases/" + waiting + "/refuse", `{"reason":"  "}`, 422, "required", "reason"},
		{"unknown action", clerk, "POST", "/api/v1/cases/" + waiting + "/frobnicate", `{}`, 404, "not_found", ""},
		{"action with a field of another action", clerk, "POST", "/api/v1/cases/" + waiting + "/resume", `{"reason":"x"}`, 400, "unknown_field", "reason"},
		{"unknown API path", clerk, "GET", "/api/v1/nothing", nil, 404, "not_found", ""},
		{"login without password", "", "POST", "/api/v1/auth/login", `{"username":"zhangsan"}`, 422, "required", "password"},
		{"login wrong password", "", "POST", "/api/v1/auth/login", `{"username":"zhangsan","password":"wrong-one"}`, 401, "bad_credentials", ""},
		{"login unknown user", "", "POST", "/api/v1/auth/login", `{"username":"nobody","password":"wrong-one"}`, 401, "bad_credentials", ""},
		{"lookup without code", "", "GET", "/api/v1/lookup?number=x", nil, 422, "required", "code"},
		{"list bad light", clerk, "GET", "/api/v1/cases?light=green", nil, 400, "bad_parameter", "light"},
		{"list bad status", clerk, "GET", "/api/v1/cases?status=foo", nil, 400, "bad_parameter", "status"},
		{"list one bad status of two", clerk, "GET", "/api/v1/cases?status=submitted,foo", nil, 400, "bad_parameter", "status"},
		{"list limit not a number", clerk, "GET", "/api/v1/cases?limit=abc", nil, 400, "bad_parameter", "limit"},
		{"list limit zero", clerk, "GET", "/api/v1/cases?limit=0", nil, 400, "bad_parameter", "limit"},
		{"list limit too large", clerk, "GET", "/api/v1/cases?limit=100000", nil, 400, "bad_parameter", "limit"},
		{"search limit not a number", "", "GET", "/api/v1/items?q=x&limit=abc", nil, 400, "bad_parameter", "limit"},
		{"items all not 1", admin, "GET", "/api/v1/items?all=yes", nil, 400, "bad_parameter", "all"},
		{"item version not a number", "", "GET", "/api/v1/items/" + foodLicence + "?version=latest", nil, 400, "bad_parameter", "version"},
		{"item version zero", "", "GET", "/api/v1/items/" + foodLicence + "?version=0", nil, 400, "bad_parameter", "version"},
		{"due date not a date", "", "GET", "/api/v1/calendar/due?from=2026-02-30&days=1", nil, 400, "bad_parameter", "from"},
		{"due days not a number", "", "GET", "/api/v1/calendar/due?from=2026-02-09&days=three", nil, 400, "bad_parameter", "days"},
		{"due days missing", "", "GET", "/api/v1/calendar/due?from=2026-02-09", nil, 422, "required", "days"},
		{"working days end not a date", "", "GET", "/api/v1/calendar/working-days?from=2026-02-09&to=tomorrow", nil, 400, "bad_parameter", "to"},
		{"list bad limit", clerk, "GET", "/api/v1/cases?limit=abc", nil, 400, "bad_parameter", "limit"},
		{"list bad cursor", clerk, "GET", "/api/v1/cases?cursor=not-a-cursor!", nil, 400, "bad_parameter", "cursor"},
		{"queue bad light", env.Login("approver"), "GET", "/api/v1/tasks?light=green", nil, 400, "bad_parameter", "light"},
		{"array body", zhang, "POST", "/api/v1/cases", `[1]`, 400, "bad_json", ""},
		{"long reason", clerk, "POST", "/api/v1/cases/" + waiting + "/refuse", map[string]any{"reason": strings.Repeat("长", 2001)}, 422, "invalid", "reason"},
		{"window applicant under another name", clerk, "POST", "/api/v1/cases", map[string]any{"item": foodLicence,
			"applicant": map[string]any{"kind": "person", "name": "赵六", "id_number": "37021119900721404X", "phone": "13800000003"}},
			422, "name_mismatch", "applicant.name"},
		{"register look-alike username", "", "POST", "/api/v1/applicants", map[string]any{"username": "ZhangSan", "password": "long-enough-1",
			"kind": "person", "name": "王五", "id_number": "370211198503152138", "phone": "13800000009"}, 409, "username_taken", "username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if s, ok := body.(string); ok {
				body = []byte(s)
			}
			r := env.Do(tt.method, tt.path, tt.token, body)
			if r.Status != tt.status || r.ErrorCode() != tt.code || r.ErrorField() != tt.field {
				t.Errorf("got %d code %q field %q (%s), want %d %q %q", r.Status, r.ErrorCode(), r.ErrorField(), r.Body, tt.status, tt.code, tt.field)
			}
		})
	}
	// None of the refused submissions left a case behind: only 李四's.
	var list struct{ Cases []any }
	env.Do("GET", "/api/v1/cases?status=submitted", clerk, nil).JSON(t, &list)
	if len(list.Cases) != 1 {
		t.Errorf("refused submissions stored %d cases", len(list.Cases))
	}
	// The parameters' good values are read.
	for _, good := range []struct{ token, path string }{
		{clerk, "/api/v1/cases?light=red&status=accepted,in_review&limit=500"},
		{"", "/api/v1/items?q=x&limit=500"},
		{admin, "/api/v1/items?all=1"},
		{"", "/api/v1/items/" + foodLicence + "?version=1"},
	} {
		if r := env.Do("GET", good.path, good.token, nil); r.Status != http.StatusOK {
			t.Errorf("%s: got %d %s, want 200", good.path, r.Status, r.Body)
		}
	}
	// Nor did the refused refusals touch 李四's case.
	if c := env.Do("GET", "/api/v1/cases/"+waiting, clerk, nil).Map(t); c["status"] != "submitted" {
		t.Errorf("after the bad refusals the case is %v, want submitted", c["status"])
	}
}

// TestIdempotentSubmit: the same Idempotency-Key returns the same case; reusing it
// for a different application is refused.
func TestIdempotentSubmit(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang := env.Login("zhangsan")
	body := map[string]any{"item": foodLicence, "materials": materialsOf(env, zhang, []string{"m1"})}
	first := submit(t, env, zhang, body, "Idempotency-Key", "k-1")
	r := env.Do("POST", "/api/v1/cases", zhang, body, "Idempotency-Key", "k-1")
	if r.Status != http.StatusCreated || r.Map(t)["number"] != first["number"] || r.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: got %d %s, want the same case %v", r.Status, r.Body, first["number"])
	}
	body["form"] = map[string]any{"changed": true}
	r = env.Do("POST", "/api/v1/cases", zhang, body, "Idempotency-Key", "k-1")
	if r.Status != http.StatusConflict || r.ErrorCode() != "idempotency_key_reused" {
		t.Fatalf("key reused for another body: got %d %s", r.Status, r.Body)
	}
	// Another user's identical key is theirs alone.
	other := env.Login("haixian")
	body2 := map[string]any{"item": foodLicence, "materials": materialsOf(env, other, []string{"m1"})}
	if n := submit(t, env, other, body2, "Idempotency-Key", "k-1")["number"]; n == first["number"] {
		t.Fatalf("two users' keys collided")
	}
	second := submit(t, env, zhang, map[string]any{"item": foodLicence}, "Idempotency-Key", "k-2")
	if second["number"] == first["number"] {
		t.Fatalf("a new key gave the old case")
	}
}

// TestBlobUpload: type checked against content, size limited with 413.
func TestBlobUpload(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang := env.Login("zhangsan")
	r := env.Do("POST", "/api/v1/blobs", zhang, []byte("%PDF-1.4 hello"), "Content-Type", "application/pdf")
	if r.Status != http.StatusCreated || len(r.Map(t)["id"].(string)) != 64 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	if r := env.Do("POST", "/api/v1/blobs", zhang, []byte("%PDF-1.4 hello"), "Content-Type", "application/pdf"); r.Status != http.StatusCreated {
		t.Fatalf("same content again: %d", r.Status)
	}
	r = env.Do("POST", "/api/v1/blobs", zhang, []byte("MZ\x90\x00 not a pdf"), "Content-Type", "application/pdf")
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("disguised file: got %d %s, want 422", r.Status, r.Body)
	}
	r = env.Do("POST", "/api/v1/blobs", zhang, []byte("<html>"), "Content-Type", "text/html")
	if r.Status != http.StatusUnprocessableEntity || r.ErrorField() != "Content-Type" {
		t.Fatalf("html: got %d %s, want 422 Content-Type", r.Status, r.Body)
	}
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 21<<20)...)
	r = env.Do("POST", "/api/v1/blobs", zhang, big, "Content-Type", "application/pdf")
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("21 MB: got %d %s, want 413", r.Status, r.Body)
	}
}
