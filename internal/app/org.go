package app

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
)

// Departments lists the departments.
func (s *Service) Departments(ctx context.Context) ([]catalog.Department, error) {
	var ds []catalog.Department
	err := s.db.View(ctx, func(tx Tx) (err error) {
		ds, err = tx.FindDepartments(ctx)
		return err
	})
	return ds, err
}

// Halls lists the halls.
func (s *Service) Halls(ctx context.Context) ([]catalog.Hall, error) {
	var hs []catalog.Hall
	err := s.db.View(ctx, func(tx Tx) (err error) {
		hs, err = tx.FindHalls(ctx)
		return err
	})
	return hs, err
}

// CreateDepartment adds a department; administrators only.
func (s *Service) CreateDepartment(ctx context.Context, d *catalog.Department) error {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx Tx) error {
		if err := tx.CreateDepartment(ctx, d); err != nil {
			return err
		}
		return record(ctx, tx, a, s.Now(), event{region: s.cfg.Region, action: "department.create",
			subject: "department/" + d.Code, after: snapshot(d)})
	})
}

// CreateHall adds a hall with the next free hall number of its region.
func (s *Service) CreateHall(ctx context.Context, h *catalog.Hall) error {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx Tx) error { return s.createHall(ctx, tx, a, h) })
}

func (s *Service) createHall(ctx context.Context, tx Tx, a access.Actor, h *catalog.Hall) error {
	if h.Region == "" {
		h.Region = s.cfg.Region
	}
	halls, err := tx.FindHalls(ctx)
	if err != nil {
		return err
	}
	h.Seq = 1
	for _, o := range halls {
		if o.Region == h.Region && o.Seq >= h.Seq {
			h.Seq = o.Seq + 1
		}
	}
	if err := h.Validate(); err != nil {
		return err
	}
	if err := tx.CreateHall(ctx, h); err != nil {
		return err
	}
	return record(ctx, tx, a, s.Now(), event{region: h.Region, action: "hall.create",
		subject: "hall/" + h.Code, after: snapshot(h)})
}

// ExportCatalog returns the catalog in force: departments, halls, published items, bundles.
func (s *Service) ExportCatalog(ctx context.Context) (*catalog.Export, error) {
	ex := &catalog.Export{}
	err := s.db.View(ctx, func(tx Tx) (err error) {
		if ex.Departments, err = tx.FindDepartments(ctx); err != nil {
			return err
		}
		if ex.Halls, err = tx.FindHalls(ctx); err != nil {
			return err
		}
		if ex.Items, err = tx.FindItems(ctx, catalog.ItemFilter{PublishedOnly: true}); err != nil {
			return err
		}
		if ex.Bundles, err = tx.FindBundles(ctx); err != nil {
			return err
		}
		return exportFrontDoor(ctx, tx, ex)
	})
	return ex, err
}

// ImportResult says what an import changed.
type ImportResult struct {
	Departments int `json:"departments"`
	Halls       int `json:"halls"`
	Created     int `json:"items_created"`
	Updated     int `json:"items_updated"`
	Unchanged   int `json:"items_unchanged"`
	Bundles     int `json:"bundles"`
}

// ImportCatalog loads a whole catalog in one transaction: departments are added or
// renamed, new halls added, each item created or edited and published, bundles
// replaced. Any invalid entry rejects the whole import, naming the entry.
func (s *Service) ImportCatalog(ctx context.Context, ex *catalog.Export) (*ImportResult, error) {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{}
	err = s.db.Update(ctx, func(tx Tx) error { return s.importCatalog(ctx, tx, a, ex, res) })
	return res, err
}

func (s *Service) importCatalog(ctx context.Context, tx Tx, a access.Actor, ex *catalog.Export, res *ImportResult) error {
	for i := range ex.Departments {
		d := &ex.Departments[i]
		if err := d.Validate(); err != nil {
			return prefixField(err, fmt.Sprintf("departments[%d]", i))
		}
		if err := tx.UpsertDepartment(ctx, d); err != nil {
			return err
		}
		res.Departments++
	}
	for i := range ex.Halls {
		h := &ex.Halls[i]
		if _, err := tx.FindHall(ctx, h.Code); err == nil {
			continue
		}
		if err := s.createHall(ctx, tx, a, h); err != nil {
			return prefixField(err, fmt.Sprintf("halls[%d]", i))
		}
		res.Halls++
	}
	for i := range ex.Items {
		if err := s.importItem(ctx, tx, a, &ex.Items[i], res); err != nil {
			return prefixField(err, fmt.Sprintf("items[%d]", i))
		}
	}
	for i := range ex.Bundles {
		if err := s.importBundle(ctx, tx, &ex.Bundles[i]); err != nil {
			return prefixField(err, fmt.Sprintf("bundles[%d]", i))
		}
		res.Bundles++
	}
	if err := importFrontDoor(ctx, tx, ex); err != nil {
		return err
	}
	return record(ctx, tx, a, s.Now(), event{region: s.cfg.Region, action: "catalog.import",
		subject: "catalog", after: snapshot(res)})
}

func (s *Service) importItem(ctx context.Context, tx Tx, a access.Actor, it *catalog.Item, res *ImportResult) error {
	st, err := tx.FindItemState(ctx, it.Code)
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		if err := s.createItem(ctx, tx, a, it); err != nil {
			return err
		}
		res.Created++
	case err != nil:
		return err
	default:
		cur, err := tx.FindItemVersion(ctx, it.Code, st.Latest)
		if err != nil {
			return err
		}
		if sameContent(cur, it) && st.Published == st.Latest && !st.Retired {
			res.Unchanged++
			return nil
		}
		if err := s.editItem(ctx, tx, a, it.Code, it); err != nil {
			return err
		}
		res.Updated++
	}
	_, err = s.publish(ctx, tx, a, it.Code)
	return err
}

// sameContent compares two items ignoring version bookkeeping.
func sameContent(a, b *catalog.Item) bool {
	x, y := *a, *b
	for _, it := range []*catalog.Item{&x, &y} {
		it.Version, it.Status, it.UpdatedAt, it.PublishedAt = 0, "", time.Time{}, nil
	}
	y.Materials = slices.Clone(b.Materials) // ids are filled in on a copy, not in the import
	catalog.AssignMaterialIDs(y.Materials)
	return reflect.DeepEqual(snapshot(x), snapshot(y))
}

func (s *Service) importBundle(ctx context.Context, tx Tx, b *catalog.Bundle) error {
	if err := b.Validate(); err != nil {
		return err
	}
	for j, code := range b.Members {
		if _, err := tx.FindItemState(ctx, code); err != nil {
			return apperr.Invalidf(fmt.Sprintf("members[%d]", j), "事项 %s 不存在", code)
		}
	}
	return tx.UpsertBundle(ctx, b)
}

// prefixField makes a field error point into the imported document.
func prefixField(err error, prefix string) error {
	if e := apperr.As(err); e != nil && e.Kind == apperr.Invalid {
		f := prefix
		if e.Field != "" {
			f += "." + e.Field
		}
		return e.WithField(f)
	}
	return err
}
