package web

import (
	"context"
	"net/http"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/apperr"
)

// healthz is the liveness probe: the process answers. It touches nothing else, so
// that a database outage makes instances unready (readyz), not restarted.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyTimeout bounds the readiness query: a probe that hangs tells a load
// balancer nothing, one that fails takes the instance out of rotation.
const readyTimeout = 3 * time.Second

// readyz is the readiness probe: 200 while the database answers, 503 with the
// error's code when it does not.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.svc.Ready(ctx); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	return nil
}

// credentials is the body of a login (schema Credentials).
type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// session is the answer to a login (schema Session).
type session struct {
	Token string       `json:"token"`
	User  *access.User `json:"user"`
}

// login answers with a bearer token for the API and sets the same session as an
// HttpOnly, SameSite cookie for the pages.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var req credentials
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if req.Username == "" {
		return apperr.Required("username")
	}
	if req.Password == "" {
		return apperr.Required("password")
	}
	token, u, err := s.svc.Login(r.Context(), req.Username, req.Password)
	if err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie(r, token))
	writeJSON(w, http.StatusOK, session{Token: token, User: u})
	return nil
}

// sessionCookie is the session cookie holding token: HttpOnly, SameSite, and
// Secure whenever the browser came over HTTPS, so that it never goes back in the
// clear. Log-out clears it with a cookie of the same attributes.
func (s *Server) sessionCookie(r *http.Request, token string) *http.Cookie {
	return &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: overHTTPS(r, s.cfg.TrustedProxies)}
}

// clearedSessionCookie tells the browser to drop the session cookie.
func (s *Server) clearedSessionCookie(r *http.Request) *http.Cookie {
	c := s.sessionCookie(r, "")
	c.MaxAge = -1
	return c
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	token := bearerToken(r)
	if c, err := r.Cookie(SessionCookie); token == "" && err == nil {
		token = c.Value
	}
	if token == "" {
		return apperr.New(apperr.Unauthenticated, "unauthenticated", "未登录")
	}
	if err := s.svc.Logout(r.Context(), token); err != nil {
		return err
	}
	http.SetCookie(w, s.clearedSessionCookie(r))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	a, err := access.Require(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) registerApplicant(w http.ResponseWriter, r *http.Request) error {
	var req app.Registration
	if err := decode(w, r, &req); err != nil {
		return err
	}
	u, err := s.svc.RegisterApplicant(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	pr, err := pageRequest(r)
	if err != nil {
		return err
	}
	page, err := s.svc.Users(r.Context(), pr)
	if err != nil {
		return err
	}
	writePage(w, "users", page)
	return nil
}

func (s *Server) createStaff(w http.ResponseWriter, r *http.Request) error {
	var req app.StaffInput
	if err := decode(w, r, &req); err != nil {
		return err
	}
	u, err := s.svc.CreateStaff(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}
