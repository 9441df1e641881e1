package catalog

import (
	"strings"
	"testing"

	"yiwang/internal/apperr"
)

// checkField fails t unless err names want (nil when want is "").
func checkField(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("Validate: got %v, want nil", err)
		}
		return
	}
	e := apperr.As(err)
	if e == nil {
		t.Fatalf("Validate: got %v, want an *apperr.Error naming %q", err, want)
	}
	if e.Field != want {
		t.Errorf("Field: got %v, want %v", e.Field, want)
	}
	if e.Kind != apperr.Invalid {
		t.Errorf("Kind: got %v, want %v", e.Kind, apperr.Invalid)
	}
}

func TestDepartmentValidate(t *testing.T) {
	tests := []struct {
		name string
		d    Department
		want string
	}{
		{name: "valid", d: Department{Code: "scjgj", Name: "市场监督管理局"}},
		{name: "digits and dash", d: Department{Code: "0-dept-2", Name: "部门"}},
		{name: "code of 32 characters", d: Department{Code: strings.Repeat("a", 32), Name: "部门"}},
		{name: "code empty", d: Department{Name: "部门"}, want: "code"},
		{name: "code upper case", d: Department{Code: "SCJGJ", Name: "部门"}, want: "code"},
		{name: "code starts with dash", d: Department{Code: "-a", Name: "部门"}, want: "code"},
		{name: "code with underscore", d: Department{Code: "a_b", Name: "部门"}, want: "code"},
		{name: "code of 33 characters", d: Department{Code: strings.Repeat("a", 33), Name: "部门"}, want: "code"},
		{name: "name empty", d: Department{Code: "scjgj"}, want: "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkField(t, tt.d.Validate(), tt.want)
		})
	}
}

func TestHallValidate(t *testing.T) {
	valid := Hall{Code: "shinan-center", Name: "市南区政务服务中心", Kind: DistrictHall, Region: "370202", Seq: 1}
	tests := []struct {
		name   string
		change func(h *Hall)
		want   string
	}{
		{name: "valid district hall", change: func(h *Hall) {}},
		{name: "valid street hall", change: func(h *Hall) { h.Kind = StreetHall }},
		{name: "code empty", change: func(h *Hall) { h.Code = "" }, want: "code"},
		{name: "code with Han", change: func(h *Hall) { h.Code = "市南" }, want: "code"},
		{name: "name empty", change: func(h *Hall) { h.Name = "" }, want: "name"},
		{name: "kind empty", change: func(h *Hall) { h.Kind = "" }, want: "kind"},
		{name: "kind unknown", change: func(h *Hall) { h.Kind = "township" }, want: "kind"},
		{name: "region empty", change: func(h *Hall) { h.Region = "" }, want: "region"},
		{name: "region of five digits", change: func(h *Hall) { h.Region = "37020" }, want: "region"},
		{name: "region of seven digits", change: func(h *Hall) { h.Region = "3702021" }, want: "region"},
		{name: "region with a letter", change: func(h *Hall) { h.Region = "37020a" }, want: "region"},
		{name: "first wrong field is named", change: func(h *Hall) { h.Name, h.Region = "", "" }, want: "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := valid
			tt.change(&h)
			checkField(t, h.Validate(), tt.want)
		})
	}
}

func TestBundleValidate(t *testing.T) {
	valid := func() Bundle {
		return Bundle{
			Code:            "yjs-open-restaurant",
			Name:            "我要开饭店",
			Members:         []string{"370202-XK-001", "370202-XK-002", "370202-QT-003"},
			OptionalMembers: map[string]string{"370202-QT-003": "设置户外招牌的"},
			PromisedDays:    5,
			LegalDays:       20,
		}
	}
	tests := []struct {
		name   string
		change func(b *Bundle)
		want   string
	}{
		{name: "valid", change: func(b *Bundle) {}},
		{name: "valid without optional members", change: func(b *Bundle) { b.OptionalMembers = nil }},
		{name: "two members", change: func(b *Bundle) { b.Members, b.OptionalMembers = b.Members[:2], nil }},
		{name: "promised equals legal", change: func(b *Bundle) { b.PromisedDays = 20 }},
		{name: "code empty", change: func(b *Bundle) { b.Code = "" }, want: "code"},
		{name: "code with space", change: func(b *Bundle) { b.Code = "yjs open" }, want: "code"},
		{name: "name empty", change: func(b *Bundle) { b.Name = "" }, want: "name"},
		{name: "no members", change: func(b *Bundle) { b.Members = nil }, want: "members"},
		{name: "one member", change: func(b *Bundle) { b.Members = b.Members[:1] }, want: "members"},
		{name: "promised zero", change: func(b *Bundle) { b.PromisedDays = 0 }, want: "promised_days"},
		{name: "promised above legal", change: func(b *Bundle) { b.PromisedDays = 21 }, want: "promised_days"},
		{name: "legal missing", change: func(b *Bundle) { b.LegalDays = 0 }, want: "promised_days"},
		{name: "optional member not a member", change: func(b *Bundle) { b.OptionalMembers = map[string]string{"370202-XK-009": "某情形"} }, want: "optional_members"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := valid()
			tt.change(&b)
			checkField(t, b.Validate(), tt.want)
		})
	}
}
