package catalog

import (
	"encoding/json"
	"strings"
	"testing"

	"yiwang/internal/apperr"
)

func ptr(f float64) *float64 { return &f }

// foodForm is the form of a food business licence, as the demo catalog has it.
var foodForm = Form{
	{Key: "经营场所", Label: "经营场所", Type: AddressField, Required: true},
	{Key: "经营面积", Label: "经营面积", Type: AreaField, Required: true, Max: ptr(5000)},
	{Key: "经营项目", Label: "经营项目", Type: SelectField, Required: true, Options: []string{"热食类食品制售", "冷食类食品制售", "预包装食品销售"}},
	{Key: "是否含热食", Label: "是否含热食", Type: YesNoField},
	{Key: "负责人", Label: "负责人", Type: TextField, Required: true, MaxLength: 20},
	{Key: "负责人身份证号", Label: "负责人身份证号", Type: IDNumberField, Required: true},
	{Key: "联系电话", Label: "联系电话", Type: PhoneField, Required: true},
	{Key: "开业日期", Label: "开业日期", Type: DateField},
	{Key: "备注", Label: "备注", Type: LongTextField},
}

func TestFormCheckNormalises(t *testing.T) {
	if err := foodForm.Validate(); err != nil {
		t.Fatal(err)
	}
	got, err := foodForm.Check(json.RawMessage(`{"经营场所":" 青岛市市北区辽宁路1号 ","经营面积":85.5,"经营项目":"热食类食品制售",
		"是否含热食":true,"负责人":"张三","负责人身份证号":"11010519491231002x","联系电话":"13800000001","开业日期":"2026-03-02","备注":""}`))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatal(err)
	}
	if m["经营场所"] != "青岛市市北区辽宁路1号" || m["负责人身份证号"] != "11010519491231002X" || m["经营面积"] != 85.5 {
		t.Errorf("normalised form %s", got)
	}
	if _, ok := m["备注"]; ok {
		t.Errorf("a blank optional field is kept: %s", got)
	}
	masked := string(foodForm.Masked(got))
	if strings.Contains(masked, "11010519491231002X") || strings.Contains(masked, "13800000001") || !strings.Contains(masked, "138****0001") {
		t.Errorf("masked form %s", masked)
	}
}

func TestFormCheckNamesEveryBadField(t *testing.T) {
	_, err := foodForm.Check(json.RawMessage(`{"经营面积":-3,"经营项目":"卖烟","是否含热食":"是",
		"负责人":"张\u202e三","负责人身份证号":"110105194912310021","联系电话":"12345","开业日期":"2026-02-30","颜色":"红"}`))
	e := apperr.As(err)
	if e == nil || e.Code != "invalid_fields" {
		t.Fatalf("got %v", err)
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	want := "form.经营场所 form.经营面积 form.经营项目 form.是否含热食 form.负责人 form.负责人身份证号 form.联系电话 form.开业日期 form.颜色"
	if strings.Join(fields, " ") != want {
		t.Errorf("fields\n got %s\nwant %s", strings.Join(fields, " "), want)
	}
	if e.Field != "form.经营场所" || e.Fields[0].Code != "required" {
		t.Errorf("first: %+v", e.Fields[0])
	}
}

func TestFormWithoutDefinitionTakesAnyObject(t *testing.T) {
	got, err := Form(nil).Check(json.RawMessage(`{"店名":"张三小吃"}`))
	if err != nil || string(got) != `{"店名":"张三小吃"}` {
		t.Errorf("got %s, %v", got, err)
	}
	if _, err := Form(nil).Check(json.RawMessage(`[1]`)); apperr.As(err) == nil || apperr.As(err).Field != "form" {
		t.Errorf("an array as form: %v", err)
	}
}

func TestFormDefinitionValidate(t *testing.T) {
	tests := []struct {
		name  string
		form  Form
		field string
	}{
		{"duplicate key", Form{{Key: "a", Label: "甲", Type: TextField}, {Key: "a", Label: "乙", Type: TextField}}, "form[1].key"},
		{"bad key", Form{{Key: "a b", Label: "甲", Type: TextField}}, "form[0].key"},
		{"no label", Form{{Key: "a", Type: TextField}}, "form[0].label"},
		{"unknown type", Form{{Key: "a", Label: "甲", Type: "colour"}}, "form[0].type"},
		{"select without options", Form{{Key: "a", Label: "甲", Type: SelectField}}, "form[0].options"},
		{"repeated option", Form{{Key: "a", Label: "甲", Type: SelectField, Options: []string{"x", "x"}}}, "form[0].options[1]"},
		{"options on text", Form{{Key: "a", Label: "甲", Type: TextField, Options: []string{"x"}}}, "form[0].options"},
		{"min above max", Form{{Key: "a", Label: "甲", Type: NumberField, Min: ptr(5), Max: ptr(1)}}, "form[0].max"},
		{"bad pattern", Form{{Key: "a", Label: "甲", Type: TextField, Pattern: "(("}}, "form[0].pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := apperr.As(tt.form.Validate()); e == nil || e.Field != tt.field {
				t.Errorf("got %v, want an error naming %s", e, tt.field)
			}
		})
	}
}

func TestFormPattern(t *testing.T) {
	f := Form{{Key: "牌照", Label: "车牌号", Type: TextField, Pattern: `鲁B[A-Z0-9]{5}`}}
	if _, err := f.Check(json.RawMessage(`{"牌照":"鲁B12345"}`)); err != nil {
		t.Errorf("a matching plate: %v", err)
	}
	if _, err := f.Check(json.RawMessage(`{"牌照":"x鲁B12345"}`)); err == nil {
		t.Error("the pattern is not anchored")
	}
}
