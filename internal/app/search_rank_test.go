package app_test

import (
	"context"
	"slices"
	"testing"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
	"yiwang/internal/testenv"
)

func searchCodes(t *testing.T, svc *app.Service, q string, n int) []string {
	t.Helper()
	page, err := svc.SearchItems(context.Background(), q, paging.Request{Limit: n})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	var codes []string
	for _, it := range page.Rows {
		codes = append(codes, it.Code)
	}
	return codes
}

// TestSearchRanksWhatPeopleMean: the examples of the issue. 营业执照 is what the
// two registrations issue, not a word of 营业性演出许可; 办户口 means the newborn's
// registration, not 低保 whose materials hold a 户口簿; 餐饮 is what people call
// the food licence, a tag of the drainage permit; 准生证 and 小饭馆 are colloquial.
func TestSearchRanksWhatPeopleMean(t *testing.T) {
	svc := testenv.Start(t, monday).Main.Service
	const (
		soleTrader = "370211-QR-0001"
		company    = "370211-QR-0002"
		drainage   = "370211-XK-0011"
		birth      = "370211-GG-0002"
		newborn    = "370211-GG-0003"
	)
	if got := searchCodes(t, svc, "营业执照", 3); !slices.Contains(got, soleTrader) || !slices.Contains(got, company) {
		t.Errorf("营业执照 → %v, want %s and %s among the first three", got, soleTrader, company)
	}
	first := func(q, want string) {
		t.Helper()
		if got := searchCodes(t, svc, q, 5); len(got) == 0 || got[0] != want {
			t.Errorf("%s → %v, want %s first", q, got, want)
		}
	}
	first("办户口", newborn)
	first("餐饮", foodLicence)
	first("小饭馆", foodLicence)
	first("准生证", birth)
	first("生育服务登记", birth)
	first("食品经营许可", foodLicence) // an exact name first
	got := searchCodes(t, svc, "餐饮", 10)
	if i, j := slices.Index(got, foodLicence), slices.Index(got, drainage); i < 0 || j < 0 || i > j {
		t.Errorf("餐饮 → %v, want the food licence above the drainage permit", got)
	}
}

// TestSynonymsFromImport: the shared synonym list comes with the catalog's import
// and export and is what search reads: 火锅 finds nothing close until the
// administrator says it means 餐饮.
func TestSynonymsFromImport(t *testing.T) {
	env := testenv.Start(t, monday)
	svc := env.Main.Service
	if got := searchCodes(t, svc, "开火锅店", 1); len(got) > 0 && got[0] == foodLicence {
		t.Fatalf("开火锅店 finds the food licence first before any synonym says so; pick another word")
	}
	u, err := svc.UserByUsername(context.Background(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	ctx := access.NewContext(context.Background(), u.Actor())
	ex, err := svc.ExportCatalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.LifeEvents) < 5 || len(ex.Synonyms) < 10 {
		t.Fatalf("export: %d life events, %d synonyms", len(ex.LifeEvents), len(ex.Synonyms))
	}
	ex.Synonyms = append(ex.Synonyms, catalog.Synonym{Term: "火锅", Means: []string{"餐饮"}})
	if _, err := svc.ImportCatalog(ctx, ex); err != nil {
		t.Fatal(err)
	}
	if got := searchCodes(t, svc, "开火锅店", 1); len(got) == 0 || got[0] != foodLicence {
		t.Errorf("开火锅店 after the synonym → %v, want %s", got, foodLicence)
	}
	again, err := svc.ExportCatalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(again.Synonyms, func(s catalog.Synonym) bool { return s.Term == "火锅" }) {
		t.Error("the imported synonym is not exported")
	}
	// A life event naming an item that does not exist rejects the import, naming it.
	again.LifeEvents[0].Items = append(again.LifeEvents[0].Items, "no-such-item")
	if _, err := svc.ImportCatalog(ctx, again); err == nil {
		t.Error("a life event with an unknown item was imported")
	}
}

// TestDepartmentItemsPaged: a department's items come a page at a time, by code,
// each once, and only that department's.
func TestDepartmentItemsPaged(t *testing.T) {
	svc := testenv.Start(t, monday).Main.Service
	var codes []string
	pr := paging.Request{Limit: 2}
	for range 10 {
		d, page, err := svc.DepartmentItems(context.Background(), "scjg", pr)
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != "区市场监督管理局" || len(page.Rows) > 2 {
			t.Fatalf("page of %s: %d rows", d.Name, len(page.Rows))
		}
		for _, it := range page.Rows {
			if it.Department != "scjg" {
				t.Errorf("%s of %s among scjg's items", it.Code, it.Department)
			}
			codes = append(codes, it.Code)
		}
		if !page.More {
			break
		}
		pr.Cursor = page.Next
	}
	want := []string{"370211-QR-0001", "370211-QR-0002", "370211-QR-0003", "370211-XK-0001", "370211-XK-0009", "370211-XK-0018"}
	if !slices.Equal(codes, want) {
		t.Errorf("scjg's items: %v, want %v", codes, want)
	}
}

// TestItemAliasThroughVersions: a colloquial name the administrator gives an item
// is part of its next version, and search knows it once that version is published.
func TestItemAliasThroughVersions(t *testing.T) {
	svc := testenv.Start(t, monday).Main.Service
	u, err := svc.UserByUsername(context.Background(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	ctx := access.NewContext(context.Background(), u.Actor())
	const drainage = "370211-XK-0011"
	if got := searchCodes(t, svc, "化粪池清掏", 1); len(got) > 0 && got[0] == drainage {
		t.Fatalf("化粪池清掏 finds the drainage permit before it is one of its names")
	}
	it, err := svc.Item(ctx, drainage, 0)
	if err != nil {
		t.Fatal(err)
	}
	it.Aliases = append(it.Aliases, "化粪池清掏")
	if err := svc.UpdateItem(ctx, drainage, it); err != nil {
		t.Fatal(err)
	}
	if got := searchCodes(t, svc, "化粪池清掏", 1); len(got) > 0 && got[0] == drainage {
		t.Errorf("a draft's alias is searched before it is published")
	}
	published, err := svc.PublishItem(ctx, drainage)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(published.Aliases, "化粪池清掏") || published.Version < 2 {
		t.Fatalf("published version %d has aliases %v", published.Version, published.Aliases)
	}
	if got := searchCodes(t, svc, "化粪池清掏", 1); len(got) == 0 || got[0] != drainage {
		t.Errorf("化粪池清掏 after publishing → %v, want %s", got, drainage)
	}
}
