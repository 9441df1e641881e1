package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
)

func (s *Server) uploadBlob(w http.ResponseWriter, r *http.Request) error {
	max := s.svc.MaxBlobSize()
	if r.ContentLength > max {
		return &apperr.Error{Kind: apperr.TooLarge, Code: "too_large", Message: "文件过大"}
	}
	ct := r.Header.Get("Content-Type")
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	b, err := s.svc.PutBlob(r.Context(), http.MaxBytesReader(w, r.Body, max+1), strings.TrimSpace(ct))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, b)
	return nil
}

func (s *Server) submitCase(w http.ResponseWriter, r *http.Request) error {
	var req app.SubmitRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	key := r.Header.Get("Idempotency-Key")
	if len(key) > 128 {
		return apperr.Invalidf("Idempotency-Key", "幂等键不能超过128个字符")
	}
	v, replayed, err := s.svc.SubmitCase(r.Context(), req, key)
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", "/api/v1/cases/"+v.Number)
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request) error {
	v, err := s.svc.Case(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) listCases(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, err := paging.Parse(q.Get("limit"), q.Get("cursor"))
	if err != nil {
		return err
	}
	cq := app.CaseQuery{Department: q.Get("department"), Hall: q.Get("hall"), Item: q.Get("item"),
		Channel: casework.Channel(q.Get("channel")), Parent: q.Get("parent"), Page: page}
	if cq.Light, err = paramOneOf(q, "light", casework.Lights); err != nil {
		return err
	}
	if cq.Statuses, err = paramList(q, "status", casework.Statuses); err != nil {
		return err
	}
	list, err := s.svc.Cases(r.Context(), cq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) caseCounts(w http.ResponseWriter, r *http.Request) error {
	counts, err := s.svc.CaseCounts(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"counts": counts})
	return nil
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, err := paging.Parse(q.Get("limit"), q.Get("cursor"))
	if err != nil {
		return err
	}
	list, err := s.svc.Tasks(r.Context(), app.TaskQuery{Department: q.Get("department"),
		Light: casework.Light(q.Get("light")), Item: q.Get("item"), Step: q.Get("step"), Page: page})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) caseEvents(w http.ResponseWriter, r *http.Request) error {
	pr, err := pageRequest(r)
	if err != nil {
		return err
	}
	page, err := s.svc.CaseEvents(r.Context(), r.PathValue("number"), pr)
	if err != nil {
		return err
	}
	writePage(w, "events", page)
	return nil
}

func (s *Server) caseMaterial(w http.ResponseWriter, r *http.Request) error {
	b, f, err := s.svc.CaseMaterial(r.Context(), r.PathValue("number"), r.PathValue("blob"))
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", b.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(b.Size, 10))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", materialDisposition(b.ContentType))
	w.Header().Set("Content-Security-Policy", materialPolicy)
	if _, err := io.Copy(w, f); err != nil {
		// The status is already sent; all that is left is to log the broken transfer.
		s.log.Warn("material download interrupted", "request_id", requestID(r.Context()), "err", err)
	}
	return nil
}

// materialPolicy is the Content-Security-Policy of a material opened on its own:
// the browser's own viewer of an image or a PDF styles its page inline and embeds
// the file; nothing else may load, and no other site may frame it.
const materialPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// materialDisposition lets a browser show a PDF or an image in place (the staff
// read materials on the case page) and makes anything else a download. The blob
// store accepts only those types, checked against the bytes, and nosniff holds the
// browser to the declared one.
func materialDisposition(contentType string) string {
	switch contentType {
	case "application/pdf", "image/jpeg", "image/png":
		return "inline"
	}
	return "attachment"
}

func (s *Server) lookupCase(w http.ResponseWriter, r *http.Request) error {
	number, code := r.URL.Query().Get("number"), r.URL.Query().Get("code")
	if number == "" {
		return apperr.Required("number")
	}
	if code == "" {
		return apperr.Required("code")
	}
	p, err := s.svc.LookupCase(r.Context(), number, code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) verifyAudit(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.svc.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
