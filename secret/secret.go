// Package secret turns sensitive identifiers (SSN, date of birth, bank
// account and routing numbers, wallet addresses) into keyed hashes, so that
// mosaic can link on equality without ever storing the plain values.
//
// The key lives in its own file, outside the database: whoever copies the
// database alone cannot test guesses of an SSN against it.
package secret

import (
	"context"
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
// new key was made. It is for keys no database depends on (a scan kept in
// memory, a throwaway evaluation); a key that hashes what a database keeps
// goes through Open, which never replaces a lost key silently.
func LoadOrCreateKey(path string) (key []byte, created bool, err error) {
	key, err = LoadKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, false, err
	}
	return CreateKey(path)
}

// LoadKey reads the key file at path. A missing file is an ENOTFOUND error
// that wraps fs.ErrNotExist.
func LoadKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, mosaic.WrapError(mosaic.ENOTFOUND, err, "the key file %s does not exist", path)
	case err != nil:
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the key file %s", path)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(key) < 16 {
		return nil, mosaic.Errorf(mosaic.EINVALID, "the key file %s is not a hex key of at least 16 bytes", path)
	}
	return key, nil
}

// CreateKey writes a fresh random key to a new file at path (mode 0600).
// An existing file is never overwritten: if another process created it
// first, its key is read and created is false.
func CreateKey(path string) (key []byte, created bool, err error) {
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot make a random key")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot create the folder for the key file %s", path)
		}
	}
	// The key is written to a temporary file and linked into place, which
	// fails if the name exists: if two scans start at once, one wins and
	// the other reads its key, and nobody ever reads a half-written file.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mosaic-key-*")
	if err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot create the key file %s", path)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot create the key file %s", path)
	}
	if _, err := fmt.Fprintln(tmp, hex.EncodeToString(key)); err != nil {
		tmp.Close()
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot write the key file %s", path)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot write the key file %s", path)
	}
	if err := tmp.Close(); err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot write the key file %s", path)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			key, err := LoadKey(path)
			return key, false, err
		}
		// A file system without hard links: create the name exclusively.
		return createExclusive(path, key)
	}
	return key, true, nil
}

// createExclusive writes key to path with O_EXCL, for file systems that
// cannot link.
func createExclusive(path string, key []byte) ([]byte, bool, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		key, err := LoadKey(path)
		return key, false, err
	}
	if err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot create the key file %s", path)
	}
	if _, err := fmt.Fprintln(f, hex.EncodeToString(key)); err != nil {
		f.Close()
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot write the key file %s", path)
	}
	if err := f.Close(); err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot write the key file %s", path)
	}
	return key, true, nil
}

// Fingerprint identifies a key without revealing it: the HMAC, under the
// key, of a fixed string. A database keeps it so that a scan run with
// another key (a lost key replaced, a key file of another installation)
// is refused instead of writing hashes that never link to the stored ones.
// The fixed string is not a value anyone hashes, so the fingerprint tells
// nothing about any stored hash.
func Fingerprint(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("mosaic key check v1"))
	return "k1:" + hex.EncodeToString(m.Sum(nil)[:16])
}

// Fingerprint returns the fingerprint of the Hasher's key.
func (h *Hasher) Fingerprint() string { return Fingerprint(h.key) }

// KeyStore is a database that remembers which key its hashes were made
// with. Both mosaic stores implement it.
type KeyStore interface {
	// KeyFingerprint returns the stored key fingerprint ("" when none),
	// and whether the database already holds records or results.
	KeyFingerprint(ctx context.Context) (fingerprint string, hasData bool, err error)
	// SetKeyFingerprint records the fingerprint of the key now in use.
	SetKeyFingerprint(ctx context.Context, fingerprint string) error
}

// Opened says what Open did.
type Opened struct {
	Created  bool // a new key file was written
	Replaced bool // the database's recorded key was replaced (newKey)
}

// Open loads the key at path for the database db (named dbName in
// messages) and checks it against the fingerprint the database recorded.
//
// A missing key file is created only when the database holds nothing a key
// could have hashed; otherwise it is an error that names the file and the
// remedy, because a new key silently breaks every link to what is stored.
// A key that does not match the recorded fingerprint is refused the same
// way. newKey is the deliberate way out: a missing key file is created, and
// the key in use becomes the database's key (earlier hashes no longer
// link). An existing key file is never overwritten.
func Open(ctx context.Context, path string, db KeyStore, dbName string, newKey bool) (*Hasher, Opened, error) {
	var res Opened
	stored, hasData, err := db.KeyFingerprint(ctx)
	if err != nil {
		return nil, res, err
	}
	key, err := LoadKey(path)
	switch {
	case err == nil:
	case !errors.Is(err, fs.ErrNotExist):
		return nil, res, err
	case (stored != "" || hasData) && !newKey:
		return nil, res, mosaic.Errorf(mosaic.EINVALID,
			"the key file %s is missing, but the database %s already holds data hashed with a key: "+
				"restore the key file (from the backup kept apart from the database), "+
				"or pass --new-key to start over with a new key (stored SSN, birth date and account hashes will then no longer link)",
			path, dbName)
	default:
		if key, res.Created, err = CreateKey(path); err != nil {
			return nil, res, err
		}
	}
	fp := Fingerprint(key)
	if stored != "" && stored != fp && !newKey {
		return nil, res, mosaic.Errorf(mosaic.EINVALID,
			"the key file %s does not match the one the database %s was written with: "+
				"use the key file that belongs to this database (--key FILE), "+
				"or pass --new-key to make this key the database's from now on (stored hashes will then no longer link)",
			path, dbName)
	}
	if stored != fp {
		if err := db.SetKeyFingerprint(ctx, fp); err != nil {
			return nil, res, err
		}
		res.Replaced = stored != ""
	}
	h, err := NewHasher(key)
	return h, res, err
}
