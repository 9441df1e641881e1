// Package sealed encrypts personal values before they reach the database, with a
// key kept outside it: SM4-GCM for the values, and an HMAC-SM3 blind index for the
// few that are looked up by equality. Domain packages never see it; the store
// seals on write and opens on read.
package sealed

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// KeySize is the length of a master key: 32 random bytes, stored as 64 hex digits.
const KeySize = 32

// Prefix starts every sealed value, so a reader tells sealed text from clear text
// written before a key was given, and a later scheme can be told from this one.
const Prefix = "sm4gcm:v1:"

// IndexPrefix starts every blind index, for the same reasons.
const IndexPrefix = "hsm3:v1:"

// ErrOpen is the error of a sealed value that does not open: the wrong key, or a
// value that was changed or moved from another column.
var ErrOpen = errors.New("sealed: value does not open with this key (wrong key, or tampered or moved value)")

// Key seals and opens values and computes blind indexes. The encryption key and
// the index key are derived apart from the master key, so the index, which is
// deterministic, says nothing about the encryption key, and neither is the master.
type Key struct {
	aead  cipher.AEAD
	index []byte
}

// New derives a Key from a 32-byte master key.
func New(master []byte) (*Key, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("sealed: the key must be %d bytes, not %d", KeySize, len(master))
	}
	enc, err := hkdf.Key(sm3.New, master, nil, "yiwang sealed values sm4-gcm v1", sm4.BlockSize)
	if err != nil {
		return nil, err
	}
	idx, err := hkdf.Key(sm3.New, master, nil, "yiwang blind index hmac-sm3 v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := sm4.NewCipher(enc)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block) // 12-byte nonce, 16-byte tag
	if err != nil {
		return nil, err
	}
	return &Key{aead: aead, index: idx}, nil
}

// Seal encrypts value for the place it is stored, e.g. "applicants.phone": the
// place is authenticated with it, so the sealed text opens nowhere else. A fresh
// random nonce per value means equal values seal differently.
func (k *Key) Seal(place, value string) string {
	nonce := make([]byte, k.aead.NonceSize())
	rand.Read(nonce) // never fails (crypto/rand panics rather)
	out := k.aead.Seal(nonce, nonce, []byte(value), []byte(place))
	return Prefix + base64.RawStdEncoding.EncodeToString(out)
}

// Open decrypts a value that Seal made for place; ErrOpen if it does not
// authenticate. Call it only on text that IsSealed.
func (k *Key) Open(place, sealed string) (string, error) {
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, Prefix))
	if err != nil || !IsSealed(sealed) || len(raw) < k.aead.NonceSize()+k.aead.Overhead() {
		return "", ErrOpen
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], []byte(place))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}

// Index is the blind index of value for equality look-ups in domain (e.g.
// "holder number"): equal values give equal indexes, and without the key the
// index cannot be computed from a guessed value.
func (k *Key) Index(domain, value string) string {
	m := hmac.New(sm3.New, k.index)
	m.Write([]byte(domain))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return IndexPrefix + base64.RawStdEncoding.EncodeToString(m.Sum(nil))
}

// IsSealed reports whether stored text is a sealed value rather than clear text.
func IsSealed(stored string) bool { return strings.HasPrefix(stored, Prefix) }

// Parse reads a master key written as 64 hex digits, surrounding space allowed.
func Parse(text string) (*Key, error) {
	master, err := hex.DecodeString(strings.TrimSpace(text))
	if err != nil || len(master) != KeySize {
		return nil, fmt.Errorf("the key must be %d bytes written as %d hex digits", KeySize, 2*KeySize)
	}
	return New(master)
}

// Load reads a key file. A file that its group or others may read is refused: the
// key is worth as much as all the personal data it seals.
func Load(path string) (*Key, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s is readable by group or others (mode %04o); chmod 600 it", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := Parse(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// Generate writes a new random key to path, readable by its owner only; it never
// overwrites a file, since that would lose the data sealed with the old key.
func Generate(path string) error {
	master := make([]byte, KeySize)
	rand.Read(master)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(f, hex.EncodeToString(master))
	return errors.Join(err, f.Sync(), f.Close())
}
