package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"yiwang/internal/apperr"
)

func intp(n int) *int { return &n }

// validItem returns a promised item that passes Validate; tests break one field.
func validItem() *Item {
	return &Item{
		Code:         "370202-XK-001",
		Name:         "食品经营许可",
		Kind:         License,
		Department:   "scjgj",
		Handling:     Promised,
		LegalDays:    20,
		PromisedDays: 5,
		OnSiteVisits: 1,
		OnlineDepth:  3,
		Fee:          "不收费",
		LegalBasis:   "《中华人民共和国食品安全法》第三十五条",
		Procedure: []Step{
			{Name: "受理", Kind: StepAccept},
			{Name: "审查", Kind: StepReview},
			{Name: "决定", Kind: StepDecide},
			{Name: "送达", Kind: StepDeliver},
		},
		Materials: []Material{
			{ID: "m1", Name: "营业执照", Required: true, GapAllowed: true, Form: Copy, Copies: 1, FileTypes: []string{"pdf", "jpg"}, MaxMB: 10},
			{ID: "m2", Name: "经营场所平面图", Required: false, Form: Original, Copies: 2, FileTypes: []string{"png"}, MaxMB: 5},
		},
		Tags: []string{"开饭店", "餐饮"},
	}
}

func TestItemValidate(t *testing.T) {
	tests := []struct {
		name     string
		change   func(it *Item)
		want     string // the field named by the error; "" for a valid item
		wantCode string // the error code, "invalid" when empty
	}{
		{name: "valid promised item", change: func(it *Item) {}},
		{name: "valid instant item", change: func(it *Item) {
			it.Handling, it.PromisedDays = Instant, 0
			it.Procedure = []Step{{Name: "受理", Kind: StepAccept}, {Name: "审核决定", Kind: StepDecide}, {Name: "出证", Kind: StepIssue}}
		}},
		{name: "valid without materials", change: func(it *Item) { it.Materials = nil }},
		{name: "promised equals legal", change: func(it *Item) { it.PromisedDays = it.LegalDays }},
		{name: "yellow zero", change: func(it *Item) { it.YellowDays = intp(0) }},
		{name: "yellow equals legal", change: func(it *Item) { it.YellowDays = intp(20) }},
		{name: "online depth 0", change: func(it *Item) { it.OnlineDepth = 0 }},
		{name: "online depth 4", change: func(it *Item) { it.OnlineDepth = 4 }},
		{name: "code of 64 characters", change: func(it *Item) { it.Code = strings.Repeat("a", 64) }},
		{name: "code with dot and underscore", change: func(it *Item) { it.Code = "A1.b_c-2" }},
		{name: "max_mb at the bound", change: func(it *Item) { it.Materials[0].MaxMB = MaxMaterialMB }},
		{name: "every kind", change: func(it *Item) { it.Kind = PublicService }},

		{name: "code empty", change: func(it *Item) { it.Code = "" }, want: "code"},
		{name: "code starts with dash", change: func(it *Item) { it.Code = "-370202" }, want: "code"},
		{name: "code with space", change: func(it *Item) { it.Code = "370202 XK" }, want: "code"},
		{name: "code with Han", change: func(it *Item) { it.Code = "许可001" }, want: "code"},
		{name: "code of 65 characters", change: func(it *Item) { it.Code = strings.Repeat("a", 65) }, want: "code"},
		{name: "name empty", change: func(it *Item) { it.Name = "" }, want: "name", wantCode: "required"},
		{name: "kind empty", change: func(it *Item) { it.Kind = "" }, want: "kind"},
		{name: "kind unknown", change: func(it *Item) { it.Kind = "permit" }, want: "kind"},
		{name: "department empty", change: func(it *Item) { it.Department = "" }, want: "department", wantCode: "required"},
		{name: "handling empty", change: func(it *Item) { it.Handling = "" }, want: "handling"},
		{name: "handling unknown", change: func(it *Item) { it.Handling = "fast" }, want: "handling"},
		{name: "instant with promised days", change: func(it *Item) { it.Handling, it.PromisedDays = Instant, 1 }, want: "promised_days"},
		{name: "promised with zero days", change: func(it *Item) { it.PromisedDays = 0 }, want: "promised_days"},
		{name: "promised with negative days", change: func(it *Item) { it.PromisedDays = -3 }, want: "promised_days"},
		{name: "promised above legal", change: func(it *Item) { it.PromisedDays = 21 }, want: "promised_days"},
		{name: "legal zero", change: func(it *Item) { it.LegalDays = 0 }, want: "legal_days"},
		{name: "instant with legal zero", change: func(it *Item) { it.Handling, it.PromisedDays, it.LegalDays = Instant, 0, 0 }, want: "legal_days"},
		{name: "yellow negative", change: func(it *Item) { it.YellowDays = intp(-1) }, want: "yellow_days"},
		{name: "yellow above legal", change: func(it *Item) { it.YellowDays = intp(21) }, want: "yellow_days"},
		{name: "on-site visits negative", change: func(it *Item) { it.OnSiteVisits = -1 }, want: "on_site_visits"},
		{name: "online depth negative", change: func(it *Item) { it.OnlineDepth = -1 }, want: "online_depth"},
		{name: "online depth 5", change: func(it *Item) { it.OnlineDepth = 5 }, want: "online_depth"},
		{name: "procedure missing", change: func(it *Item) { it.Procedure = nil }, want: "procedure", wantCode: "required"},
		{name: "procedure step without a name", change: func(it *Item) { it.Procedure[2].Name = "" }, want: "procedure[2].name", wantCode: "required"},
		{name: "material id empty", change: func(it *Item) { it.Materials[0].ID = "" }, want: "materials[0].id"},
		{name: "material id upper case", change: func(it *Item) { it.Materials[1].ID = "M2" }, want: "materials[1].id"},
		{name: "material id too long", change: func(it *Item) { it.Materials[0].ID = strings.Repeat("m", 33) }, want: "materials[0].id"},
		{name: "material ids duplicate", change: func(it *Item) { it.Materials[1].ID = "m1" }, want: "materials[1].id"},
		{name: "material name empty", change: func(it *Item) { it.Materials[0].Name = "" }, want: "materials[0].name", wantCode: "required"},
		{name: "material form empty", change: func(it *Item) { it.Materials[1].Form = "" }, want: "materials[1].form"},
		{name: "material form unknown", change: func(it *Item) { it.Materials[0].Form = "scan" }, want: "materials[0].form"},
		{name: "material copies zero", change: func(it *Item) { it.Materials[1].Copies = 0 }, want: "materials[1].copies"},
		{name: "material file types missing", change: func(it *Item) { it.Materials[0].FileTypes = nil }, want: "materials[0].file_types", wantCode: "required"},
		{name: "material max_mb zero", change: func(it *Item) { it.Materials[1].MaxMB = 0 }, want: "materials[1].max_mb"},
		{name: "material max_mb above bound", change: func(it *Item) { it.Materials[0].MaxMB = MaxMaterialMB + 1 }, want: "materials[0].max_mb"},
		{name: "gap allowed on optional material", change: func(it *Item) { it.Materials[1].GapAllowed = true }, want: "materials[1].gap_allowed"},
		{name: "material file type unknown", change: func(it *Item) { it.Materials[0].FileTypes = []string{"pdf", "docx"} }, want: "materials[0].file_types[1]"},
		{name: "material file type upper case", change: func(it *Item) { it.Materials[1].FileTypes = []string{"PNG"} }, want: "materials[1].file_types[0]"},
		{name: "first wrong field is named", change: func(it *Item) { it.Name, it.Code = "", "" }, want: "code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := validItem()
			tt.change(it)
			err := it.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate: got %v, want nil", err)
				}
				return
			}
			e := apperr.As(err)
			if e == nil {
				t.Fatalf("Validate: got %v, want an *apperr.Error naming %q", err, tt.want)
			}
			if e.Field != tt.want {
				t.Errorf("Field: got %v, want %v", e.Field, tt.want)
			}
			wantCode := tt.wantCode
			if wantCode == "" {
				wantCode = "invalid"
			}
			if e.Code != wantCode {
				t.Errorf("Code: got %v, want %v", e.Code, wantCode)
			}
			if e.Kind != apperr.Invalid {
				t.Errorf("Kind: got %v, want %v", e.Kind, apperr.Invalid)
			}
		})
	}
}

func TestItemYellow(t *testing.T) {
	tests := []struct {
		name   string
		yellow *int
		want   int
	}{
		{name: "unset uses the default", yellow: nil, want: DefaultYellowDays},
		{name: "zero is kept", yellow: intp(0), want: 0},
		{name: "set", yellow: intp(3), want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := Item{YellowDays: tt.yellow}
			if got := it.Yellow(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestItemMaterial(t *testing.T) {
	tests := []struct {
		name   string
		id     string
		want   string
		wantOK bool
	}{
		{name: "first", id: "m1", want: "营业执照", wantOK: true},
		{name: "second", id: "m2", want: "经营场所平面图", wantOK: true},
		{name: "unknown", id: "m3"},
		{name: "empty", id: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := validItem()
			m, ok := it.Material(tt.id)
			if ok != tt.wantOK {
				t.Fatalf("ok: got %v, want %v", ok, tt.wantOK)
			}
			if !ok {
				if m != nil {
					t.Errorf("material: got %v, want nil", m)
				}
				return
			}
			if m.Name != tt.want {
				t.Errorf("got %v, want %v", m.Name, tt.want)
			}
			m.Copies = 9
			if again, _ := it.Material(tt.id); again.Copies != 9 {
				t.Errorf("Copies after writing through the result: got %v, want %v", again.Copies, 9)
			}
		})
	}
}

func TestMaterialAccepts(t *testing.T) {
	pdfJpg := Material{Name: "营业执照", FileTypes: []string{"pdf", "jpg"}, MaxMB: 2}
	tests := []struct {
		name        string
		m           Material
		contentType string
		size        int64
		wantErr     bool
	}{
		{name: "pdf", m: pdfJpg, contentType: "application/pdf", size: 1000},
		{name: "jpeg", m: pdfJpg, contentType: "image/jpeg", size: 1000},
		{name: "empty file", m: pdfJpg, contentType: "application/pdf", size: 0},
		{name: "exactly the limit", m: pdfJpg, contentType: "application/pdf", size: 2 << 20},
		{name: "one byte over the limit", m: pdfJpg, contentType: "application/pdf", size: 2<<20 + 1, wantErr: true},
		{name: "png not listed", m: pdfJpg, contentType: "image/png", size: 1000, wantErr: true},
		{name: "png listed", m: Material{Name: "照片", FileTypes: []string{"png"}, MaxMB: 1}, contentType: "image/png", size: 1000},
		{name: "unknown content type", m: pdfJpg, contentType: "text/plain", size: 10, wantErr: true},
		{name: "empty content type", m: pdfJpg, contentType: "", size: 10, wantErr: true},
		{name: "no file types", m: Material{Name: "空", MaxMB: 1}, contentType: "application/pdf", size: 10, wantErr: true},
		{name: "wrong type and too large", m: pdfJpg, contentType: "image/png", size: 100 << 20, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Accepts(tt.contentType, tt.size)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got %v, want error %v", err, tt.wantErr)
			}
			if err != nil && apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("Kind: got %v, want %v", apperr.KindOf(err), apperr.Invalid)
			}
		})
	}
}

func TestAssignMaterialIDs(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{name: "none", ids: nil, want: nil},
		{name: "all new", ids: []string{"", "", ""}, want: []string{"m1", "m2", "m3"}},
		{name: "all given", ids: []string{"licence", "m7"}, want: []string{"licence", "m7"}},
		{name: "gaps filled in order", ids: []string{"m1", "", "m3", ""}, want: []string{"m1", "m2", "m3", "m4"}},
		{name: "given id later in the list is skipped", ids: []string{"", "m1", ""}, want: []string{"m2", "m1", "m3"}},
		{name: "lower free number reused", ids: []string{"m2", "", ""}, want: []string{"m2", "m1", "m3"}},
		{name: "non-numbered ids do not count", ids: []string{"", "licence", ""}, want: []string{"m1", "licence", "m2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ms []Material
			for i, id := range tt.ids {
				ms = append(ms, Material{ID: id, Name: string(rune('A' + i))})
			}
			AssignMaterialIDs(ms)
			var got []string
			for i, m := range ms {
				got = append(got, m.ID)
				if want := string(rune('A' + i)); m.Name != want {
					t.Errorf("materials[%d].Name: got %v, want %v", i, m.Name, want)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
