// The module in which TestGeneratedClients (internal/web/clients_test.go) compiles
// the Go client that oapi-codegen generates from the served OpenAPI document: it
// pins the client's one dependency. The test copies go.mod and go.sum next to the
// generated code in a temporary directory.
module yiwang/goclient

go 1.26.8

require github.com/oapi-codegen/runtime v1.9.0

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
)
