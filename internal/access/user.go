package access

import (
	"context"
	"slices"
	"strings"
	"time"

	"yiwang/internal/apperr"
)

// Role is what a user may do; staff roles are scoped to a department and/or hall.
type Role string

// The roles of DESIGN.md, plus the system itself for background sweeps.
const (
	Applicant          Role = "applicant"
	Clerk              Role = "clerk"
	Approver           Role = "approver"
	CertificateOfficer Role = "certificate_officer"
	Supervisor         Role = "supervisor"
	Admin              Role = "admin"
	System             Role = "system"
)

// StaffRoles are the roles an administrator may give to staff accounts.
var StaffRoles = []Role{Clerk, Approver, CertificateOfficer, Supervisor, Admin}

// IsStaff reports whether r is a staff role (not an applicant, not the system).
func (r Role) IsStaff() bool {
	for _, s := range StaffRoles {
		if r == s {
			return true
		}
	}
	return false
}

// User is an account that can log in.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	Department   string    `json:"department,omitempty"`
	Hall         string    `json:"hall,omitempty"`
	ApplicantID  int64     `json:"applicant_id,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Actor returns the actor that u acts as.
func (u *User) Actor() Actor {
	return Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role,
		Department: u.Department, Hall: u.Hall, ApplicantID: u.ApplicantID}
}

// NormalizeUsername folds a username to lower case, so that ADMIN and admin are one
// name and nobody can register a look-alike of another's account.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks an account before it is created.
func (u *User) Validate() error {
	switch {
	case !validUsername(u.Username):
		return apperr.Invalidf("username", "用户名须为3-32位字母、数字、点、横线或下划线")
	case slices.Contains(reservedUsernames, u.Username):
		return apperr.Invalidf("username", "用户名 %s 为系统保留，请换一个", u.Username)
	case u.Name == "":
		return apperr.Required("name")
	case u.Role != Applicant && !u.Role.IsStaff():
		return apperr.Invalidf("role", "未知角色 %q", u.Role)
	case u.Role == Clerk && u.Hall == "":
		return apperr.Invalidf("hall", "窗口人员必须属于一个大厅")
	case u.Role == CertificateOfficer && u.Hall == "":
		return apperr.Invalidf("hall", "制证出证人员必须属于一个大厅")
	case u.Role == Approver && u.Department == "":
		return apperr.Invalidf("department", "审批人员必须属于一个部门")
	}
	return nil
}

// reservedUsernames are the names the audit trail gives to actors that are no
// account (the sweep, the command line, an anonymous visitor): an account under
// one of them would pass for the system in the trail.
var reservedUsernames = []string{SystemActor.Username, InstallerActor.Username, AnonymousActor.Username}

func validUsername(s string) bool {
	if len(s) < 3 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}

// Actor is who performs a command, copied from the user at login so that an audit
// entry keeps the role and scope the person had when they acted.
type Actor struct {
	UserID      int64  `json:"user_id,omitempty"`
	Username    string `json:"username"`
	Name        string `json:"name"`
	Role        Role   `json:"role"`
	Department  string `json:"department,omitempty"`
	Hall        string `json:"hall,omitempty"`
	ApplicantID int64  `json:"applicant_id,omitempty"`
}

// The actors that are no account: background sweeps (e.g. Art. 32 deemed
// acceptance), accounts made from the command line before any administrator
// exists, and a visitor who is not logged in (a failed log-in is theirs).
var (
	SystemActor    = Actor{Username: "system", Name: "系统", Role: System}
	InstallerActor = Actor{Username: "installer", Name: "安装程序", Role: System}
	AnonymousActor = Actor{Username: "anonymous", Name: "匿名访问者"}
)

// Is reports whether a has one of roles.
func (a Actor) Is(roles ...Role) bool {
	for _, r := range roles {
		if a.Role == r {
			return true
		}
	}
	return false
}

// Owns reports whether a is the applicant applicantID.
func (a Actor) Owns(applicantID int64) bool {
	return a.Role == Applicant && a.ApplicantID != 0 && a.ApplicantID == applicantID
}

type actorKey struct{}

// NewContext returns ctx carrying a.
func NewContext(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// FromContext returns the actor in ctx and whether there is one.
func FromContext(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// Require returns the actor in ctx if it has one of roles (any role when none are
// given); Unauthenticated without an actor, Forbidden with the wrong role.
func Require(ctx context.Context, roles ...Role) (Actor, error) {
	a, ok := FromContext(ctx)
	if !ok {
		return Actor{}, apperr.New(apperr.Unauthenticated, "unauthenticated", "请先登录")
	}
	if len(roles) > 0 && !a.Is(roles...) {
		return a, apperr.Forbiddenf("当前角色无权执行此操作")
	}
	return a, nil
}
