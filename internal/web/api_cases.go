package web

import (
	"context"
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
	cq := app.CaseQuery{Department: q.Get("department"), Hall: q.Get("hall"), Item: q.Get("item")}
	var err error
	if cq.Light, err = paramOneOf(q, "light", casework.Lights); err != nil {
		return err
	}
	if cq.Statuses, err = paramList(q, "status", casework.Statuses); err != nil {
		return err
	}
	if v := q.Get("limit"); v != "" {
		p, err := paging.Parse(v, "")
		if err != nil {
			return err
		}
		cq.Limit = p.Limit
	}
	cases, err := s.svc.Cases(r.Context(), cq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": cases})
	return nil
}

// caseActions maps the action segment of POST /api/v1/cases/{number}/{action} to its command.
var caseActions = map[string]func(s *Server, w http.ResponseWriter, r *http.Request, number string) (*app.CaseView, error){
	"accept":             withInput((*app.Service).AcceptCase),
	"accept-with-gaps":   withInput((*app.Service).AcceptCaseWithGaps),
	"request-correction": withInput((*app.Service).RequestCorrection),
	"supplement":         withInput((*app.Service).SupplementCase),
	"refuse":             withInput((*app.Service).RefuseCase),
	"complete-task":      withInput((*app.Service).CompleteTask),
	"approve":            withInput((*app.Service).ApproveCase),
	"deny":               withInput((*app.Service).DenyCase),
	"suspend":            withInput((*app.Service).SuspendCase),
	"extend":             withInput((*app.Service).ExtendCase),
	"withdraw":           withInput((*app.Service).WithdrawCase),
	"resume": func(s *Server, w http.ResponseWriter, r *http.Request, number string) (*app.CaseView, error) {
		if err := decodeOptional(w, r, &struct{}{}); err != nil {
			return nil, err
		}
		return s.svc.ResumeCase(r.Context(), number)
	},
}

// withInput adapts a service command taking a JSON input of type T.
func withInput[T any](cmd func(*app.Service, context.Context, string, T) (*app.CaseView, error)) func(*Server, http.ResponseWriter, *http.Request, string) (*app.CaseView, error) {
	return func(s *Server, w http.ResponseWriter, r *http.Request, number string) (*app.CaseView, error) {
		var in T
		if err := decodeOptional(w, r, &in); err != nil {
			return nil, err
		}
		return cmd(s.svc, r.Context(), number, in)
	}
}

// decodeOptional decodes a JSON body if there is one: commands without required
// fields (accept, resume) may be posted empty.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	if err := decode(w, r, v); err != errEmptyBody {
		return err
	}
	return nil
}

func (s *Server) caseAction(w http.ResponseWriter, r *http.Request) error {
	act, ok := caseActions[r.PathValue("action")]
	if !ok {
		return apperr.NotFoundf("没有这个办件操作：%s", r.PathValue("action"))
	}
	v, err := act(s, w, r, r.PathValue("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) caseEvents(w http.ResponseWriter, r *http.Request) error {
	es, err := s.svc.CaseEvents(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": es})
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
	w.Header().Set("Content-Disposition", "attachment")
	if _, err := io.Copy(w, f); err != nil {
		// The status is already sent; all that is left is to log the broken transfer.
		s.log.Warn("material download interrupted", "request_id", requestID(r.Context()), "err", err)
	}
	return nil
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
