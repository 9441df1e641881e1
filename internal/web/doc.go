// Package web is the HTTP adapter: the JSON API under /api/v1, the public pages,
// health and metrics. Handlers decode, call the app service and encode; errors map
// to statuses in one table.
package web
