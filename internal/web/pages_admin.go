package web

// adminPages routes the administrator's pages: organisation, staff, catalog editor, calendar.
func (s *Server) adminPages(m *routeTable) {}
