package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
)

// navEntry is one link of the navigation bar, shown to the roles that may use its
// page once that page is served.
type navEntry struct {
	Path, Label string
	roles       []access.Role
}

// navigation is the bar in its order. Each role sees only its own entries; an entry
// whose page is not (yet) routed is not shown.
var navigation = []navEntry{
	{Path: "/my/cases", Label: "我的办件", roles: []access.Role{access.Applicant}},
	{Path: "/messages", Label: "消息", roles: []access.Role{access.Applicant}},
	{Path: "/window", Label: "综合窗口", roles: []access.Role{access.Clerk}},
	{Path: "/window/waiting", Label: "待受理", roles: []access.Role{access.Clerk}},
	{Path: "/tasks", Label: "待办任务", roles: []access.Role{access.Approver}},
	{Path: "/supervise", Label: "督查", roles: []access.Role{access.Supervisor}},
	{Path: "/admin", Label: "系统管理", roles: []access.Role{access.Admin}},
	{Path: "/admin/items", Label: "事项管理", roles: []access.Role{access.Admin}},
}

// navFor returns the entries of the bar that a may use.
func (s *Server) navFor(a access.Actor) []navEntry {
	var out []navEntry
	for _, e := range navigation {
		if slices.Contains(e.roles, a.Role) && slices.Contains(s.patterns, "GET "+e.Path) {
			out = append(out, e)
		}
	}
	return out
}

var roleNames = map[access.Role]string{
	access.Applicant: "申请人", access.Clerk: "窗口工作人员", access.Approver: "审批人员",
	access.CertificateOfficer: "制证出证人员", access.Supervisor: "督查人员", access.Admin: "系统管理员",
	access.System: "系统",
}

// RoleName returns the Chinese name of a role.
func (base) RoleName(r access.Role) string { return roleNames[r] }

// pageFor serves fn to the given roles only. A visitor who is not logged in is sent
// to the log-in page, and back here afterwards, told if their session expired; a logged-in user of another role
// gets the 403 page, which says whose page it is.
func (s *Server) pageFor(fn pageFunc, roles ...access.Role) http.Handler {
	return s.page(func(w http.ResponseWriter, r *http.Request) error {
		a, ok := access.FromContext(r.Context())
		if !ok {
			if r.Method == http.MethodGet {
				to := "/login?next=" + url.QueryEscape(r.URL.RequestURI())
				if staleSession(r) {
					to += "&expired=1"
				}
				http.Redirect(w, r, to, http.StatusSeeOther)
				return nil
			}
			if staleSession(r) {
				return apperr.New(apperr.Unauthenticated, "session_expired", "登录已过期，请重新登录后再提交。")
			}
			return apperr.New(apperr.Unauthenticated, "unauthenticated", "请先登录，登录后再提交。")
		}
		if !a.Is(roles...) {
			names := make([]string, len(roles))
			for i, r := range roles {
				names[i] = roleNames[r]
			}
			return apperr.Forbiddenf("此页面供%s使用，当前登录的账号（%s）无权打开。", strings.Join(names, "、"), roleNames[a.Role])
		}
		return fn(w, r)
	})
}
