package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"yiwang/internal/audit"
	"yiwang/internal/store"
	"yiwang/internal/testenv"
)

// registerEvery is how often one address earns a registration back.
const registerEvery = 6 * time.Minute

// registration is a valid registration of 王五 that a test changes one field of.
func registration(changes ...any) map[string]any {
	r := map[string]any{"username": "wangwu", "password": "a-long-passphrase-1", "kind": "person",
		"name": "王五", "id_number": "370211198803121237", "phone": "13800000009"}
	for i := 0; i+1 < len(changes); i += 2 {
		r[changes[i].(string)] = changes[i+1]
	}
	return r
}

// TestPasswordPolicy: a password that is short, common, trivial or made of what a
// guesser knows of the holder is refused naming password, at registration and for
// a staff account; a passphrase is accepted.
func TestPasswordPolicy(t *testing.T) {
	env := testenv.Start(t, monday)
	admin := env.Login("admin")
	register := func(body map[string]any) *testenv.Response {
		env.Clock.Add(registerEvery) // past the limit on registrations from one address
		return env.Do("POST", "/api/v1/applicants", "", body)
	}
	for _, bad := range []string{
		"12345678", "password", "short-1", // too short
		"password2026!", "qwertyuiop", "1qaz2wsx3edc", "Woaini1314520", // common, or common and digits
		"1234567890", "aaaaaaaaaaaa", "abcabcabcabc", "9876543210", // trivial
		"wangwu-2026", "370211198803121237", "x13800000009x", // the username, the ID number, the phone
	} {
		if r := register(registration("password", bad)); r.Status != http.StatusUnprocessableEntity || r.ErrorField() != "password" {
			t.Errorf("registration with password %q: %d %s", bad, r.Status, r.Body)
		}
	}
	staff := map[string]any{"username": "clerk9", "password": "Clerk9-Clerk9", "name": "钱九", "role": "clerk", "hall": "hall-district"}
	if r := env.Do("POST", "/api/v1/staff", admin, staff); r.Status != http.StatusUnprocessableEntity || r.ErrorField() != "password" {
		t.Errorf("staff password holding the username: %d %s", r.Status, r.Body)
	}
	staff["password"] = "seven-green-lanterns"
	if r := env.Do("POST", "/api/v1/staff", admin, staff); r.Status != http.StatusCreated {
		t.Errorf("staff passphrase: %d %s", r.Status, r.Body)
	}
	if r := register(registration()); r.Status != http.StatusCreated {
		t.Fatalf("registration with a passphrase: %d %s", r.Status, r.Body)
	}
	if r := env.Do("POST", "/api/v1/auth/login", "", map[string]any{"username": "wangwu", "password": "a-long-passphrase-1"}); r.Status != http.StatusOK {
		t.Errorf("log-in after registration: %d %s", r.Status, r.Body)
	}
}

// TestOneAccountPerHolder: a second account for one ID number or one credit code is
// refused naming the number, and leaves nothing behind; reserved usernames are refused.
func TestOneAccountPerHolder(t *testing.T) {
	env := testenv.Start(t, monday)
	if r := env.Do("POST", "/api/v1/applicants", "", registration()); r.Status != http.StatusCreated {
		t.Fatalf("first registration: %d %s", r.Status, r.Body)
	}
	r := env.Do("POST", "/api/v1/applicants", "", registration("username", "wangwu2"))
	if r.Status != http.StatusConflict || r.ErrorCode() != "already_registered" || r.ErrorField() != "id_number" {
		t.Errorf("second account for one ID number: %d %s", r.Status, r.Body)
	}
	org := func(username string) map[string]any {
		return map[string]any{"username": username, "password": "a-long-passphrase-1", "kind": "organisation",
			"name": "青岛某某餐饮有限公司", "credit_code": "91350100M000100Y43", "phone": "13800000010"}
	}
	if r := env.Do("POST", "/api/v1/applicants", "", org("acme")); r.Status != http.StatusCreated {
		t.Fatalf("organisation: %d %s", r.Status, r.Body)
	}
	if r := env.Do("POST", "/api/v1/applicants", "", org("acme2")); r.Status != http.StatusConflict || r.ErrorField() != "credit_code" {
		t.Errorf("second account for one credit code: %d %s", r.Status, r.Body)
	}
	// The refused registrations made no account: their usernames are free.
	if r := env.Do("POST", "/api/v1/auth/login", "", map[string]any{"username": "wangwu2", "password": "a-long-passphrase-1"}); r.Status != http.StatusUnauthorized {
		t.Errorf("log-in as a refused registration: %d", r.Status)
	}
	for _, name := range []string{"system", "installer", "Anonymous"} {
		if r := env.Do("POST", "/api/v1/applicants", "", registration("username", name, "id_number", "11010519491231002X")); r.Status != http.StatusUnprocessableEntity || r.ErrorField() != "username" {
			t.Errorf("reserved username %q: %d %s", name, r.Status, r.Body)
		}
	}
}

// TestClerkLearnsNoStoredName: filing a known ID number under another name is
// refused without the name on file, and the attempt is audited with the number
// masked.
func TestClerkLearnsNoStoredName(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput()})
	other := lisiInput()
	other["name"] = "赵六"
	r := env.Do("POST", "/api/v1/cases", clerk, map[string]any{"item": foodLicence, "applicant": other})
	if r.Status != http.StatusUnprocessableEntity || r.ErrorCode() != "name_mismatch" || r.ErrorField() != "applicant.name" {
		t.Fatalf("another name: %d %s", r.Status, r.Body)
	}
	if strings.Contains(string(r.Body), "李四") || !strings.Contains(string(r.Body), "姓名与证件号码登记信息不一致") {
		t.Errorf("the refusal tells the name on file or not why: %s", r.Body)
	}
	var entries []audit.Entry
	err := env.Main.DB.Read(context.Background(), func(tx *store.Tx) (err error) {
		entries, err = tx.FindAuditBySubject(context.Background(), "hall/hall-district", audit.Position{}, 100)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range entries {
		if e.Action != "applicant.name_mismatch" {
			continue
		}
		found = true
		raw, _ := json.Marshal(e)
		if e.Actor != "clerk" || !strings.Contains(string(raw), "赵六") || strings.Contains(string(raw), "37021119900721404X") {
			t.Errorf("audited %s, want the clerk, the name typed and the number masked", raw)
		}
	}
	if !found {
		t.Errorf("the refused filing is not in the audit trail: %d entries for the hall", len(entries))
	}
}
