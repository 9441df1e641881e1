package access

import (
	"context"
	"time"
)

// Session is a login: the token's hash, never the token.
type Session struct {
	TokenHash string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Store is the storage of accounts, implemented by the store package inside a transaction.
type Store interface {
	// CreateUser inserts u and sets its ID; Conflict (code username_taken) if the name exists.
	CreateUser(ctx context.Context, u *User) error
	// FindUserByUsername and FindUserByID return NotFound if there is no such user.
	FindUserByUsername(ctx context.Context, username string) (*User, error)
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUsers returns at most limit users (0: all) with an ID above after, by ID.
	FindUsers(ctx context.Context, after int64, limit int) ([]User, error)
	CreateSession(ctx context.Context, s Session) error
	// FindSession returns NotFound for an unknown or expired session.
	FindSession(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions removes the sessions that expired by now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) error
}
