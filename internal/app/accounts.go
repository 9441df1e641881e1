package app

import (
	"context"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/civicid"
	"yiwang/internal/humantext"
	"yiwang/internal/paging"
)

// Login checks a username and password and opens a session. The same error answers
// an unknown user and a wrong password, after the same work, so neither is revealed.
//
// Failures are limited per username and per client address (loginPerUser,
// loginPerAddr): past the limit even the right password is refused until the wait
// is over, and a success clears the username's count. Each failure is audited.
func (s *Service) Login(ctx context.Context, username, password string) (token string, u *access.User, err error) {
	name := access.NormalizeUsername(username)
	taken, err := s.take("登录失败次数过多", append(addrKeys(ctx, s.limits.loginAddr), s.limits.loginUser.Key(clip(name)))...)
	if err != nil {
		return "", nil, err
	}
	err = s.db.View(ctx, func(tx Tx) (err error) {
		u, err = tx.FindUserByUsername(ctx, name)
		return err
	})
	if apperr.KindOf(err) == apperr.NotFound {
		access.BurnPasswordCheck(password)
		return "", nil, s.failedLogin(ctx, username)
	}
	if err != nil {
		taken.Refund() // not the client's failure
		return "", nil, err
	}
	if !access.CheckPassword(u.PasswordHash, password) {
		return "", nil, s.failedLogin(ctx, username)
	}
	taken.Refund()
	s.limits.loginUser.Forget(clip(name))
	token, hash, err := access.NewToken()
	if err != nil {
		return "", nil, err
	}
	now := s.Now()
	err = s.db.Update(ctx, func(tx Tx) error {
		if err := tx.CreateSession(ctx, access.Session{TokenHash: hash, UserID: u.ID, CreatedAt: now,
			ExpiresAt: now.Add(s.cfg.SessionTTL)}); err != nil {
			return err
		}
		return record(ctx, tx, u.Actor(), now, event{region: s.cfg.Region, action: "login", subject: "user/" + u.Username})
	})
	return token, u, err
}

// failedLogin audits a failed log-in, with the username as typed (clipped) and the
// client address, never the password, and returns the error for it. The same
// answer and the same entry serve an unknown username and a wrong password.
func (s *Service) failedLogin(ctx context.Context, typed string) error {
	after := map[string]any{"username": humantext.Clip(typed, maxAuditUsername)}
	if a, ok := ClientAddrFromContext(ctx); ok {
		after["address"] = a.String()
	}
	now := s.Now()
	err := s.db.Update(ctx, func(tx Tx) error {
		return record(ctx, tx, access.AnonymousActor, now, event{region: s.cfg.Region, action: "auth.login_failed",
			subject: "user/" + humantext.Clip(access.NormalizeUsername(typed), maxAuditUsername), after: snapshot(after)})
	})
	if err != nil {
		return err
	}
	return badLogin()
}

// maxAuditUsername bounds the username a failed log-in records: usernames have at
// most 32 characters, and a megabyte typed into the field must not become a
// megabyte of audit trail.
const maxAuditUsername = 64

func badLogin() error {
	return apperr.New(apperr.Unauthenticated, "bad_credentials", "用户名或密码不正确")
}

// Authenticate returns the user of a session token: from memory if the session was
// found valid a moment ago (sessions.go), else from the database.
func (s *Service) Authenticate(ctx context.Context, token string) (*access.User, error) {
	hash, now := access.TokenHash(token), s.Now()
	if u, ok := s.sessions.get(hash, now); ok {
		return u, nil
	}
	began := s.sessions.begin()
	var u *access.User
	var sess *access.Session
	err := s.db.View(ctx, func(tx Tx) (err error) {
		if sess, err = tx.FindSession(ctx, hash, now); err != nil {
			return err
		}
		u, err = tx.FindUserByID(ctx, sess.UserID)
		return err
	})
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, apperr.New(apperr.Unauthenticated, "unauthenticated", "登录已失效，请重新登录")
	}
	if err == nil {
		s.sessions.fill(began, hash, u, sess.ExpiresAt, now)
	}
	return u, err
}

// Logout ends the session of token, in memory as well, once the database has.
func (s *Service) Logout(ctx context.Context, token string) error {
	hash := access.TokenHash(token)
	err := s.db.Update(ctx, func(tx Tx) error { return tx.DeleteSession(ctx, hash) })
	s.sessions.forgetSession(hash)
	return err
}

// Registration is an applicant signing up.
type Registration struct {
	Username   string                 `json:"username"`
	Password   string                 `json:"password"`
	Kind       casework.ApplicantKind `json:"kind"`
	Name       string                 `json:"name"`
	IDNumber   string                 `json:"id_number"`
	CreditCode string                 `json:"credit_code"`
	Phone      string                 `json:"phone"`
}

// RegisterApplicant creates an applicant and the account they log in with.
// Registrations are limited per client address (registerPerAddr).
func (s *Service) RegisterApplicant(ctx context.Context, r Registration) (*access.User, error) {
	if err := s.throttleRegistration(ctx); err != nil {
		return nil, err
	}
	a, err := newApplicant(r.Kind, r.Name, r.IDNumber, r.CreditCode, r.Phone)
	if err != nil {
		return nil, err
	}
	u := &access.User{Username: access.NormalizeUsername(r.Username), Name: a.Name, Role: access.Applicant, CreatedAt: s.Now()}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := access.CheckNewPassword(r.Password, u.Username, a.Name, a.IDNumber.Full(), string(a.CreditCode), a.Phone); err != nil {
		return nil, err
	}
	if u.PasswordHash, err = access.HashPassword(r.Password); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx Tx) error {
		if err := tx.CreateApplicant(ctx, a, true, u.CreatedAt); err != nil {
			return err
		}
		u.ApplicantID = a.ID
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.ClaimAccountHolder(ctx, a, u.ID); err != nil {
			return err
		}
		return record(ctx, tx, u.Actor(), u.CreatedAt, event{region: s.cfg.Region, action: "applicant.register",
			subject: "user/" + u.Username, after: snapshot(a.Masked())})
	})
	return u, err
}

// newApplicant validates an applicant: a person by citizen ID number, an
// organisation by unified social credit code, each with its check character.
func newApplicant(kind casework.ApplicantKind, name, idNumber, creditCode, phone string) (*casework.Applicant, error) {
	a := &casework.Applicant{Kind: kind}
	switch kind {
	case casework.Person:
		id, err := civicid.ParseIDNumber(idNumber)
		if err != nil {
			return nil, apperr.Invalidf("id_number", "%s", err.Error())
		}
		a.IDNumber = id
	case casework.Organisation:
		cc, err := civicid.ParseCreditCode(creditCode)
		if err != nil {
			return nil, apperr.Invalidf("credit_code", "%s", err.Error())
		}
		a.CreditCode = cc
	default:
		return nil, apperr.Invalidf("kind", "申请人类型须为 person 或 organisation")
	}
	var err error
	if a.Name, err = humantext.Name("name", name); err != nil {
		return nil, err
	}
	if a.Phone, err = civicid.ParsePhone(phone); err != nil {
		return nil, apperr.Invalidf("phone", "%s", err.Error())
	}
	return a, nil
}

// StaffInput creates a staff account.
type StaffInput struct {
	Username   string      `json:"username"`
	Password   string      `json:"password"`
	Name       string      `json:"name"`
	Role       access.Role `json:"role"`
	Department string      `json:"department"`
	Hall       string      `json:"hall"`
}

// CreateStaff creates a staff account; only an administrator may.
func (s *Service) CreateStaff(ctx context.Context, in StaffInput) (*access.User, error) {
	a, err := access.Require(ctx, access.Admin)
	if err != nil {
		return nil, err
	}
	return s.createStaff(ctx, a, in)
}

func (s *Service) createStaff(ctx context.Context, by access.Actor, in StaffInput) (*access.User, error) {
	name, err := humantext.Name("name", in.Name)
	if err != nil {
		return nil, err
	}
	u := &access.User{Username: access.NormalizeUsername(in.Username), Name: name, Role: in.Role,
		Department: in.Department, Hall: in.Hall, CreatedAt: s.Now()}
	if !u.Role.IsStaff() {
		return nil, apperr.Invalidf("role", "员工角色须为 clerk、approver、certificate_officer、supervisor 或 admin")
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := access.CheckNewPassword(in.Password, u.Username, u.Name); err != nil {
		return nil, err
	}
	if u.PasswordHash, err = access.HashPassword(in.Password); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx Tx) error {
		if err := s.checkScope(ctx, tx, u); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return record(ctx, tx, by, u.CreatedAt, event{region: s.cfg.Region, action: "staff.create",
			subject: "user/" + u.Username, after: snapshot(u)})
	})
	return u, err
}

func (s *Service) checkScope(ctx context.Context, tx Tx, u *access.User) error {
	if u.Department != "" {
		if _, err := tx.FindDepartment(ctx, u.Department); err != nil {
			return apperr.Invalidf("department", "部门 %s 不存在", u.Department)
		}
	}
	if u.Hall != "" {
		if _, err := tx.FindHall(ctx, u.Hall); err != nil {
			return apperr.Invalidf("hall", "大厅 %s 不存在", u.Hall)
		}
	}
	return nil
}

// Users lists the accounts a page at a time, by ID; administrators only.
func (s *Service) Users(ctx context.Context, pr paging.Request) (paging.Page[access.User], error) {
	if _, err := access.Require(ctx, access.Admin); err != nil {
		return paging.Page[access.User]{}, err
	}
	var after int64
	if _, err := pr.Decode(&after); err != nil {
		return paging.Page[access.User]{}, err
	}
	var us []access.User
	err := s.db.View(ctx, func(tx Tx) (err error) {
		us, err = tx.FindUsers(ctx, after, pr.Size()+1)
		return err
	})
	return paging.Cut(us, pr, func(u access.User) any { return u.ID }), err
}

// BootstrapAdmin creates an administrator from the command line (first start,
// demo, or a lost password), with no administrator needed to authorise it.
func (s *Service) BootstrapAdmin(ctx context.Context, username, name, password string) (*access.User, error) {
	return s.createStaff(ctx, access.InstallerActor, StaffInput{Username: username, Name: name, Password: password, Role: access.Admin})
}

// UserByUsername returns an account by name; for wiring and the demo, not exposed over HTTP.
func (s *Service) UserByUsername(ctx context.Context, username string) (*access.User, error) {
	var u *access.User
	err := s.db.View(ctx, func(tx Tx) (err error) {
		u, err = tx.FindUserByUsername(ctx, access.NormalizeUsername(username))
		return err
	})
	return u, err
}
