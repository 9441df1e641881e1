package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"yiwang/internal/catalog"
)

// searchCatalog fills db with n published items whose names combine the words of
// a district's catalog, so that common words (许可, 登记) match most of them as in
// a real catalog of 1,500 items.
func searchCatalog(b *testing.B, db *DB, n int) {
	b.Helper()
	subjects := []string{"食品经营", "公共场所卫生", "药品零售", "烟草专卖零售", "娱乐场所经营", "道路货物运输", "排水",
		"建设工程规划", "建筑工程施工", "民办学校", "出版物零售", "人力资源服务", "劳务派遣", "特种设备使用", "医疗机构执业"}
	kinds := []string{"许可", "登记", "备案", "审核", "确认"}
	variants := []string{"新办", "变更", "延续", "补办", "注销"}
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *Tx) error {
		if err := tx.CreateDepartment(ctx, &catalog.Department{Code: "d", Name: "部门"}); err != nil {
			return err
		}
		for i := range n {
			name := fmt.Sprintf("%s%s（%s）%d", subjects[i%len(subjects)], kinds[i/len(subjects)%len(kinds)], variants[i/75%len(variants)], i)
			it := &catalog.Item{Code: fmt.Sprintf("c%04d", i), Name: name, Department: "d", Version: 1, Status: catalog.Published,
				UpdatedAt: auditNow, Result: subjects[i%len(subjects)] + "许可证", Tags: []string{"开店", "办证"},
				Aliases: []string{subjects[i%len(subjects)] + "证"}, Materials: []catalog.Material{{Name: "营业执照"}, {Name: "申请书"}}}
			if err := tx.SaveItemState(ctx, catalog.State{Code: it.Code, Latest: 1, Published: 1}); err != nil {
				return err
			}
			if err := tx.SaveItemVersion(ctx, it); err != nil {
				return err
			}
			if err := tx.IndexItem(ctx, it.Code, it.SearchEntry("部门")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSearch1500 searches a catalog of 1,500 items for a page of 50, with
// the ranking by name (closeness) and, as the baseline of the same run, by
// full-text relevance alone (no phrases), for a common word that matches nearly
// every item (许可, any term), a name, and a colloquial word.
func BenchmarkSearch1500(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	searchCatalog(b, db, 1500)
	for _, q := range []struct {
		name  string
		text  string
		match catalog.Match
	}{{"common", "许可", catalog.MatchAny}, {"name", "食品经营许可", catalog.MatchAll}, {"colloquial", "开个药品店", catalog.MatchAny}} {
		parsed, err := catalog.ParseSearch(q.text, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, ranked := range []bool{false, true} {
			sq := catalog.SearchQuery{Terms: parsed.Terms(), Match: q.match, Limit: 51}
			label := "relevance"
			if ranked {
				sq.Phrases, label = parsed.Phrases(), "closeness"
			}
			b.Run(q.name+"/"+label, func(b *testing.B) {
				for b.Loop() {
					err := db.Read(ctx, func(tx *Tx) error {
						hits, err := tx.SearchItems(ctx, sq)
						if err == nil && len(hits) == 0 {
							b.Fatalf("%s found nothing", q.text)
						}
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
