package store

import (
	"encoding/json"
	"slices"
	"sync"

	"yiwang/internal/catalog"
)

// itemCache keeps decoded item versions by their stored JSON: every command on a
// case reads the item version it was filed under, and decoding it each time was a
// large share of a command's work. Keyed by the JSON itself, a cached entry can
// never be stale; it is bounded so that a long-running server with many edits does
// not grow without end.
type itemCache struct {
	mu sync.Mutex
	m  map[string]*catalog.Item
}

const itemCacheMax = 4096

// decode returns a private copy of the item stored as data.
func (c *itemCache) decode(data string) (*catalog.Item, error) {
	c.mu.Lock()
	it, ok := c.m[data]
	c.mu.Unlock()
	if !ok {
		it = &catalog.Item{}
		if err := json.Unmarshal([]byte(data), it); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.m == nil || len(c.m) >= itemCacheMax {
			c.m = map[string]*catalog.Item{}
		}
		c.m[data] = it
		c.mu.Unlock()
	}
	return cloneItem(it), nil
}

// cloneItem copies it deeply enough that callers may change any field.
func cloneItem(it *catalog.Item) *catalog.Item {
	cp := *it
	cp.Procedure = slices.Clone(it.Procedure)
	cp.Tags = slices.Clone(it.Tags)
	cp.Aliases = slices.Clone(it.Aliases)
	cp.Conditions = slices.Clone(it.Conditions)
	cp.Materials = slices.Clone(it.Materials)
	for i := range cp.Materials {
		cp.Materials[i].FileTypes = slices.Clone(it.Materials[i].FileTypes)
	}
	if it.YellowDays != nil {
		y := *it.YellowDays
		cp.YellowDays = &y
	}
	if it.PublishedAt != nil {
		t := *it.PublishedAt
		cp.PublishedAt = &t
	}
	return &cp
}
