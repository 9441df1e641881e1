package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"yiwang/internal/casework"
	"yiwang/internal/store"
	"yiwang/internal/testenv"
)

// TestItemFormDefinition: an administrator gives an item a form definition and
// publishes it; a submission is then checked against it, every bad field named in
// one answer; a good one is stored normalised, and its ID number and phone fields
// are masked in the case as staff see it and in the events an approver reads.
func TestItemFormDefinition(t *testing.T) {
	env := testenv.Start(t, monday)
	admin, clerk := env.Login("admin"), env.Login("clerk")
	it := env.Do("GET", "/api/v1/items/"+foodLicence, "", nil).Map(t)
	for _, k := range []string{"version", "status", "updated_at", "published_at"} {
		delete(it, k)
	}
	it["form"] = []map[string]any{
		{"key": "经营场所", "label": "经营场所", "type": "address", "required": true},
		{"key": "经营面积", "label": "经营面积（平方米）", "type": "area_m2", "required": true, "max": 5000},
		{"key": "经营项目", "label": "经营项目", "type": "select", "required": true, "options": []string{"热食类食品制售", "预包装食品销售"}},
		{"key": "负责人身份证号", "label": "负责人身份证号", "type": "id_number", "required": true},
		{"key": "联系电话", "label": "联系电话", "type": "phone", "required": true},
	}
	if r := env.Do("PUT", "/api/v1/items/"+foodLicence, admin, it); r.Status != http.StatusOK {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	if r := env.Do("POST", "/api/v1/items/"+foodLicence+"/publish", admin, nil); r.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	bad := map[string]any{"经营面积": 9000, "经营项目": "卖烟", "负责人身份证号": "110105194912310021", "联系电话": "13800000001", "颜色": "红"}
	r := env.Do("POST", "/api/v1/cases", clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "form": bad})
	var body struct {
		Error struct {
			Code, Field string
			Fields      []struct{ Code, Field, Message string }
		}
	}
	r.JSON(t, &body)
	var fields []string
	for _, f := range body.Error.Fields {
		fields = append(fields, f.Field)
	}
	if r.Status != http.StatusUnprocessableEntity || body.Error.Code != "invalid_fields" ||
		strings.Join(fields, " ") != "form.经营场所 form.经营面积 form.经营项目 form.负责人身份证号 form.颜色" {
		t.Fatalf("bad form: %d %s", r.Status, r.Body)
	}
	good := map[string]any{"经营场所": " 青岛市市北区辽宁路1号", "经营面积": 85.5, "经营项目": "热食类食品制售",
		"负责人身份证号": "11010519491231002x", "联系电话": "13800000007"}
	c := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "form": good})
	if form := c["form"].(map[string]any); form["经营场所"] != "青岛市市北区辽宁路1号" ||
		form["负责人身份证号"] != "110105********002X" || form["联系电话"] != "138****0007" {
		t.Errorf("the case shows its form as %v, want it normalised and masked", form)
	}
	var stored *casework.Case
	err := env.Main.DB.Read(context.Background(), func(tx *store.Tx) (err error) {
		stored, err = tx.FindCase(context.Background(), c["number"].(string))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(stored.Form), `"负责人身份证号":"11010519491231002X"`) {
		t.Errorf("stored form %s, want the full number normalised", stored.Form)
	}
	ev := env.Do("GET", "/api/v1/cases/"+c["number"].(string)+"/events", env.Login("approver"), nil)
	if s := string(ev.Body); ev.Status != http.StatusOK || strings.Contains(s, "13800000007") || !strings.Contains(s, "138****0007") ||
		strings.Contains(s, "11010519491231002X") {
		t.Errorf("events show the form's identifiers: %d %s", ev.Status, s)
	}
}
