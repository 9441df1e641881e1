package app

import (
	"context"
	"fmt"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
)

// SearchItems finds published items by Chinese text (餐饮 finds 食品经营许可), at most
// limit of them (paging's default when limit is not in 1..paging.MaxLimit); an
// empty query lists them all.
func (s *Service) SearchItems(ctx context.Context, q string, limit int) ([]catalog.Item, error) {
	if limit <= 0 || limit > paging.MaxLimit {
		limit = paging.DefaultLimit
	}
	var items []catalog.Item
	err := s.db.View(ctx, func(tx Tx) (err error) {
		if q == "" {
			items, err = tx.FindItems(ctx, true)
			return err
		}
		// Every term first; if nothing has them all, any term, best match first, so
		// that 开饭店 still finds the items tagged 饭店.
		terms := catalog.QueryTerms(q)
		if items, err = tx.SearchItems(ctx, terms, true, limit); err != nil || len(items) > 0 {
			return err
		}
		items, err = tx.SearchItems(ctx, terms, false, limit)
		return err
	})
	return items, err
}

// Items lists the latest version of every item, drafts included; administrators only.
func (s *Service) Items(ctx context.Context) ([]catalog.Item, error) {
	if _, err := access.Require(ctx, access.Admin); err != nil {
		return nil, err
	}
	var items []catalog.Item
	err := s.db.View(ctx, func(tx Tx) (err error) {
		items, err = tx.FindItems(ctx, false)
		return err
	})
	return items, err
}

// Item returns an item's guide: the published version, or a given version. Drafts
// and superseded versions are shown to staff only; the public sees what is in force.
func (s *Service) Item(ctx context.Context, code string, version int) (*catalog.Item, error) {
	a, _ := access.FromContext(ctx)
	var it *catalog.Item
	err := s.db.View(ctx, func(tx Tx) error {
		st, err := tx.FindItemState(ctx, code)
		if err != nil {
			return err
		}
		if version == 0 {
			version = st.Published
			if a.Role == access.Admin || version == 0 {
				version = st.Latest
			}
		}
		it, err = tx.FindItemVersion(ctx, code, version)
		return err
	})
	if err != nil {
		return nil, err
	}
	if it.Status != catalog.Published && !a.Role.IsStaff() {
		return nil, apperr.NotFoundf("事项 %s 未发布", code)
	}
	return it, nil
}

// CreateItem saves a new item as draft version 1.
func (s *Service) CreateItem(ctx context.Context, it *catalog.Item) error {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx Tx) error { return s.createItem(ctx, tx, a, it) })
}

func (s *Service) createItem(ctx context.Context, tx Tx, a access.Actor, it *catalog.Item) error {
	now := s.Now()
	it.Version, it.Status, it.UpdatedAt, it.PublishedAt = 1, catalog.Draft, now, nil
	catalog.AssignMaterialIDs(it.Materials)
	if err := it.Validate(); err != nil {
		return err
	}
	if _, err := tx.FindItemState(ctx, it.Code); err == nil {
		return apperr.Conflictf("exists", "事项 %s 已存在", it.Code).WithField("code")
	}
	if err := s.saveItem(ctx, tx, it, catalog.State{Code: it.Code, Latest: 1}); err != nil {
		return err
	}
	return record(ctx, tx, a, now, event{region: s.cfg.Region, action: "item.create",
		subject: itemSubject(it), after: snapshot(it)})
}

// UpdateItem edits an item: a draft in place, a published item as a new draft
// version; the published version stays in force until the new one is published.
func (s *Service) UpdateItem(ctx context.Context, code string, it *catalog.Item) error {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return err
	}
	if it.Code != "" && it.Code != code {
		return apperr.Invalidf("code", "实施编码不能修改")
	}
	return s.db.Update(ctx, func(tx Tx) error { return s.editItem(ctx, tx, a, code, it) })
}

func (s *Service) editItem(ctx context.Context, tx Tx, a access.Actor, code string, it *catalog.Item) error {
	now := s.Now()
	st, err := tx.FindItemState(ctx, code)
	if err != nil {
		return err
	}
	latest, err := tx.FindItemVersion(ctx, code, st.Latest)
	if err != nil {
		return err
	}
	catalog.Edit(st, latest, it, now)
	catalog.AssignMaterialIDs(it.Materials)
	if err := it.Validate(); err != nil {
		return err
	}
	st.Latest = it.Version
	if err := s.saveItem(ctx, tx, it, st); err != nil {
		return err
	}
	return record(ctx, tx, a, now, event{region: s.cfg.Region, action: "item.edit",
		subject: itemSubject(it), before: snapshot(latest), after: snapshot(it)})
}

func (s *Service) saveItem(ctx context.Context, tx Tx, it *catalog.Item, st catalog.State) error {
	if _, err := tx.FindDepartment(ctx, it.Department); err != nil {
		return apperr.Invalidf("department", "部门 %s 不存在", it.Department)
	}
	if err := tx.SaveItemState(ctx, st); err != nil {
		return err
	}
	return tx.SaveItemVersion(ctx, it)
}

// PublishItem puts the latest draft in force and into search.
func (s *Service) PublishItem(ctx context.Context, code string) (*catalog.Item, error) {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return nil, err
	}
	var it *catalog.Item
	err = s.db.Update(ctx, func(tx Tx) error {
		it, err = s.publish(ctx, tx, a, code)
		return err
	})
	return it, err
}

func (s *Service) publish(ctx context.Context, tx Tx, a access.Actor, code string) (*catalog.Item, error) {
	now := s.Now()
	st, err := tx.FindItemState(ctx, code)
	if err != nil {
		return nil, err
	}
	it, err := tx.FindItemVersion(ctx, code, st.Latest)
	if err != nil {
		return nil, err
	}
	before := snapshot(it)
	superseded, err := catalog.Publish(&st, it, now)
	if err != nil {
		return nil, err
	}
	if superseded != 0 {
		old, err := tx.FindItemVersion(ctx, code, superseded)
		if err != nil {
			return nil, err
		}
		old.Status = catalog.Superseded
		if err := tx.SaveItemVersion(ctx, old); err != nil {
			return nil, err
		}
	}
	if err := tx.SaveItemState(ctx, st); err != nil {
		return nil, err
	}
	if err := tx.SaveItemVersion(ctx, it); err != nil {
		return nil, err
	}
	dept, err := tx.FindDepartment(ctx, it.Department)
	if err != nil {
		return nil, err
	}
	title, body := it.SearchText(dept.Name)
	if err := tx.IndexItem(ctx, code, catalog.IndexTerms(title), catalog.IndexTerms(body)); err != nil {
		return nil, err
	}
	return it, record(ctx, tx, a, now, event{region: s.cfg.Region, action: "item.publish",
		subject: itemSubject(it), before: before, after: snapshot(it)})
}

// RetireItem stops new applications for an item and returns the version it retired;
// cases already filed go on.
func (s *Service) RetireItem(ctx context.Context, code string) (retired *catalog.Item, err error) {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	return retired, s.db.Update(ctx, func(tx Tx) error {
		st, err := tx.FindItemState(ctx, code)
		if err != nil {
			return err
		}
		var it *catalog.Item
		if st.Published != 0 {
			if it, err = tx.FindItemVersion(ctx, code, st.Published); err != nil {
				return err
			}
		}
		before := snapshot(it)
		if err := catalog.Retire(&st, it); err != nil {
			return err
		}
		for _, save := range []func() error{
			func() error { return tx.SaveItemState(ctx, st) },
			func() error { return tx.SaveItemVersion(ctx, it) },
			func() error { return tx.UnindexItem(ctx, code) },
		} {
			if err := save(); err != nil {
				return err
			}
		}
		retired = it
		return record(ctx, tx, a, now, event{region: s.cfg.Region, action: "item.retire",
			subject: itemSubject(it), before: before, after: snapshot(it)})
	})
}

func itemSubject(it *catalog.Item) string { return fmt.Sprintf("item/%s", it.Code) }
