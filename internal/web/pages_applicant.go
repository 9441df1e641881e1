package web

// applicantPages routes an applicant's pages: apply for an item, my cases, a case's correction and withdrawal.
func (s *Server) applicantPages(m *routeTable) {}
