// Package secret turns sensitive identifiers (SSN, date of birth, bank
// account and routing numbers, wallet addresses) into keyed hashes, so that
// mosaic can link on equality without ever storing the plain values.
//
// The key lives in its own file, outside the database: whoever copies the
// database alone cannot test guesses of an SSN against it.
package secret

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// KeySize is the length of a key in bytes.
const KeySize = 32

// Hasher computes HMAC-SHA-256 over field and value. It implements mosaic.Hasher.
type Hasher struct {
	key []byte
}

var _ mosaic.Hasher = (*Hasher)(nil)

// NewHasher returns a Hasher with the given key.
func NewHasher(key []byte) (*Hasher, error) {
	if len(key) < 16 {
		return nil, mosaic.Errorf(mosaic.EINVALID, "the hashing key is too short (%d bytes; want at least 16)", len(key))
	}
	return &Hasher{key: append([]byte(nil), key...)}, nil
}

// Hash returns "h1:" and the hex HMAC of field and value; "" for an empty
// value. The field is part of the message so an SSN and an account number
// with the same digits do not collide.
func (h *Hasher) Hash(field, value string) string {
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(field))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return "h1:" + hex.EncodeToString(m.Sum(nil)[:16])
}

// String never shows the key, so a Hasher printed by accident into a log
// leaks nothing.
func (h *Hasher) String() string { return "secret.Hasher{key:redacted}" }

// LoadOrCreateKey reads the key file at path, or creates it with a fresh
// random key (mode 0600) when it does not exist. created reports whether a
// new key was made: a new key means earlier hashes in an existing database
// no longer match, which the caller should say.
func LoadOrCreateKey(path string) (key []byte, created bool, err error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		key, err = hex.DecodeString(strings.TrimSpace(string(data)))
		if err != nil || len(key) < 16 {
			return nil, false, mosaic.Errorf(mosaic.EINVALID, "the key file %s is not a hex key of at least 16 bytes", path)
		}
		return key, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the key file %s", path)
	}
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot make a random key")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot create the folder for the key file %s", path)
		}
	}
	// O_EXCL: if two scans start at once, one wins and the other reads its key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadOrCreateKey(path)
	}
	if err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot create the key file %s", path)
	}
	defer f.Close()
	if _, err := fmt.Fprintln(f, hex.EncodeToString(key)); err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot write the key file %s", path)
	}
	return key, true, f.Close()
}
