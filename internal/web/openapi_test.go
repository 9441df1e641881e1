package web_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"yiwang/internal/web"
)

// openAPIDocument returns the document the server serves: openapi.json with the
// generated case command paths.
func openAPIDocument(t *testing.T) map[string]any {
	t.Helper()
	raw, err := web.OpenAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the OpenAPI document is not valid JSON: %v", err)
	}
	return doc
}

// routePatterns returns the method and path of every route the server registers.
func routePatterns(t *testing.T) [][2]string {
	t.Helper()
	patterns, err := web.RoutePatterns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, p := range patterns {
		method, path, ok := strings.Cut(p, " ")
		if !ok {
			method, path = "", p // a pattern for every method, like the /api/ catch-all
		}
		out = append(out, [2]string{method, path})
	}
	return out
}

// pageRoute reports whether a pattern serves HTML pages or static files rather than
// the API: everything outside /api/ but the operators' probes and metrics.
func pageRoute(method, path string) bool {
	if strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/readyz" || path == "/metrics" {
		return false
	}
	return method == "GET" || method == "POST"
}

func TestOpenAPIParses(t *testing.T) {
	doc := openAPIDocument(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] != "yiwang 政务服务平台 API" || info["version"] != "1" {
		t.Errorf("info = %v", info)
	}
	if _, ok := doc["paths"].(map[string]any); !ok {
		t.Fatal("no paths object")
	}
	comp, _ := doc["components"].(map[string]any)
	schemes, _ := comp["securitySchemes"].(map[string]any)
	if len(schemes) == 0 {
		t.Error("no security schemes")
	}
}

func TestOpenAPICoversRoutes(t *testing.T) {
	doc := openAPIDocument(t)
	paths := doc["paths"].(map[string]any)
	for _, r := range routePatterns(t) {
		method, path := r[0], r[1]
		if method == "" || pageRoute(method, path) {
			continue
		}
		item, ok := paths[path].(map[string]any)
		if !ok {
			t.Errorf("%s %s: path missing from the OpenAPI document", method, path)
			continue
		}
		op, ok := item[strings.ToLower(method)].(map[string]any)
		if !ok {
			t.Errorf("%s %s: method missing from the OpenAPI document", method, path)
			continue
		}
		if id, _ := op["operationId"].(string); id == "" {
			t.Errorf("%s %s: no operationId", method, path)
		}
		if resp, _ := op["responses"].(map[string]any); len(resp) == 0 {
			t.Errorf("%s %s: no responses", method, path)
		}
	}
}

// TestOpenAPIOperations checks every documented operation: a unique operationId, and
// a path parameter for every {name} of its path.
func TestOpenAPIOperations(t *testing.T) {
	doc := openAPIDocument(t)
	ids := map[string]string{}
	param := regexp.MustCompile(`\{([^}]+)\}`)
	for path, v := range doc["paths"].(map[string]any) {
		item := v.(map[string]any)
		for _, method := range []string{"get", "put", "post", "delete", "patch", "head", "options"} {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			where := strings.ToUpper(method) + " " + path
			id, _ := op["operationId"].(string)
			if prev, dup := ids[id]; dup {
				t.Errorf("%s: operationId %q already used by %s", where, id, prev)
			}
			ids[id] = where
			declared := map[string]bool{}
			for _, list := range []any{item["parameters"], op["parameters"]} {
				ps, _ := list.([]any)
				for _, p := range ps {
					pm, _ := resolve(doc, p).(map[string]any)
					if pm["in"] == "path" {
						declared[pm["name"].(string)] = true
					}
				}
			}
			for _, m := range param.FindAllStringSubmatch(path, -1) {
				if !declared[m[1]] {
					t.Errorf("%s: path parameter %q not declared", where, m[1])
				}
			}
		}
	}
}

// TestOpenAPIClientNames: no schema takes a name that oapi-codegen gives to what it
// generates for an operation (<OperationId>Response, …Params, …JSONRequestBody) or
// for a shared parameter or response, as LoginResponse once did, which would make
// the Go client not compile. TestGeneratedClients proves it by compiling; this
// check is cheap enough to run with -short too.
func TestOpenAPIClientNames(t *testing.T) {
	doc := openAPIDocument(t)
	comp := doc["components"].(map[string]any)
	taken := map[string]string{}
	for _, kind := range []string{"parameters", "responses"} {
		for name := range comp[kind].(map[string]any) {
			taken[name] = "the " + kind + " " + name
		}
	}
	for path, v := range doc["paths"].(map[string]any) {
		for method, op := range v.(map[string]any) {
			o, _ := op.(map[string]any) // not the path item's parameters
			id, _ := o["operationId"].(string)
			if id == "" {
				continue
			}
			for _, suffix := range []string{"Response", "Params", "JSONBody", "JSONRequestBody"} {
				taken[strings.ToUpper(id[:1])+id[1:]+suffix] = "operation " + id + " (" + strings.ToUpper(method) + " " + path + ")"
			}
		}
	}
	for name := range comp["schemas"].(map[string]any) {
		if by, ok := taken[name]; ok {
			t.Errorf("schema %s has the name the Go client generates for %s", name, by)
		}
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	doc := openAPIDocument(t)
	n := 0
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"]; ok {
				n++
				s, _ := r.(string)
				if _, ok := lookup(doc, s); !ok {
					t.Errorf("%s: $ref %q does not resolve", at, s)
				}
			}
			for k, c := range v {
				walk(at+"/"+k, c)
			}
		case []any:
			for _, c := range v {
				walk(at+"/[]", c)
			}
		}
	}
	walk("#", doc)
	if n == 0 {
		t.Error("no $ref found; schemas should live in components and be referenced")
	}
}

// lookup resolves a local JSON pointer reference such as #/components/schemas/Item.
func lookup(doc map[string]any, ref string) (any, bool) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, false
	}
	var cur any = doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[tok]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// resolve follows v's $ref, if it has one.
func resolve(doc map[string]any, v any) any {
	if m, ok := v.(map[string]any); ok {
		if r, ok := m["$ref"].(string); ok {
			if target, ok := lookup(doc, r); ok {
				return target
			}
		}
	}
	return v
}

// TestOpenAPIPagedLists: every handler that reads a page (pageRequest) is documented
// with the limit and cursor parameters and answers has_more and next_cursor.
func TestOpenAPIPagedLists(t *testing.T) {
	handlers := map[string]bool{}
	files, err := filepath.Glob("api_*.go")
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?s)func \(s \*Server\) (\w+)\(w http.ResponseWriter, r \*http.Request\) error \{(.*?)\n\}`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fn.FindAllStringSubmatch(string(src), -1) {
			if strings.Contains(m[2], "pageRequest(r)") {
				handlers[m[1]] = true
			}
		}
	}
	routes, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := openAPIDocument(t)
	found := 0
	for _, m := range regexp.MustCompile(`"GET (/[^"]*)", s\.api\(s\.(\w+)\)`).FindAllStringSubmatch(string(routes), -1) {
		if !handlers[m[2]] {
			continue
		}
		found++
		op := doc["paths"].(map[string]any)[m[1]].(map[string]any)["get"].(map[string]any)
		params := map[string]bool{}
		for _, p := range op["parameters"].([]any) {
			params[resolve(doc, p).(map[string]any)["name"].(string)] = true
		}
		if !params["limit"] || !params["cursor"] {
			t.Errorf("GET %s pages but documents parameters %v", m[1], params)
		}
		schema := resolve(doc, op["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]).(map[string]any)
		props := schema["properties"].(map[string]any)
		if props["has_more"] == nil || props["next_cursor"] == nil {
			t.Errorf("GET %s pages but its answer lacks has_more or next_cursor", m[1])
		}
	}
	if found < 3 {
		t.Fatalf("found %d paged lists (handlers %v); has pageRequest moved?", found, handlers)
	}
}
