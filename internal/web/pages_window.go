package web

// windowPages routes the window console (综合窗口) and the notices it prints.
func (s *Server) windowPages(m *routeTable) {}
