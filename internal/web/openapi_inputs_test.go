package web_test

import (
	"encoding"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"yiwang/internal/web"
)

// TestOpenAPICaseActionInputs holds every case command's documented request body
// against the Go type the handler decodes: the schema is named after the type, its
// properties are the type's JSON fields, nested objects included, and it refuses
// other fields as the decoder does.
func TestOpenAPICaseActionInputs(t *testing.T) {
	doc := openAPIDocument(t)
	paths := doc["paths"].(map[string]any)
	inputs := web.CaseActionInputs()
	if len(inputs) == 0 {
		t.Fatal("no case commands")
	}
	for path, typ := range inputs {
		item, _ := paths[path].(map[string]any)
		op, _ := item["post"].(map[string]any)
		body, _ := op["requestBody"].(map[string]any)
		content, _ := body["content"].(map[string]any)
		media, _ := content["application/json"].(map[string]any)
		schema, _ := media["schema"].(map[string]any)
		want := "#/components/schemas/" + typ.Name()
		if typ.Name() == "" {
			want = "#/components/schemas/EmptyInput"
		}
		if got, _ := schema["$ref"].(string); got != want {
			t.Errorf("POST %s: request schema %q, want %q (the name of %v)", path, got, want, typ)
			continue
		}
		checkSchema(t, doc, want, resolve(doc, schema), typ)
	}
}

// checkSchema compares the object schema at `at` with struct type typ, and goes on
// into the properties that are objects or arrays of objects.
func checkSchema(t *testing.T, doc map[string]any, at string, schema any, typ reflect.Type) {
	t.Helper()
	s, _ := schema.(map[string]any)
	if s["additionalProperties"] != false {
		t.Errorf("%s: additionalProperties is not false, but the server refuses unknown fields", at)
	}
	props, _ := s["properties"].(map[string]any)
	fields := jsonFields(typ)
	var got, want []string
	for name := range props {
		got = append(got, name)
	}
	for name := range fields {
		want = append(want, name)
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: properties differ from the JSON fields of %v (-want +got):\n%s", at, typ, diff)
	}
	for name, ft := range fields {
		ft, p := objectType(ft), resolve(doc, props[name])
		if ft == nil || p == nil {
			continue
		}
		if pm, _ := p.(map[string]any); pm["type"] == "array" {
			p = resolve(doc, pm["items"])
		}
		checkSchema(t, doc, at+"/properties/"+name, p, ft)
	}
}

// jsonFields returns the JSON names of typ's fields with their types, as
// encoding/json sees them: tags, "-", unexported and embedded fields.
func jsonFields(typ reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for f := range typ.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for n, ft := range jsonFields(f.Type) {
				out[n] = ft
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// objectType returns the struct type that a field of type ft encodes as a JSON
// object (directly, through a pointer or as array elements), or nil if it encodes
// as a scalar, as a type with its own text form does.
func objectType(ft reflect.Type) reflect.Type {
	for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Array {
		ft = ft.Elem()
	}
	text := reflect.TypeFor[encoding.TextUnmarshaler]()
	if ft.Kind() != reflect.Struct || reflect.PointerTo(ft).Implements(text) {
		return nil
	}
	return ft
}
