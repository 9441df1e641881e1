package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// TestLongSearchIsRefusedAtOnce: a search longer than any item name is refused
// before it reaches the index, on the API and on the home page, so an anonymous
// visitor cannot hold the readers with it; a search of the longest allowed length
// still works.
func TestLongSearchIsRefusedAtOnce(t *testing.T) {
	env := testenv.Start(t, monday)
	long := strings.Repeat("餐饮开饭店", 12_000) // 60,000 characters
	r := env.Do("GET", "/api/v1/items?q="+urlQuery(long), "", nil)
	if r.Status != http.StatusBadRequest || r.ErrorField() != "q" {
		t.Fatalf("60,000-character search: %d %s", r.Status, r.Body)
	}
	if r := env.Do("GET", "/?q="+urlQuery(long), "", nil); r.Status != http.StatusBadRequest {
		t.Fatalf("60,000-character search on the home page: %d", r.Status)
	}
	ok := strings.Repeat("餐饮", 50) // 100 characters
	if r := env.Do("GET", "/api/v1/items?q="+urlQuery(ok), "", nil); r.Status != http.StatusOK {
		t.Fatalf("100-character search: %d %s", r.Status, r.Body)
	}
}

// TestPagesSendSecurityHeaders: pages and the API forbid framing, sniffing and
// content from elsewhere.
func TestPagesSendSecurityHeaders(t *testing.T) {
	env := testenv.Start(t, monday)
	for _, path := range []string{"/", "/items/" + foodLicence, "/lookup", "/api/v1/items"} {
		r := env.Do("GET", path, "", nil)
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			r.Header.Get("X-Frame-Options") != "DENY" || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
			r.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, r.Header)
		}
	}
}

// TestDataFilesArePrivate: the data directory, the database file and the blob
// directory belong to the server's user alone.
func TestDataFilesArePrivate(t *testing.T) {
	env := testenv.Start(t, monday)
	for _, p := range []string{env.DB, filepath.Join(env.Dir, "blobs"), filepath.Join(env.Dir, "blobs", "tmp")} {
		p = strings.TrimPrefix(p, "sqlite:")
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o600)
		if info.IsDir() {
			want = 0o700
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", p, got, want)
		}
	}
}

// TestFormIDNumberMaskedInEvents: an ID number in a form, in its ID-number field
// or typed into a text field, appears masked in the audit events an approver
// reads, like the applicant's own.
func TestFormIDNumberMaskedInEvents(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	const id = "37021119900721404X"
	form := env.Form(foodLicence)
	form["负责人身份证号"] = id
	form["网络经营网址"] = "负责人 " + id
	number := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(),
		"form": form, "materials": paper(foodMaterials)})["number"].(string)
	act(t, env, clerk, number, "accept", nil, http.StatusOK)
	r := env.Do("GET", "/api/v1/cases/"+number+"/events", env.Login("approver"), nil)
	if r.Status != http.StatusOK || strings.Contains(string(r.Body), id) || !strings.Contains(string(r.Body), "404X") {
		t.Fatalf("events: %d, full ID number shown: %v\n%s", r.Status, strings.Contains(string(r.Body), id), r.Body)
	}
}

// TestNamesBoundedAndClean: a name of 101 characters or one holding a control or
// bidi-override character is refused naming the field, at registration, for a
// window applicant and for a staff account; a name typed in decomposed form is
// stored composed.
func TestNamesBoundedAndClean(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk, admin := env.Login("clerk"), env.Login("admin")
	register := func(name string) map[string]any {
		return map[string]any{"username": "wangwu", "password": "a-long-passphrase-1", "kind": "person",
			"name": name, "id_number": "370211198503152138", "phone": "13800000009"}
	}
	windowCase := func(name string) map[string]any {
		return map[string]any{"item": foodLicence, "form": env.Form(foodLicence), "applicant": map[string]any{"kind": "person", "name": name,
			"id_number": "370211198503152138", "phone": "13800000009"}}
	}
	staff := func(name string) map[string]any {
		return map[string]any{"username": "clerk9", "password": "a-long-passphrase-1", "name": name, "role": "clerk", "hall": "hall-district"}
	}
	for _, bad := range []string{strings.Repeat("王", 101), "王五\u202e", "王\u0000五", "王\u200b五"} {
		for _, tt := range []struct {
			what, token, path, field string
			body                     map[string]any
		}{
			{"registration", "", "/api/v1/applicants", "name", register(bad)},
			{"window applicant", clerk, "/api/v1/cases", "applicant.name", windowCase(bad)},
			{"staff account", admin, "/api/v1/staff", "name", staff(bad)},
		} {
			if r := env.Do("POST", tt.path, tt.token, tt.body); r.Status != http.StatusUnprocessableEntity || r.ErrorField() != tt.field {
				t.Errorf("%s named %q: %d %s, want 422 naming %s", tt.what, bad, r.Status, r.Body, tt.field)
			}
		}
	}
	r := env.Do("POST", "/api/v1/cases", clerk, windowCase("Zoe\u0308 王"))
	if r.Status != http.StatusCreated {
		t.Fatalf("decomposed name: %d %s", r.Status, r.Body)
	}
	if got := r.Map(t)["applicant"].(map[string]any)["name"]; got != "Zoë 王" {
		t.Errorf("stored name %q, want the composed form", got)
	}
	if r := env.Do("POST", "/api/v1/cases", clerk, windowCase(strings.Repeat("王", 100))); r.Status != http.StatusUnprocessableEntity || r.ErrorField() != "applicant.name" {
		// The same ID number was filed above as Zoë 王: a 100-character name is
		// accepted as a name, and then differs from the one on file.
		t.Errorf("100-character name: %d %s", r.Status, r.Body)
	}
}

// TestRepeatedMaterialRefused: a submission naming one material twice is a 422
// naming the second one, before any file is looked up, and stores nothing.
func TestRepeatedMaterialRefused(t *testing.T) {
	env := testenv.Start(t, monday)
	zhang := env.Login("zhangsan")
	blob := env.Upload(zhang, "x")
	ms := []map[string]any{{"material": "m1", "blob": blob}, {"material": "m1", "blob": blob}}
	for range 2000 {
		ms = append(ms, map[string]any{"material": "m1", "blob": "not-uploaded"})
	}
	r := env.Do("POST", "/api/v1/cases", zhang, map[string]any{"item": foodLicence, "materials": ms})
	if r.Status != http.StatusUnprocessableEntity || r.ErrorField() != "materials[1].material" {
		t.Fatalf("repeated material: %d %s", r.Status, r.Body)
	}
	var list struct{ Cases []any }
	env.Do("GET", "/api/v1/cases", zhang, nil).JSON(t, &list)
	if len(list.Cases) != 0 {
		t.Errorf("a refused submission stored %d cases", len(list.Cases))
	}
}
