package web

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
)

// openAPIStatic is the hand-written part of the document: everything but the case
// commands, whose paths openAPIDocument adds from caseActionRoutes.
//
//go:embed openapi.json
var openAPIStatic []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(s.openapi)
	return err
}

// openAPIDocument returns the served OpenAPI document: openapi.json with one path
// per case command. The paths are generated so that a new row of caseActionRoutes
// is documented by itself; the request schemas stay hand-written in openapi.json,
// with their descriptions, and a row whose schema is missing fails start-up.
func openAPIDocument() ([]byte, error) {
	var doc openAPITop
	dec := json.NewDecoder(bytes.NewReader(openAPIStatic))
	dec.DisallowUnknownFields() // a new top-level key belongs in openAPITop, not dropped
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	var comp struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	}
	if err := json.Unmarshal(doc.Components, &comp); err != nil {
		return nil, fmt.Errorf("openapi.json components: %w", err)
	}
	for _, a := range caseActionRoutes {
		p := caseActionPath(a)
		if _, dup := doc.Paths[p]; dup {
			return nil, fmt.Errorf("openapi.json: %s is generated from caseActionRoutes and must not be written by hand", p)
		}
		name := inputSchema(a.input)
		if _, ok := comp.Schemas[name]; !ok {
			return nil, fmt.Errorf("openapi.json: no schema %s for the body of %s", name, p)
		}
		item, err := json.Marshal(caseActionItem(a, name))
		if err != nil {
			return nil, err
		}
		doc.Paths[p] = item
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// openAPITop is the top level of the document, in the order it is written; the
// paths come out sorted.
type openAPITop struct {
	OpenAPI    json.RawMessage            `json:"openapi"`
	Info       json.RawMessage            `json:"info"`
	Servers    json.RawMessage            `json:"servers,omitempty"`
	Security   json.RawMessage            `json:"security,omitempty"`
	Tags       json.RawMessage            `json:"tags,omitempty"`
	Paths      map[string]json.RawMessage `json:"paths"`
	Components json.RawMessage            `json:"components"`
}

// caseActionPath is the route path of a case command.
func caseActionPath(a caseActionRoute) string { return "/api/v1/cases/{number}/" + a.path }

// inputSchema names the request schema of a body type: the Go type's own name, so
// that the document and the generated clients speak of AcceptInput as the code does.
func inputSchema(t reflect.Type) string {
	if t.Name() == "" && t.Kind() == reflect.Struct && t.NumField() == 0 {
		return "EmptyInput"
	}
	return t.Name()
}

// caseActionErrors are the error answers every case command may give: a command
// reads a body (400, 413, 422), needs a login (401), may be refused to the actor
// (403) or to the case's state (409), and names a case that may not exist (404).
var caseActionErrors = map[string]string{
	"400": "BadRequest", "401": "Unauthorized", "403": "Forbidden", "404": "NotFound",
	"409": "Conflict", "413": "PayloadTooLarge", "422": "Unprocessable", "500": "InternalError",
}

// caseActionCommon is said of every case command after what its row says.
const caseActionCommon = "无权操作返回 403；当前状态不允许返回 409，code 为 invalid_transition；" +
	"他人同时修改了办件返回 409 concurrent_update；字段错误返回 422。请求体可为空，此时按所有字段为空处理。"

// caseActionItem is the OpenAPI path item of a case command.
func caseActionItem(a caseActionRoute, schema string) map[string]any {
	ref := func(to string) map[string]any { return map[string]any{"$ref": to} }
	responses := map[string]any{"200": map[string]any{
		"description": "操作后的办件。",
		"content":     map[string]any{"application/json": map[string]any{"schema": ref("#/components/schemas/CaseView")}},
	}}
	for status, name := range caseActionErrors {
		responses[status] = ref("#/components/responses/" + name)
	}
	return map[string]any{
		"parameters": []any{ref("#/components/parameters/CaseNumber")},
		"post": map[string]any{
			"operationId": caseActionOperation(a),
			"summary":     a.summary,
			"description": a.doc + "\n\n" + caseActionCommon,
			"tags":        []string{"办件"},
			"requestBody": map[string]any{
				"required": false,
				"content":  map[string]any{"application/json": map[string]any{"schema": ref("#/components/schemas/" + schema)}},
			},
			"responses": responses,
		},
	}
}

// caseActionOperation is the operationId of a case command, case + the action in
// camel case (caseAcceptWithGaps), next to caseEvents and caseMaterial.
func caseActionOperation(a caseActionRoute) string {
	var b strings.Builder
	b.WriteString("case")
	for _, w := range strings.Split(string(a.action), "_") {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}
