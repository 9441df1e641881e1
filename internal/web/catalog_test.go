package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"yiwang/internal/testenv"
)

// TestCatalogVersioning: editing a published item opens a new draft; the public
// keeps seeing the published version until the new one is published; a case keeps
// the version it was filed under; a retired item takes no new applications.
func TestCatalogVersioning(t *testing.T) {
	env := testenv.Start(t, monday)
	admin, clerk := env.Login("admin"), env.Login("clerk")
	before := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})
	if before["item_version"] != float64(1) {
		t.Fatalf("case item_version %v, want 1", before["item_version"])
	}

	it := env.Do("GET", "/api/v1/items/"+foodLicence, "", nil).Map(t)
	it["promised_days"] = float64(2)
	it["name"] = "食品经营许可（新办，告知承诺）"
	delete(it, "version")
	delete(it, "status")
	delete(it, "updated_at")
	delete(it, "published_at")
	r := env.Do("PUT", "/api/v1/items/"+foodLicence, admin, it)
	if r.Status != http.StatusOK || r.Map(t)["version"] != float64(2) || r.Map(t)["status"] != "draft" {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	// Editing the draft again keeps version 2.
	it["promised_days"] = float64(1)
	if v := env.Do("PUT", "/api/v1/items/"+foodLicence, admin, it).Map(t)["version"]; v != float64(2) {
		t.Fatalf("second edit: version %v, want 2", v)
	}
	if pub := env.Do("GET", "/api/v1/items/"+foodLicence, "", nil).Map(t); pub["version"] != float64(1) || pub["promised_days"] != float64(3) {
		t.Fatalf("public sees %v v%v before publishing, want v1", pub["name"], pub["version"])
	}
	if r := env.Do("GET", "/api/v1/items/"+foodLicence+"?version=2", "", nil); r.Status != http.StatusNotFound {
		t.Fatalf("public reads the draft: %d", r.Status)
	}
	if r := env.Do("POST", "/api/v1/items/"+foodLicence+"/publish", admin, nil); r.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	wantCode(t, env.Do("POST", "/api/v1/items/"+foodLicence+"/publish", admin, nil), http.StatusConflict, "nothing_to_publish")
	if pub := env.Do("GET", "/api/v1/items/"+foodLicence, "", nil).Map(t); pub["version"] != float64(2) || pub["promised_days"] != float64(1) {
		t.Fatalf("after publishing: v%v promised %v", pub["version"], pub["promised_days"])
	}
	if old := env.Do("GET", "/api/v1/items/"+foodLicence+"?version=1", admin, nil).Map(t); old["status"] != "superseded" {
		t.Fatalf("version 1 status %v, want superseded", old["status"])
	}
	// The case filed under version 1 keeps its three-day promise.
	c := act(t, env, clerk, before["number"].(string), "accept", nil, http.StatusOK)
	if c["item_version"] != float64(1) || c["promised_days"] != float64(3) || c["due_date"] != "2026-02-12" {
		t.Fatalf("old case: version %v promised %v due %v", c["item_version"], c["promised_days"], c["due_date"])
	}
	after := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})
	if after["item_version"] != float64(2) || after["item_name"] != "食品经营许可（新办，告知承诺）" {
		t.Fatalf("new case: version %v name %v", after["item_version"], after["item_name"])
	}

	// Search follows the published version.
	var found struct{ Items []struct{ Name string } }
	env.Do("GET", "/api/v1/items?q=告知承诺", "", nil).JSON(t, &found)
	if len(found.Items) != 1 {
		t.Fatalf("search for the new name: %v", found.Items)
	}

	if r := env.Do("POST", "/api/v1/items/"+foodLicence+"/retire", admin, nil); r.Status != http.StatusOK || r.Map(t)["status"] != "retired" {
		t.Fatalf("retire: %d %s", r.Status, r.Body)
	}
	wantCode(t, env.Do("POST", "/api/v1/cases", clerk, map[string]any{"item": foodLicence, "applicant": lisiInput()}),
		http.StatusConflict, "item_not_published")
	env.Do("GET", "/api/v1/items?q=餐饮", "", nil).JSON(t, &found)
	for _, i := range found.Items {
		if i.Name == "食品经营许可（新办，告知承诺）" {
			t.Fatalf("a retired item is still found")
		}
	}
	// Cases filed before go on.
	if r := env.Do("GET", "/api/v1/cases/"+after["number"].(string), clerk, nil); r.Status != http.StatusOK {
		t.Fatalf("case of a retired item: %d", r.Status)
	}
}

// TestCatalogExportImport: the exported catalog imports back unchanged; an invalid
// entry rejects the whole import, naming it.
func TestCatalogExportImport(t *testing.T) {
	env := testenv.Start(t, monday)
	admin := env.Login("admin")
	ex := env.Do("GET", "/api/v1/catalog/export", admin, nil)
	var doc map[string]any
	ex.JSON(t, &doc)
	if n := len(doc["items"].([]any)); n != 25 {
		t.Fatalf("export has %d items, want 25", n)
	}
	if n := len(doc["bundles"].([]any)); n != 4 {
		t.Fatalf("export has %d bundles, want 4", n)
	}
	r := env.Do("POST", "/api/v1/catalog/import", admin, ex.Body)
	if r.Status != http.StatusOK {
		t.Fatalf("re-import: %d %s", r.Status, r.Body)
	}
	res := r.Map(t)
	if res["items_unchanged"] != float64(25) || res["items_created"] != float64(0) || res["items_updated"] != float64(0) {
		t.Fatalf("re-import changed items: %v", res)
	}

	items := doc["items"].([]any)
	items[0].(map[string]any)["legal_days"] = float64(0)
	items[1].(map[string]any)["name"] = "改过的名字"
	r = env.Do("POST", "/api/v1/catalog/import", admin, doc)
	if r.Status != http.StatusUnprocessableEntity || r.ErrorField() != "items[0].legal_days" {
		t.Fatalf("bad import: %d %s", r.Status, r.Body)
	}
	// Nothing of the rejected import was applied.
	code := items[1].(map[string]any)["code"].(string)
	if name := env.Do("GET", "/api/v1/items/"+code, "", nil).Map(t)["name"]; name == "改过的名字" {
		t.Fatalf("a rejected import changed an item")
	}
	if r := env.Do("POST", "/api/v1/catalog/import", env.Login("clerk"), doc); r.Status != http.StatusForbidden {
		t.Fatalf("clerk imports: %d", r.Status)
	}
}

// TestSearchChinese: full-text search over Chinese without a dictionary.
func TestSearchChinese(t *testing.T) {
	env := testenv.Start(t, monday)
	tests := []struct{ q, want string }{
		{"餐饮", "食品经营许可（新办）"},
		{"开饭店", "食品经营许可（新办）"},
		{"社保卡", "社会保障卡申领"},
		{"药店", "药品零售企业经营许可（新办）"},
		{"KTV", "娱乐场所经营许可"},
		{"370211-XK-0009", "药品零售企业经营许可（新办）"},
		{"市场监督管理局", "食品经营许可（新办）"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var res struct{ Items []struct{ Name string } }
			env.Do("GET", "/api/v1/items?q="+urlQuery(tt.q), "", nil).JSON(t, &res)
			found := false
			for _, i := range res.Items {
				found = found || i.Name == tt.want
			}
			if !found {
				t.Errorf("got %v, want %s among them", res.Items, tt.want)
			}
		})
	}
	// A name match outranks a match in the materials: 营业执照 is a material of
	// many items but the name of none, 社会保障卡 the name of one.
	var ranked struct{ Items []struct{ Name string } }
	env.Do("GET", "/api/v1/items?q="+urlQuery("社会保障卡申领"), "", nil).JSON(t, &ranked)
	if len(ranked.Items) == 0 || ranked.Items[0].Name != "社会保障卡申领" {
		t.Errorf("社会保障卡申领 ranks %v first", ranked.Items)
	}
	var none struct{ Items []any }
	env.Do("GET", "/api/v1/items?q="+urlQuery("火箭发射"), "", nil).JSON(t, &none)
	if len(none.Items) != 0 {
		t.Errorf("nonsense query found %d items", len(none.Items))
	}
}

func urlQuery(s string) string { return url.QueryEscape(s) }
