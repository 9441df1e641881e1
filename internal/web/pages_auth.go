package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
)

// maxLoginForm bounds a log-in form's body: two short fields and a path.
const maxLoginForm = 4 << 10

type loginView struct {
	base
	Username, Next, Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	v := loginView{base: s.base(r, "登录"), Next: localPath(r.URL.Query().Get("next"))}
	if r.URL.Query().Get("expired") != "" && v.User == nil {
		v.Error = "登录已过期，请重新登录。"
	}
	return s.render(w, r, http.StatusOK, "login", v)
}

// loginSubmit logs in from the page's form: the session goes into the HttpOnly
// cookie, as the API's log-in sets it, and the browser is sent on to where it
// came from. A wrong username or password is answered on the form itself; being
// throttled is the error page, which says how long to wait.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxLoginForm); err != nil {
		return err
	}
	v := loginView{base: s.base(r, "登录"), Username: r.PostForm.Get("username"), Next: localPath(r.PostForm.Get("next"))}
	password := r.PostForm.Get("password")
	if strings.TrimSpace(v.Username) == "" || password == "" {
		v.Error = "请填写用户名和密码。"
		return s.render(w, r, http.StatusUnprocessableEntity, "login", v)
	}
	token, _, err := s.svc.Login(r.Context(), v.Username, password)
	if apperr.KindOf(err) == apperr.Unauthenticated {
		v.Error = "用户名或密码不正确。"
		return s.render(w, r, http.StatusUnauthorized, "login", v)
	}
	if err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie(r, token))
	next := v.Next
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// logoutSubmit ends the page's session and clears its cookie. Without a session
// there is nothing to end, and the visitor lands on the home page all the same.
func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.svc.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, s.clearedSessionCookie(r))
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// parseForm reads a page's posted form of at most max bytes into r.PostForm.
func parseForm(w http.ResponseWriter, r *http.Request, max int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, max)
	if err := r.ParseForm(); err != nil {
		if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
			return apperr.New(apperr.TooLarge, "too_large", "提交的内容超过了此表单允许的长度。")
		}
		return apperr.New(apperr.Malformed, "bad_form", "表单内容无法读取")
	}
	return nil
}

// localPath returns p if it is a path on this site, else "": a log-in link must
// not send the visitor on to another site (an open redirect).
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") || len(p) > 512 {
		return ""
	}
	return p
}

// maxRegisterForm bounds a registration form's body: a few short fields.
const maxRegisterForm = 8 << 10

type registerView struct {
	base
	Form app.Registration
	// Notice heads the form; Error is shown beside the input field names.
	Notice, Error, field string
}

// registerFields are the inputs of the registration form, that an error can stand beside.
var registerFields = []string{"name", "id_number", "credit_code", "phone", "username", "password"}

// FieldError returns the message for field, if the registration was refused for it.
func (v registerView) FieldError(field string) string {
	if v.field == field {
		return v.Error
	}
	return ""
}

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "register", registerView{base: s.base(r, "注册账号")})
}

// registerSubmit registers an applicant from the page's form and logs them in. A
// refusal is answered on the form, beside the field to fix, with what was typed
// kept (the password excepted); the limits on registrations are the API's.
func (s *Server) registerSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxRegisterForm); err != nil {
		return err
	}
	f := r.PostForm
	reg := app.Registration{Username: f.Get("username"), Password: f.Get("password"), Kind: casework.ApplicantKind(f.Get("kind")),
		Name: f.Get("name"), IDNumber: f.Get("id_number"), CreditCode: f.Get("credit_code"), Phone: f.Get("phone")}
	_, err := s.svc.RegisterApplicant(r.Context(), reg)
	if e := apperr.As(err); e != nil && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
		reg.Password = ""
		v := registerView{base: s.base(r, "注册账号"), Form: reg, Error: e.Message, field: e.Field, Notice: e.Message}
		if slices.Contains(registerFields, e.Field) {
			v.Notice = "注册未成功，请按提示修改后重新提交。"
		}
		return s.render(w, r, statusByKind[e.Kind], "register", v)
	}
	if err != nil {
		return err
	}
	token, _, err := s.svc.Login(r.Context(), reg.Username, reg.Password)
	if err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie(r, token))
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
