package web

// staffPages routes the approver's queue and case page, and the supervisor's view.
func (s *Server) staffPages(m *routeTable) {}
