package web_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"yiwang/internal/testenv"
	"yiwang/internal/web"
)

// TestGeneratedClients generates API clients from the document a real server
// serves and compiles them: a Go client with oapi-codegen (the tool pinned in
// go.mod) and TypeScript types with openapi-typescript (pinned in package.json,
// installed by scripts/test with npm ci). Each client must have a typed call for
// every case command. A missing tool fails the test rather than skipping it, so
// CI cannot pass without it; -short skips it.
func TestGeneratedClients(t *testing.T) {
	if testing.Short() {
		t.Skip("generating and compiling the API clients is skipped with -short")
	}
	env := testenv.Start(t, monday)
	r := env.Do("GET", "/api/v1/openapi.json", "", nil)
	if r.Status != 200 {
		t.Fatalf("openapi.json: %d %s", r.Status, r.Body)
	}
	spec := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(spec, r.Body, 0o644); err != nil {
		t.Fatal(err)
	}
	actions := caseActionCalls(t, r.Body)
	t.Run("go", func(t *testing.T) { goClient(t, spec, actions) })
	t.Run("typescript", func(t *testing.T) { typeScriptClient(t, spec, actions) })
}

// caseActionCall is what a generated client must offer for one case command.
type caseActionCall struct {
	path, operationID, schema string
}

// caseActionCalls reads each case command's operationId and request schema from
// the served document.
func caseActionCalls(t *testing.T, raw []byte) []caseActionCall {
	t.Helper()
	var doc struct {
		Paths map[string]struct {
			Post struct {
				OperationID string `json:"operationId"`
				RequestBody struct {
					Content map[string]struct {
						Schema struct {
							Ref string `json:"$ref"`
						} `json:"schema"`
					} `json:"content"`
				} `json:"requestBody"`
			} `json:"post"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var out []caseActionCall
	for path := range web.CaseActionInputs() {
		op := doc.Paths[path].Post
		ref := op.RequestBody.Content["application/json"].Schema.Ref
		if op.OperationID == "" || ref == "" {
			t.Fatalf("%s: the served document has no operation with a JSON body", path)
		}
		out = append(out, caseActionCall{path, op.OperationID, strings.TrimPrefix(ref, "#/components/schemas/")})
	}
	slices.SortFunc(out, func(a, b caseActionCall) int { return strings.Compare(a.path, b.path) })
	return out
}

// goClient generates the Go client into a module that pins its runtime library
// (testdata/goclient), adds a file that names every case command's method with
// its body type, and builds and vets it.
func goClient(t *testing.T, spec string, actions []caseActionCall) {
	goBin := lookTool(t, "go", "the Go toolchain")
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join("testdata", "goclient", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(t, ".", nil, goBin, "tool", "oapi-codegen", "-generate", "types,client", "-package", "yiwangclient",
		"-o", filepath.Join(dir, "client.gen.go"), spec)
	var b strings.Builder
	b.WriteString("package yiwangclient\n\nimport (\n\t\"context\"\n\t\"net/http\"\n)\n\n// Every case command has its method, taking its own body type.\nvar (\n")
	for _, a := range actions {
		fmt.Fprintf(&b, "\t_ func(*Client, context.Context, string, %s, ...RequestEditorFn) (*http.Response, error) = (*Client).%s\n",
			a.schema, strings.ToUpper(a.operationID[:1])+a.operationID[1:])
	}
	b.WriteString(")\n")
	if err := os.WriteFile(filepath.Join(dir, "actions.go"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// The client module is not ours: no workspace, and go.sum must already hold
	// every checksum it needs.
	env := []string{"GOWORK=off", "GOFLAGS=-mod=readonly"}
	run(t, dir, env, goBin, "build", "./...")
	run(t, dir, env, goBin, "vet", "./...")
}

// typeScriptClient generates TypeScript types with openapi-typescript, adds a file
// that checks every case command's request body is its named schema, and
// type-checks both with tsc.
func typeScriptClient(t *testing.T, spec string, actions []caseActionCall) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "node_modules", ".bin")
	lookTool(t, "node", "Node.js")
	for _, tool := range []string{"openapi-typescript", "tsc"} {
		if _, err := os.Stat(filepath.Join(bin, tool)); err != nil {
			t.Fatalf("%s is not installed: run npm ci at the repository root (scripts/test does): %v", tool, err)
		}
	}
	dir := t.TempDir()
	run(t, root, nil, filepath.Join(bin, "openapi-typescript"), spec, "-o", filepath.Join(dir, "api.d.ts"))
	var b strings.Builder
	b.WriteString(`import type { components, paths } from "./api";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Body<P extends keyof paths> =
  paths[P] extends { post: { requestBody?: { content: { "application/json": infer B } } } } ? B : never;

// Every case command takes its own named body.
`)
	for i, a := range actions {
		fmt.Fprintf(&b, "export const action%d: Equal<Body<%q>, components[\"schemas\"][%q]> = true;\n", i, a.path, a.schema)
	}
	check := filepath.Join(dir, "check.ts")
	if err := os.WriteFile(check, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, nil, filepath.Join(bin, "tsc"), "--noEmit", "--strict", "--target", "es2022",
		"--module", "esnext", "--moduleResolution", "bundler", check)
}

// lookTool finds a program on PATH or fails the test saying what is missing.
func lookTool(t *testing.T, name, what string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s (%s) is not installed; scripts/test installs what the tests need: %v", what, name, err)
	}
	return p
}

// run runs a command in dir with extra environment variables and fails the test,
// with the command's output, if it fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}
