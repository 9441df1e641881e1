package web

import (
	"net/http"

	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
)

func (s *Server) listDepartments(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.svc.Departments(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"departments": ds})
	return nil
}

func (s *Server) createDepartment(w http.ResponseWriter, r *http.Request) error {
	var d catalog.Department
	if err := decode(w, r, &d); err != nil {
		return err
	}
	if err := s.svc.CreateDepartment(r.Context(), &d); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) listHalls(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.svc.Halls(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"halls": hs})
	return nil
}

func (s *Server) createHall(w http.ResponseWriter, r *http.Request) error {
	var h catalog.Hall
	if err := decode(w, r, &h); err != nil {
		return err
	}
	if err := s.svc.CreateHall(r.Context(), &h); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, h)
	return nil
}

// listItems searches published items (?q=), or with ?all=1 lists every item's
// latest version, drafts included, for administrators; a page at a time.
func (s *Server) listItems(w http.ResponseWriter, r *http.Request) error {
	pr, err := pageRequest(r)
	if err != nil {
		return err
	}
	all, err := paramOneOf(r.URL.Query(), "all", []string{"1"})
	if err != nil {
		return err
	}
	var page paging.Page[catalog.Item]
	if all == "1" {
		page, err = s.svc.Items(r.Context(), pr)
	} else {
		page, err = s.svc.SearchItems(r.Context(), r.URL.Query().Get("q"), pr)
	}
	if err != nil {
		return err
	}
	writePage(w, "items", page)
	return nil
}

func (s *Server) getItem(w http.ResponseWriter, r *http.Request) error {
	version, given, err := paramInt(r.URL.Query(), "version")
	if err != nil {
		return err
	}
	if given && version < 1 {
		return apperr.BadParameterf("version", "版本号须为正整数")
	}
	it, err := s.svc.Item(r.Context(), r.PathValue("code"), version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) createItem(w http.ResponseWriter, r *http.Request) error {
	var it catalog.Item
	if err := decode(w, r, &it); err != nil {
		return err
	}
	if err := s.svc.CreateItem(r.Context(), &it); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, it)
	return nil
}

func (s *Server) updateItem(w http.ResponseWriter, r *http.Request) error {
	var it catalog.Item
	if err := decode(w, r, &it); err != nil {
		return err
	}
	if err := s.svc.UpdateItem(r.Context(), r.PathValue("code"), &it); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) publishItem(w http.ResponseWriter, r *http.Request) error {
	it, err := s.svc.PublishItem(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) retireItem(w http.ResponseWriter, r *http.Request) error {
	it, err := s.svc.RetireItem(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) exportCatalog(w http.ResponseWriter, r *http.Request) error {
	ex, err := s.svc.ExportCatalog(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="catalog.json"`)
	writeJSON(w, http.StatusOK, ex)
	return nil
}

func (s *Server) importCatalog(w http.ResponseWriter, r *http.Request) error {
	var ex catalog.Export
	if err := decode(w, r, &ex); err != nil {
		return err
	}
	res, err := s.svc.ImportCatalog(r.Context(), &ex)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
