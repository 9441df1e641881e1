package app

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
)

// SearchItems finds published items by what people mean (餐饮 and 开小饭馆 find
// 食品经营许可), a page at a time, best first; an empty query lists them all by
// code. Anonymous searches are limited per client address (searchPerAddr), and
// only a few run at once (searchGate).
func (s *Service) SearchItems(ctx context.Context, q string, pr paging.Request) (paging.Page[catalog.Item], error) {
	if strings.TrimSpace(q) == "" {
		return s.listItems(ctx, pr, true)
	}
	if _, err := catalog.ParseQuery(q); err != nil {
		return paging.Page[catalog.Item]{}, err
	}
	if err := s.throttleSearch(ctx); err != nil {
		return paging.Page[catalog.Item]{}, err
	}
	var cur searchCursor
	later, err := pr.Decode(&cur)
	if err != nil {
		return paging.Page[catalog.Item]{}, err
	}
	_, signedIn := access.FromContext(ctx)
	if !signedIn {
		leave, err := s.search.enter(ctx, s.cfg.SearchWait)
		if err != nil {
			return paging.Page[catalog.Item]{}, err
		}
		defer leave()
	}
	var hits []catalog.Hit
	var sq catalog.SearchQuery
	err = s.db.View(ctx, func(tx Tx) (err error) {
		if !signedIn && s.searching != nil {
			s.searching()
		}
		if sq, err = s.searchQuery(ctx, tx, q); err != nil {
			return err
		}
		sq.Match, sq.Limit = cur.Match, pr.Size()+1
		if later {
			sq.After = &catalog.SearchKey{Rank: cur.Rank, Code: cur.Code}
		}
		hits, sq.Match, err = searchBoth(ctx, tx, sq, later)
		return err
	})
	if err != nil {
		return paging.Page[catalog.Item]{}, err
	}
	page := paging.Cut(hits, pr, func(h catalog.Hit) any {
		return searchCursor{Match: sq.Match, Rank: h.Key.Rank, Code: h.Key.Code}
	})
	items := make([]catalog.Item, len(page.Rows))
	for i, h := range page.Rows {
		items[i] = h.Item
	}
	return paging.Page[catalog.Item]{Rows: items, Next: page.Next, More: page.More}, nil
}

// searchQuery turns what was typed into the index's query, with the meanings the
// shared synonym list gives for the words it contains.
func (s *Service) searchQuery(ctx context.Context, tx Tx, q string) (catalog.SearchQuery, error) {
	syns, err := tx.FindSynonymsIn(ctx, catalog.Fold(q))
	if err != nil {
		return catalog.SearchQuery{}, err
	}
	parsed, err := catalog.ParseSearch(q, syns)
	if err != nil {
		return catalog.SearchQuery{}, err
	}
	sq := catalog.SearchQuery{Terms: parsed.Terms(), Phrases: parsed.Phrases(), Characters: parsed.Characters()}
	for _, m := range parsed.Meanings {
		sq.Meanings = append(sq.Meanings, m.Terms)
	}
	return sq, nil
}

// looseRank is the rank above which no name of the best hit contains, or is
// contained in, a phrase of the query (closeness 2 and worse, catalog.Query).
const looseRank = 2000

// charactersRank bounds the hits a search by single characters keeps: those with a
// name that has a good share of what was typed (closeness below 3.4: more than
// about a third of the characters of a phrase), not any name sharing one
// character with it (火箭发射 is no item, though 核发 has 发).
const charactersRank = 3400

// closeByCharacters keeps the hits of a search by characters that are close by
// name; hits come best first, so what it drops is a tail, on every page alike.
func closeByCharacters(hits []catalog.Hit, m catalog.Match) []catalog.Hit {
	if m != catalog.MatchCharacters {
		return hits
	}
	for i, h := range hits {
		if h.Key.Rank >= charactersRank {
			return hits[:i]
		}
	}
	return hits
}

// searchBoth runs sq, and on a first page also with any term instead of every
// term when every term finds nothing or nothing close by name (开饭店 still finds
// the items tagged 饭店; a typo still finds the item), keeping the better; when
// even that finds nothing, with the single characters of what was typed (低报
// finds 低保). It says which way it searched, which later pages keep to (their
// cursor says).
func searchBoth(ctx context.Context, tx Tx, sq catalog.SearchQuery, later bool) ([]catalog.Hit, catalog.Match, error) {
	if later {
		hits, err := tx.SearchItems(ctx, sq)
		return closeByCharacters(hits, sq.Match), sq.Match, err
	}
	hits, err := tx.SearchItems(ctx, sq)
	if err != nil || (len(hits) > 0 && hits[0].Key.Rank < looseRank) {
		return hits, sq.Match, err
	}
	sq.Match = catalog.MatchAny
	anyHits, err := tx.SearchItems(ctx, sq)
	if err != nil {
		return nil, 0, err
	}
	if len(anyHits) == 0 && len(hits) == 0 {
		sq.Match = catalog.MatchCharacters
		hits, err = tx.SearchItems(ctx, sq)
		return closeByCharacters(hits, sq.Match), catalog.MatchCharacters, err
	}
	if len(hits) == 0 || (len(anyHits) > 0 && anyHits[0].Key.Rank < hits[0].Key.Rank) {
		return anyHits, catalog.MatchAny, nil
	}
	return hits, catalog.MatchAll, nil
}

// searchGate admits a few anonymous searches at once. A search is the slowest read
// a visitor can ask for, and the reader pool is small (store.Open): without a bound
// a handful of slow searches held every read connection, and signed-in reads,
// however quick, waited behind them. Searches waiting here hold no connection.
// Signed-in searches do not pass the gate: their users are known, and a gate
// shared with anonymous ones would let visitors starve staff.
type searchGate struct {
	sem *semaphore.Weighted
	// waiting counts the searches waiting for a place.
	waiting atomic.Int64
}

func newSearchGate(n int) *searchGate { return &searchGate{sem: semaphore.NewWeighted(int64(n))} }

// enter takes a place, waiting at most wait and no longer than ctx lasts, and
// returns the function that gives it back; a search that got no place is throttled.
func (g *searchGate) enter(ctx context.Context, wait time.Duration) (leave func(), err error) {
	leave = func() { g.sem.Release(1) }
	if g.sem.TryAcquire(1) {
		return leave, nil
	}
	g.waiting.Add(1)
	defer g.waiting.Add(-1)
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := g.sem.Acquire(ctx, 1); err != nil {
		return nil, apperr.Throttledf(time.Second, "搜索的人较多")
	}
	return leave, nil
}

// searchCursor is where a page of search results ends: the last hit's rank and
// code (a keyset, so no offset), and which way the first page searched.
type searchCursor struct {
	Match catalog.Match `json:"match,omitempty"`
	Rank  float64       `json:"rank"`
	Code  string        `json:"code"`
}

// Items lists the latest version of every item, drafts included, a page at a time
// by code; administrators only.
func (s *Service) Items(ctx context.Context, pr paging.Request) (paging.Page[catalog.Item], error) {
	if _, err := access.Require(ctx, access.Admin); err != nil {
		return paging.Page[catalog.Item]{}, err
	}
	return s.listItems(ctx, pr, false)
}

// listItems is one page of items by code, the cursor being the last code seen.
func (s *Service) listItems(ctx context.Context, pr paging.Request, publishedOnly bool) (paging.Page[catalog.Item], error) {
	f := catalog.ItemFilter{PublishedOnly: publishedOnly, Limit: pr.Size() + 1}
	if _, err := pr.Decode(&f.After); err != nil {
		return paging.Page[catalog.Item]{}, err
	}
	var items []catalog.Item
	err := s.db.View(ctx, func(tx Tx) (err error) {
		items, err = tx.FindItems(ctx, f)
		return err
	})
	return paging.Cut(items, pr, func(it catalog.Item) any { return it.Code }), err
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
	for i, step := range it.Procedure {
		if step.Department == "" {
			continue
		}
		if _, err := tx.FindDepartment(ctx, step.Department); err != nil {
			return apperr.Invalidf(fmt.Sprintf("procedure[%d].department", i), "部门 %s 不存在", step.Department)
		}
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
	if err := tx.IndexItem(ctx, code, it.SearchEntry(dept.Name)); err != nil {
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
