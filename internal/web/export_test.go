package web

import (
	"io"
	"log/slog"
)

// RoutePatterns returns the pattern of every route the server registers.
func RoutePatterns() ([]string, error) {
	s, err := New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	return s.patterns, nil
}

// OpenAPIDocument returns the OpenAPI document the server serves.
func OpenAPIDocument() ([]byte, error) { return openAPIDocument() }
