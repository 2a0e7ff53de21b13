package opstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
)

// TestPasswordPolicy (ASVS 2.1.1, 2.1.2, 2.1.7, 2.1.9): at least 12 and at
// most 128 characters, any characters (spaces and Unicode included, no
// composition rules), not a well-known password, not the user name.
func TestPasswordPolicy(t *testing.T) {
	_, ops := openStore(t)
	ctx := t.Context()
	for _, pw := range []string{
		"short pass", strings.Repeat("x", 129), "password1234", "Password1234", "qwerty123456", "correct horse battery staple",
		"aaaaaaaaaaaaaaaa", "MOSAIC123456", "my name is carol-ann!",
	} {
		err := ops.AddUser(ctx, "carol-ann", opstore.RoleViewer, pw)
		if mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Errorf("password %q: %v, want refused", pw, err)
		} else if strings.Contains(err.Error(), pw) {
			t.Errorf("the refusal repeats the password: %v", err)
		}
	}
	for _, pw := range []string{"twelve chars", strings.Repeat("ž", 128), "horse correct staple battery 🐎", "Zx9!q  w e r t"} {
		if err := ops.AddUser(ctx, "carol-ann", opstore.RoleViewer, pw); err != nil {
			t.Errorf("password %q refused: %v", pw, err)
		}
		if u, err := ops.Authenticate(ctx, "carol-ann", pw); err != nil || u == nil {
			t.Errorf("password %q does not log in: %v", pw, err)
		}
	}
}

// TestPasswordsAndTokensStoredHashed (ASVS 2.4.1, 2.4.4, 3.2.x, 6.2.x):
// the users table holds an argon2id PHC hash (64 MiB, 3 passes), never
// the password; tokens and sessions are stored as SHA-256 hashes; a
// token is 32 random bytes with a prefix secret scanners know.
func TestPasswordsAndTokensStoredHashed(t *testing.T) {
	db, ops := openStore(t)
	ctx := t.Context()
	const pw = "a perfectly fine passphrase"
	if err := ops.AddUser(ctx, "dan", opstore.RoleAnalyst, pw); err != nil {
		t.Fatal(err)
	}
	tok, err := ops.CreateToken(ctx, "ats", opstore.RoleIngest, "dan")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, "mosaic_") || len(tok) < len("mosaic_")+43 {
		t.Errorf("token %q", tok)
	}
	sess, err := ops.CreateSession(ctx, "dan", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, q := range []string{`SELECT password_hash FROM users`, `SELECT token_hash FROM api_tokens`, `SELECT session_hash || ' ' || csrf FROM sessions`} {
		err := db.Query(ctx, q, nil, func(scan func(...any) error) error {
			var s string
			if err := scan(&s); err != nil {
				return err
			}
			stored = append(stored, s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	all := strings.Join(stored, "\n")
	if !strings.HasPrefix(stored[0], "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Errorf("password hash %q", stored[0])
	}
	for _, secret := range []string{pw, tok, sess.ID} {
		if strings.Contains(all, secret) {
			t.Errorf("a secret is stored in the clear: %q", secret)
		}
	}
	if opstore.CheckPassword(stored[0], "a perfectly fine passphrasE") || !opstore.CheckPassword(stored[0], pw) {
		t.Error("CheckPassword")
	}
}

// TestSessionEnds (ASVS 3.3.1, 3.3.3): a deleted session, an expired one,
// one of a user whose password changed, and one of a disabled user are
// not sessions; an extended one lives on.
func TestSessionEnds(t *testing.T) {
	_, ops := openStore(t)
	ctx := t.Context()
	if err := ops.AddUser(ctx, "eve", opstore.RoleViewer, "a perfectly fine passphrase"); err != nil {
		t.Fatal(err)
	}
	live := func(id string) bool {
		s, err := ops.SessionByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return s != nil
	}
	a, _ := ops.CreateSession(ctx, "eve", time.Hour)
	b, _ := ops.CreateSession(ctx, "eve", time.Hour)
	short, _ := ops.CreateSession(ctx, "eve", time.Millisecond)
	time.Sleep(5 * time.Millisecond)
	if !live(a.ID) || live(short.ID) || live("made-up") {
		t.Fatal("live / expired / unknown sessions")
	}
	if err := ops.ExtendSession(ctx, a.ID, time.Now().Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if s, _ := ops.SessionByID(ctx, a.ID); s == nil || s.Expires.Before(time.Now().Add(90*time.Minute)) || s.Created.IsZero() {
		t.Fatalf("extended session %+v", s)
	}
	if err := ops.DeleteSession(ctx, b.ID); err != nil || live(b.ID) {
		t.Fatal("a deleted session lives")
	}
	if err := ops.AddUser(ctx, "eve", opstore.RoleViewer, "another fine passphrase"); err != nil {
		t.Fatal(err)
	}
	if live(a.ID) {
		t.Fatal("a session survived a password change")
	}
}
