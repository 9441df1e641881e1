package app

// SetSearchHook makes every search that holds a place for anonymous searches call
// hook inside its read transaction, so that a test can keep it there.
func SetSearchHook(s *Service, hook func()) { s.searching = hook }

// SearchesWaiting is how many anonymous searches wait for a place.
func SearchesWaiting(s *Service) int { return int(s.search.waiting.Load()) }
