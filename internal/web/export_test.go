package web

import (
	"io"
	"log/slog"
	"reflect"
)

// RoutePatterns returns the pattern of every route the server registers.
func RoutePatterns() ([]string, error) {
	s, err := New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		return nil, err
	}
	return s.patterns, nil
}

// OpenAPIDocument returns the OpenAPI document the server serves.
func OpenAPIDocument() ([]byte, error) { return openAPIDocument() }

// CaseActionInputs returns the route path of every case command with the type of
// its JSON body.
func CaseActionInputs() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for _, a := range caseActionRoutes {
		m[caseActionPath(a)] = a.input
	}
	return m
}
