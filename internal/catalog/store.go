package catalog

import "context"

// ItemFilter selects items for a list, in code order.
type ItemFilter struct {
	// PublishedOnly lists the published version of each live item; otherwise the
	// latest version of every item, drafts included.
	PublishedOnly bool
	// Department, if set, keeps the items of that department only.
	Department string
	// After skips the codes up to and including it: the last of the page before.
	After string
	// Limit is the most items returned; 0 returns all.
	Limit int
}

// SearchQuery is a full-text search of the published live items.
type SearchQuery struct {
	Terms []string
	// Meanings are alternatives to Terms (from synonyms): with MatchAll a hit has
	// every term of Terms or of one meaning; otherwise any term of any will do.
	Meanings [][]string
	// Phrases are the texts the items' names are compared with for closeness; with
	// none, hits are ranked by full-text relevance alone.
	Phrases []QueryPhrase
	// Characters are the single characters of what was typed, for MatchCharacters.
	Characters []string
	Match      Match
	// After skips the hits up to and including it: the last of the page before.
	After *SearchKey
	Limit int
}

// Match is how a search's terms must match.
type Match int

// The ways of matching, strictest first: every term (of Terms, or of one
// meaning); any term of any; any of the single characters typed.
const (
	MatchAll Match = iota
	MatchAny
	MatchCharacters
)

// SearchKey is where a hit stands in a search's order: by rank, lower is better,
// then by code. Ranks are comparable within one search of one index only.
type SearchKey struct {
	Rank float64
	Code string
}

// Hit is an item a search found, and where it stands.
type Hit struct {
	Item Item
	Key  SearchKey
}

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
	// FindItems returns the items f selects, ordered by code.
	FindItems(ctx context.Context, f ItemFilter) ([]Item, error)
	// SearchItems returns the published live items matching q, best first.
	SearchItems(ctx context.Context, q SearchQuery) ([]Hit, error)
	// IndexItem replaces the search entry of code; UnindexItem removes it.
	IndexItem(ctx context.Context, code string, e IndexEntry) error
	UnindexItem(ctx context.Context, code string) error

	UpsertBundle(ctx context.Context, b *Bundle) error
	FindBundles(ctx context.Context) ([]Bundle, error)

	// UpsertLifeEvent inserts e or replaces the event with its code.
	UpsertLifeEvent(ctx context.Context, e *LifeEvent) error
	// FindLifeEvents returns every life event by position, then code.
	FindLifeEvents(ctx context.Context) ([]LifeEvent, error)
	// FindLifeEvent returns NotFound if there is no event with code.
	FindLifeEvent(ctx context.Context, code string) (*LifeEvent, error)
	// UpsertSynonym inserts s or replaces the entry with its term.
	UpsertSynonym(ctx context.Context, s *Synonym) error
	// FindSynonyms returns the whole shared synonym list, by term.
	FindSynonyms(ctx context.Context) ([]Synonym, error)
	// FindSynonymsIn returns the entries whose term occurs in text (folded).
	FindSynonymsIn(ctx context.Context, text string) ([]Synonym, error)
}
