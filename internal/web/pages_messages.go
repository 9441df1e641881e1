package web

// messagePages routes the message centre (站内消息).
func (s *Server) messagePages(m *routeTable) {}
