// Package throttle owns yiwang's request limits: token buckets (golang.org/x/time/rate)
// kept per key, such as a client address, a username or a case number, in a set
// bounded in size. It takes every instant from its caller, so that the limits follow
// the service's clock, which tests move.
//
// The buckets live in the memory of one process. Several instances behind one load
// balancer each keep their own, which multiplies what an attacker may try by the
// number of instances; running many instances needs the buckets in shared state
// (the scale-out issue).
package throttle
