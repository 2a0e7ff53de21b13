package secret

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// fakeKeyStore is a database that remembers a key fingerprint.
type fakeKeyStore struct {
	fp      string
	hasData bool
}

func (f *fakeKeyStore) KeyFingerprint(context.Context) (string, bool, error) {
	return f.fp, f.hasData, nil
}

func (f *fakeKeyStore) SetKeyFingerprint(_ context.Context, fp string) error {
	f.fp = fp
	return nil
}

// TestOpenNeverReplacesALostKey: a key file deleted while the database
// holds hashed data is an error naming the file and the remedy, never a
// silent new key; --new-key is the deliberate way out.
func TestOpenNeverReplacesALostKey(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "mosaic.key")
	db := &fakeKeyStore{}

	h1, opened, err := Open(ctx, path, db, "m.db", false)
	if err != nil || !opened.Created {
		t.Fatalf("first open: %v %+v", err, opened)
	}
	if db.fp != h1.Fingerprint() {
		t.Fatalf("fingerprint not recorded: %q", db.fp)
	}
	db.hasData = true
	if _, opened, err := Open(ctx, path, db, "m.db", false); err != nil || opened.Created {
		t.Fatalf("reopen: %v %+v", err, opened)
	}

	os.Remove(path)
	_, _, err = Open(ctx, path, db, "m.db", false)
	if mosaic.ExitCode(err) != 2 || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--new-key") ||
		!strings.Contains(err.Error(), "restore the key file") {
		t.Fatalf("missing key with data: exit %d, %v", mosaic.ExitCode(err), err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a new key file was written")
	}
	// Data but no recorded fingerprint (a database from before 00005): refused too.
	if _, _, err := Open(ctx, path, &fakeKeyStore{hasData: true}, "m.db", false); mosaic.ExitCode(err) != 2 {
		t.Fatalf("missing key, old database with data: %v", err)
	}

	h2, opened, err := Open(ctx, path, db, "m.db", true)
	if err != nil || !opened.Created || !opened.Replaced || h2.Fingerprint() == h1.Fingerprint() || db.fp != h2.Fingerprint() {
		t.Fatalf("--new-key: %v %+v", err, opened)
	}
}

// TestOpenRefusesAnotherKey: a key file that is not the database's is
// refused, and the file is left alone.
func TestOpenRefusesAnotherKey(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	mine, other := filepath.Join(dir, "mine.key"), filepath.Join(dir, "other.key")
	db := &fakeKeyStore{}
	if _, _, err := Open(ctx, mine, db, "m.db", false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := CreateKey(other); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(other)
	_, _, err := Open(ctx, other, db, "m.db", false)
	if mosaic.ExitCode(err) != 2 || !strings.Contains(err.Error(), "the key file "+other+" does not match the one the database m.db was written with") {
		t.Fatalf("other key: %v", err)
	}
	if _, _, err := Open(ctx, other, db, "m.db", true); err != nil {
		t.Fatalf("other key with --new-key: %v", err)
	}
	after, _ := os.ReadFile(other)
	if string(before) != string(after) {
		t.Fatal("--new-key rewrote an existing key file")
	}
}

func TestFingerprintRevealsNoKey(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	fp := Fingerprint(key)
	if !strings.HasPrefix(fp, "k1:") || strings.Contains(fp, "30313233") || fp != Fingerprint(key) || fp == Fingerprint([]byte("0123456789abcdef0123456789abcdeX")) {
		t.Fatalf("fingerprint %q", fp)
	}
}
