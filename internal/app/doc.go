// Package app holds the use cases of yiwang: each command opens one transaction,
// loads what it needs, checks who may act, applies the domain rule, saves, and
// appends the audit entry, so a command either happens whole, recorded, or not at
// all. Storage is reached only through the Database port, which the store package
// implements.
package app
