package app

import (
	"context"
	"fmt"

	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
)

// The online hall's front door: browsing the catalog by life event and by
// department, and the catalog data that makes search find what people mean (the
// shared synonym list). Items' own colloquial names travel with the items.

// LifeEvents returns every life event, in the home page's order.
func (s *Service) LifeEvents(ctx context.Context) ([]catalog.LifeEvent, error) {
	var es []catalog.LifeEvent
	err := s.db.View(ctx, func(tx Tx) (err error) {
		es, err = tx.FindLifeEvents(ctx)
		return err
	})
	return es, err
}

// LifeEventItems returns a life event and its published live items in the event's
// order; items retired since the event was written are left out.
func (s *Service) LifeEventItems(ctx context.Context, code string) (*catalog.LifeEvent, []catalog.Item, error) {
	var e *catalog.LifeEvent
	var items []catalog.Item
	err := s.db.View(ctx, func(tx Tx) (err error) {
		if e, err = tx.FindLifeEvent(ctx, code); err != nil {
			return err
		}
		for _, c := range e.Items {
			st, err := tx.FindItemState(ctx, c)
			if apperr.KindOf(err) == apperr.NotFound || (err == nil && (st.Retired || st.Published == 0)) {
				continue
			}
			if err != nil {
				return err
			}
			it, err := tx.FindItemVersion(ctx, c, st.Published)
			if err != nil {
				return err
			}
			items = append(items, *it)
		}
		return nil
	})
	return e, items, err
}

// DepartmentItems returns one page of a department's published live items, by code.
func (s *Service) DepartmentItems(ctx context.Context, dept string, pr paging.Request) (*catalog.Department, paging.Page[catalog.Item], error) {
	f := catalog.ItemFilter{PublishedOnly: true, Department: dept, Limit: pr.Size() + 1}
	if _, err := pr.Decode(&f.After); err != nil {
		return nil, paging.Page[catalog.Item]{}, err
	}
	var d *catalog.Department
	var items []catalog.Item
	err := s.db.View(ctx, func(tx Tx) (err error) {
		if d, err = tx.FindDepartment(ctx, dept); err != nil {
			return err
		}
		items, err = tx.FindItems(ctx, f)
		return err
	})
	if err != nil {
		return nil, paging.Page[catalog.Item]{}, err
	}
	return d, paging.Cut(items, pr, func(it catalog.Item) any { return it.Code }), nil
}

// exportFrontDoor adds the life events and the synonym list to an export.
func exportFrontDoor(ctx context.Context, tx Tx, ex *catalog.Export) (err error) {
	if ex.LifeEvents, err = tx.FindLifeEvents(ctx); err != nil {
		return err
	}
	ex.Synonyms, err = tx.FindSynonyms(ctx)
	return err
}

// importFrontDoor saves an import's life events (after its items, which they
// name) and synonyms, each added or replaced by code and term.
func importFrontDoor(ctx context.Context, tx Tx, ex *catalog.Export) error {
	for i := range ex.LifeEvents {
		if err := saveLifeEvent(ctx, tx, &ex.LifeEvents[i]); err != nil {
			return prefixField(err, fmt.Sprintf("life_events[%d]", i))
		}
	}
	for i := range ex.Synonyms {
		sy := &ex.Synonyms[i]
		if err := sy.Validate(); err != nil {
			return prefixField(err, fmt.Sprintf("synonyms[%d]", i))
		}
		if err := tx.UpsertSynonym(ctx, sy); err != nil {
			return err
		}
	}
	return nil
}

func saveLifeEvent(ctx context.Context, tx Tx, e *catalog.LifeEvent) error {
	if err := e.Validate(); err != nil {
		return err
	}
	for j, code := range e.Items {
		if _, err := tx.FindItemState(ctx, code); err != nil {
			return apperr.Invalidf(fmt.Sprintf("items[%d]", j), "事项 %s 不存在", code)
		}
	}
	return tx.UpsertLifeEvent(ctx, e)
}
