package secret

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHashIsKeyedAndFieldSeparated(t *testing.T) {
	a, _ := NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	b, _ := NewHasher([]byte("fedcba9876543210fedcba9876543210"))
	again, _ := NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	if a.Hash("ssn", "123456789") != again.Hash("ssn", "123456789") {
		t.Fatal("hash is not deterministic")
	}
	if a.Hash("ssn", "123456789") == b.Hash("ssn", "123456789") {
		t.Fatal("different keys gave the same hash")
	}
	if a.Hash("ssn", "123456789") == a.Hash("account_number", "123456789") {
		t.Fatal("fields collide")
	}
	if got := a.Hash("ssn", ""); got != "" {
		t.Fatalf("empty value hashed to %q", got)
	}
	if h := a.Hash("ssn", "123456789"); strings.Contains(h, "123456789") {
		t.Fatal("plain value visible in hash")
	}
	if strings.Contains(a.String(), "0123") {
		t.Fatal("String leaks the key")
	}
}

func TestShortKeyRejected(t *testing.T) {
	if _, err := NewHasher([]byte("short")); err == nil {
		t.Fatal("want an error for a short key")
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "mosaic.key")
	k1, created, err := LoadOrCreateKey(path)
	if err != nil || !created || len(k1) != KeySize {
		t.Fatalf("create: %v created=%v len=%d", err, created, len(k1))
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", st.Mode().Perm())
	}
	k2, created, err := LoadOrCreateKey(path)
	if err != nil || created || string(k1) != string(k2) {
		t.Fatalf("reload: %v created=%v same=%v", err, created, string(k1) == string(k2))
	}
	bad := filepath.Join(t.TempDir(), "bad.key")
	os.WriteFile(bad, []byte("not hex"), 0o600)
	if _, _, err := LoadOrCreateKey(bad); err == nil {
		t.Fatal("want an error for a malformed key file")
	}
}
