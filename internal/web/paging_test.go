package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"yiwang/internal/testenv"
)

// listPage is one page of any list, its rows read as objects.
type listPage struct {
	rows       []map[string]any
	nextCursor string
	hasCursor  bool
	hasMore    bool
}

func getPage(t *testing.T, env *testenv.Env, token, path, key string) listPage {
	t.Helper()
	r := env.Do("GET", path, token, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	var body map[string]any
	r.JSON(t, &body)
	rows, ok := body[key].([]any)
	if !ok {
		t.Fatalf("GET %s: no %q list in %s", path, key, r.Body)
	}
	p := listPage{hasMore: body["has_more"] == true}
	if _, ok := body["has_more"].(bool); !ok {
		t.Fatalf("GET %s: has_more missing: %s", path, r.Body)
	}
	for _, row := range rows {
		p.rows = append(p.rows, row.(map[string]any))
	}
	p.nextCursor, p.hasCursor = body["next_cursor"].(string)
	return p
}

// withParams adds query parameters to a path that may already have some.
func withParams(path, params string) string {
	if strings.Contains(path, "?") {
		return path + "&" + params
	}
	return path + "?" + params
}

// TestListsPageToTheEnd: each list, read in small pages, gives every row of the
// one-page answer once and in the same order; a page with more after it is full
// (the limit counts rows after every filter) and has the next cursor, the last
// page has none.
func TestListsPageToTheEnd(t *testing.T) {
	env := testenv.Start(t, monday)
	admin, clerk := env.Login("admin"), env.Login("clerk")
	number := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})["number"].(string)
	act(t, env, clerk, number, "accept", nil, http.StatusOK)
	// A retired item is filtered out of the published list and the search.
	if r := env.Do("POST", "/api/v1/items/370211-XK-0002/retire", admin, nil); r.Status != http.StatusOK {
		t.Fatalf("retire: %d %s", r.Status, r.Body)
	}

	for _, tc := range []struct {
		name, token, path, key, id string
		limit                      int
	}{
		{name: "published items", path: "/api/v1/items", key: "items", id: "code", limit: 5},
		{name: "every item", token: admin, path: "/api/v1/items?all=1", key: "items", id: "code", limit: 7},
		{name: "search, every term", path: "/api/v1/items?q=" + urlQuery("许可"), key: "items", id: "code", limit: 2},
		{name: "search, any term", path: "/api/v1/items?q=" + urlQuery("开店 药店"), key: "items", id: "code", limit: 1},
		{name: "users", token: admin, path: "/api/v1/users", key: "users", id: "id", limit: 3},
		{name: "case events", token: clerk, path: "/api/v1/cases/" + number + "/events", key: "events", id: "seq", limit: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := getPage(t, env, tc.token, withParams(tc.path, "limit=500"), tc.key)
			if whole.hasMore || whole.hasCursor {
				t.Fatalf("one page of all: has_more %v, next_cursor %q", whole.hasMore, whole.nextCursor)
			}
			if len(whole.rows) <= tc.limit {
				t.Fatalf("only %d rows: not longer than a page of %d", len(whole.rows), tc.limit)
			}
			var want, got []string
			for _, row := range whole.rows {
				want = append(want, fmt.Sprint(row[tc.id]))
			}
			path, pages := withParams(tc.path, fmt.Sprintf("limit=%d", tc.limit)), 0
			for {
				p := getPage(t, env, tc.token, path, tc.key)
				pages++
				for _, row := range p.rows {
					got = append(got, fmt.Sprint(row[tc.id]))
				}
				if p.hasMore != p.hasCursor || (p.hasMore && len(p.rows) != tc.limit) || len(p.rows) > tc.limit {
					t.Fatalf("page %d: %d rows, has_more %v, next_cursor %q", pages, len(p.rows), p.hasMore, p.nextCursor)
				}
				if !p.hasMore {
					break
				}
				if pages > len(want) {
					t.Fatalf("still paging after %d pages", pages)
				}
				path = withParams(tc.path, fmt.Sprintf("limit=%d&cursor=%s", tc.limit, p.nextCursor))
			}
			if !slices.Equal(got, want) {
				t.Fatalf("paged: got %v, want %v", got, want)
			}
			if tc.key == "items" && slices.Contains(got, "370211-XK-0002") && !strings.Contains(tc.path, "all=1") {
				t.Fatalf("the retired item is listed")
			}
		})
	}
}

// TestListParametersRefused: a limit or cursor that is not one is a 400 naming it.
func TestListParametersRefused(t *testing.T) {
	env := testenv.Start(t, monday)
	admin, clerk := env.Login("admin"), env.Login("clerk")
	number := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput()})["number"].(string)
	for _, list := range []struct{ token, path string }{
		{"", "/api/v1/items"},
		{"", "/api/v1/items?q=" + urlQuery("餐饮")},
		{admin, "/api/v1/items?all=1"},
		{admin, "/api/v1/users"},
		{clerk, "/api/v1/cases/" + number + "/events"},
	} {
		for _, tc := range []struct{ name, params, field string }{
			{"limit not a number", "limit=abc", "limit"},
			{"limit zero", "limit=0", "limit"},
			{"limit too large", "limit=501", "limit"},
			{"cursor not base64", "cursor=%25%25garbage", "cursor"},
			{"cursor not JSON", "cursor=bm90IGpzb24", "cursor"},
		} {
			t.Run(list.path+" "+tc.name, func(t *testing.T) {
				r := env.Do("GET", withParams(list.path, tc.params), list.token, nil)
				if r.Status != http.StatusBadRequest || r.ErrorField() != tc.field {
					t.Fatalf("got %d %s, want 400 naming %s", r.Status, r.Body, tc.field)
				}
			})
		}
	}
}
