package store

import (
	"context"
	"database/sql"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
)

var _ access.Store = (*Tx)(nil)

// CreateUser implements access.Store.
func (tx *Tx) CreateUser(ctx context.Context, u *access.User) error {
	err := tx.queryRow(ctx, `INSERT INTO users (username, name, role, department, hall, applicant_id, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Username, u.Name, u.Role, nullString(u.Department), nullString(u.Hall),
		nullInt(u.ApplicantID), u.PasswordHash, ts(u.CreatedAt)).Scan(&u.ID)
	if violationOf(err) == uniqueViolation {
		return apperr.Conflictf("username_taken", "用户名 %s 已被使用", u.Username).WithField("username")
	}
	return err
}

const userColumns = `id, username, name, role, COALESCE(department, ''), COALESCE(hall, ''), COALESCE(applicant_id, 0), password_hash, created_at`

func scanUser(row interface{ Scan(...any) error }) (*access.User, error) {
	u := &access.User{}
	var created string
	if err := row.Scan(&u.ID, &u.Username, &u.Name, &u.Role, &u.Department, &u.Hall, &u.ApplicantID, &u.PasswordHash, &created); err != nil {
		return nil, err
	}
	var err error
	u.CreatedAt, err = parseTS(created)
	return u, err
}

// FindUserByUsername implements access.Store.
func (tx *Tx) FindUserByUsername(ctx context.Context, username string) (*access.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username))
	return u, notFound(err, "用户 %s 不存在", username)
}

// FindUserByID implements access.Store.
func (tx *Tx) FindUserByID(ctx context.Context, id int64) (*access.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	return u, notFound(err, "用户 %d 不存在", id)
}

// FindUsers implements access.Store.
func (tx *Tx) FindUsers(ctx context.Context, after int64, limit int) ([]access.User, error) {
	q, args := `SELECT `+userColumns+` FROM users WHERE id > ? ORDER BY id`, []any{after}
	if limit > 0 {
		q, args = q+` LIMIT ?`, append(args, limit)
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	us := []access.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		us = append(us, *u)
	}
	return us, rows.Err()
}

// CreateSession implements access.Store.
func (tx *Tx) CreateSession(ctx context.Context, s access.Session) error {
	_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.UserID, ts(s.CreatedAt), ts(s.ExpiresAt))
	return err
}

// FindSession implements access.Store.
func (tx *Tx) FindSession(ctx context.Context, tokenHash string, now time.Time) (*access.Session, error) {
	s := &access.Session{TokenHash: tokenHash}
	var created, expires string
	err := tx.queryRow(ctx, `SELECT user_id, created_at, expires_at FROM sessions WHERE token_hash = ?`, tokenHash).
		Scan(&s.UserID, &created, &expires)
	if err == nil {
		if s.CreatedAt, err = parseTS(created); err == nil {
			s.ExpiresAt, err = parseTS(expires)
		}
	}
	if err == nil && !now.Before(s.ExpiresAt) {
		err = sql.ErrNoRows
	}
	return s, notFound(err, "会话不存在或已过期")
}

// DeleteSession implements access.Store.
func (tx *Tx) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteExpiredSessions implements access.Store.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ts(now))
	return err
}
