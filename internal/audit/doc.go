// Package audit owns the audit trail (全程留痕): entries that say who did what, when,
// with what before and after, and the hash chain that makes any edit or deletion of
// a stored entry detectable. It knows nothing of SQL.
package audit
