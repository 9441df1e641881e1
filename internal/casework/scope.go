package casework

import (
	"yiwang/internal/access"
	"yiwang/internal/apperr"
)

// Scope is the part of all cases an actor may see. Viewing one case and listing
// many apply the same scope: Allows for the one, the store's translation of the
// scope into a query for the many.
type Scope struct {
	// All: no restriction (the system, a district-wide supervisor).
	All bool
	// Hall restricts to the cases of one hall.
	Hall string
	// Department restricts to the cases a department owns or has a task in.
	Department string
	// ApplicantID restricts to one applicant's own cases.
	ApplicantID int64
	// None: nothing at all (a role that sees no cases).
	None bool
}

// ScopeOf returns what a may see. Those who may not see a case get "not found",
// so that a case number tells nothing to someone who is not party to it.
// An account that lacks what its scope is made of (an applicant without an
// applicant record, staff without their hall or department) sees nothing: the
// zero Scope would otherwise read as every case.
func ScopeOf(a access.Actor) Scope {
	switch {
	case a.Role == access.Applicant && a.ApplicantID != 0:
		return Scope{ApplicantID: a.ApplicantID}
	case (a.Role == access.Clerk || a.Role == access.CertificateOfficer) && a.Hall != "":
		return Scope{Hall: a.Hall}
	case a.Role == access.Approver && a.Department != "":
		return Scope{Department: a.Department}
	}
	switch a.Role {
	case access.Supervisor:
		return Scope{All: a.Hall == "" && a.Department == "", Hall: a.Hall, Department: a.Department}
	case access.System:
		return Scope{All: true}
	}
	return Scope{None: true}
}

// Allows reports whether c is within s.
func (s Scope) Allows(c *Case) bool {
	switch {
	case s.None:
		return false
	case s.All:
		return true
	case s.ApplicantID != 0:
		return c.Applicant.ID == s.ApplicantID
	case s.Hall == "" && s.Department == "":
		return false // not All: a scope that restricts nothing allows nothing
	}
	return (s.Hall == "" || s.Hall == c.Hall) && (s.Department == "" || c.involves(s.Department))
}

// CanView reports whether a may see c.
func CanView(a access.Actor, c *Case) bool { return ScopeOf(a).Allows(c) }

// Narrow checks a list's filter against s: asking for another hall or department
// than one's own is refused rather than silently answered with nothing.
func (s Scope) Narrow(f Filter) error {
	if s.Hall != "" && f.Hall != "" && f.Hall != s.Hall {
		return apperr.Forbiddenf("只能查看本大厅的办件")
	}
	if s.Department != "" && f.Department != "" && f.Department != s.Department {
		return apperr.Forbiddenf("只能查看本部门的办件")
	}
	return nil
}

// QueueOf returns the task queue a works: an approver the open approvers' tasks of
// their department (issue and delivery belong to the certificate officers even
// when the item's department owns them), a certificate officer the issue and
// delivery tasks of their hall, a supervisor the approvers' tasks of their scope
// (department narrows it). Others have none.
func QueueOf(a access.Actor, department string) (TaskFilter, error) {
	f := TaskFilter{Department: department, Role: access.Approver}
	if ScopeOf(a).None {
		return f, apperr.Forbiddenf("没有待办队列")
	}
	switch a.Role {
	case access.Approver:
		if department != "" && department != a.Department {
			return f, apperr.Forbiddenf("只能查看本部门的待办")
		}
		f.Department = a.Department
	case access.CertificateOfficer:
		if department != "" {
			return f, apperr.Forbiddenf("制证人员的待办按大厅，不按部门")
		}
		f.Hall, f.Role = a.Hall, access.CertificateOfficer
	case access.Supervisor:
		if a.Department != "" && department != "" && department != a.Department {
			return f, apperr.Forbiddenf("只能查看本部门的待办")
		}
		if a.Department != "" {
			f.Department = a.Department
		}
		f.Hall = a.Hall
	default:
		return f, apperr.Forbiddenf("没有待办队列")
	}
	return f, nil
}
