package catalog

import "context"

// Store is the catalog's storage, implemented by the store package inside a transaction.
type Store interface {
	// CreateDepartment inserts d; Conflict if the code exists.
	CreateDepartment(ctx context.Context, d *Department) error
	// UpsertDepartment inserts d or renames the department with its code.
	UpsertDepartment(ctx context.Context, d *Department) error
	// FindDepartment returns NotFound if there is no department with code.
	FindDepartment(ctx context.Context, code string) (*Department, error)
	FindDepartments(ctx context.Context) ([]Department, error)
	// CreateHall inserts h; Conflict if the code or (region, seq) exists.
	CreateHall(ctx context.Context, h *Hall) error
	// FindHall returns NotFound if there is no hall with code.
	FindHall(ctx context.Context, code string) (*Hall, error)
	FindHalls(ctx context.Context) ([]Hall, error)

	// FindItemState returns NotFound if no item has code.
	FindItemState(ctx context.Context, code string) (State, error)
	// SaveItemState inserts or updates where an item stands.
	SaveItemState(ctx context.Context, st State) error
	// FindItemVersion returns one version; NotFound if it does not exist.
	FindItemVersion(ctx context.Context, code string, version int) (*Item, error)
	// SaveItemVersion inserts or replaces the version it.Version of it.Code.
	SaveItemVersion(ctx context.Context, it *Item) error
	// FindItems returns the latest version of every item (drafts included) or, when
	// publishedOnly, the published version of every live item, ordered by code.
	FindItems(ctx context.Context, publishedOnly bool) ([]Item, error)
	// SearchItems returns published live items matching every query term (or, unless
	// matchAll, any of them), best first.
	SearchItems(ctx context.Context, terms []string, matchAll bool, limit int) ([]Item, error)
	// IndexItem replaces the search entry of code with its title and body terms;
	// UnindexItem removes it.
	IndexItem(ctx context.Context, code string, title, body []string) error
	UnindexItem(ctx context.Context, code string) error

	UpsertBundle(ctx context.Context, b *Bundle) error
	FindBundles(ctx context.Context) ([]Bundle, error)
}
