package access

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"

	"golang.org/x/crypto/bcrypt"

	"yiwang/internal/apperr"
)

// bcrypt cost 11 keeps a login near 100 ms on one core: slow for a guesser, quick for a person.
const bcryptCost = 11

// HashPassword returns the bcrypt hash of password, which CheckNewPassword has
// accepted.
func HashPassword(password string) (string, error) {
	if len(password) > maxPasswordBytes { // bcrypt ignores what follows; refuse rather than pretend
		return "", apperr.Invalidf("password", "密码不能超过%d字节", maxPasswordBytes)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	return string(h), err
}

// CheckPassword reports whether password matches hash.
func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// dummyHash is compared against when a username does not exist, so that a login's
// time does not tell whether the account exists.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not-a-real-password"), bcryptCost)

// BurnPasswordCheck spends the time of one password check.
func BurnPasswordCheck(password string) {
	_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
}

// NewToken returns a random session token and the hash under which it is stored:
// only the hash is kept, so a copy of the database gives no usable sessions.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", errors.Join(errors.New("access: no randomness for token"), err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token), nil
}

// TokenHash returns the stored form of a session token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
