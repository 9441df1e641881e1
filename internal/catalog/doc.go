// Package catalog owns the published list of service items (一张清单): departments,
// halls, items with their materials and time limits, bundles, and the rules of
// versioning and publishing. It knows nothing of HTTP or SQL.
package catalog
