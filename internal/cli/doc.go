// Package cli holds the yiwang command line: the subcommands, their flags and the
// wiring of store, service and HTTP server (Open, Run, Close), which end-to-end
// tests use too.
package cli
