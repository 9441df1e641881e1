// Package store owns all SQL of yiwang: opening and migrating the database, one
// transaction per command, and the tables behind the domain packages' Store
// interfaces. Domain rules do not live here: the store never decides who may do
// what, and it never invents a timestamp.
package store
