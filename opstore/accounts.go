package opstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/mosaic-sec/mosaic"
)

// Argon2id parameters: RFC 9106's second recommended option (64 MiB,
// three passes), with four lanes.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 4
	argonKeyLen  = 32
)

// HashPassword returns the PHC-format argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches a HashPassword hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<21 || t == 0 || t > 20 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// User is a person's account.
type User struct {
	Name      string
	Role      string
	CreatedAt time.Time
	Disabled  bool
}

// MinPasswordLength is the shortest password accepted (ASVS 2.1.1), and
// MaxPasswordLength the longest (ASVS 2.1.2: at least 64 allowed, more
// than 128 refused).
const (
	MinPasswordLength = 12
	MaxPasswordLength = 128
)

// commonPasswords are well-known passwords long enough to pass the length
// rule (ASVS 2.1.7, a small list rather than a breach corpus): from the
// published top-password lists, keyboard walks, and this product's name.
var commonPasswords = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`
		123456789012 1234567890123 12345678901234 123456789000 098765432100 1234567890qwerty qwerty1234567890
		1234567890!@# 1q2w3e4r5t6y 1q2w3e4r5t6y7u 1qaz2wsx3edc 1qazxsw23edc zaq12wsxcde3 q1w2e3r4t5y6 qazwsxedcrfv
		qwertyuiop12 qwertyuiopas qwertyuiop[] qwertyuiopasdfghjkl asdfghjkl123 zxcvbnm12345 qwerty123456
		password1234 password12345 password123! password!234 passwordpassword passw0rd1234 p@ssw0rd1234 p@$$w0rd1234
		iloveyou1234 iloveyou!!!! welcome12345 welcome@1234 letmein12345 administrator admin1234567 adminadmin12
		changeme1234 changemenow! abc123456789 abcdefghijkl abcd1234abcd trustno1trustno1 football1234 baseball1234
		superman1234 princess1234 sunshine1234 monkey123456 dragon123456 master123456 starwars1234 whatever1234
		correcthorsebatterystaple mosaicmosaic mosaic123456 mosaic-password mosaicpassword
	`) {
		commonPasswords[p] = true
	}
}

// passwordProblem says why a password is refused, or "".
func passwordProblem(name, password string) string {
	n := len([]rune(password))
	switch {
	case n < MinPasswordLength:
		return fmt.Sprintf("the password must be at least %d characters", MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("the password must be at most %d characters", MaxPasswordLength)
	}
	lower := strings.ToLower(password)
	squeezed := strings.ReplaceAll(lower, " ", "")
	if commonPasswords[lower] || commonPasswords[squeezed] || strings.Count(lower, lower[:1]) == len(lower) {
		return "the password is a well-known one; choose another"
	}
	if len(name) >= 4 && strings.Contains(lower, strings.ToLower(name)) {
		return "the password must not contain the user name"
	}
	return ""
}

// AddUser creates or replaces a local account.
func (s *Store) AddUser(ctx context.Context, name, role, password string) error {
	if name == "" || strings.ContainsAny(name, " \t\r\n") {
		return mosaic.Errorf(mosaic.EINVALID, "a user name is one word, not %q", name)
	}
	if strings.HasPrefix(name, SSOPrefix) {
		return mosaic.Errorf(mosaic.EINVALID, "user names starting %q belong to single sign-on accounts", SSOPrefix)
	}
	if !ValidRole(role) || role == RoleIngest {
		return mosaic.Errorf(mosaic.EINVALID, "role %q: a person is a viewer, analyst or admin", role)
	}
	if p := passwordProblem(name, password); p != "" {
		return mosaic.Errorf(mosaic.EINVALID, "%s", p)
	}
	h, err := HashPassword(password)
	if err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot hash the password")
	}
	_, err = s.db.Exec(ctx, `INSERT INTO users (name, role, password_hash, created_at, disabled) VALUES (?, ?, ?, ?, 0)
		ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, disabled = 0`,
		name, role, h, ts(s.now()))
	if err != nil {
		return err
	}
	// A new password (or role) ends every session of the account
	// (ASVS 3.3.3): whoever held the old password is logged out.
	return s.EndSessions(ctx, name)
}

// Authenticate checks a user name and password; it returns nil for an
// unknown user, a disabled one or a wrong password alike.
func (s *Store) Authenticate(ctx context.Context, name, password string) (*User, error) {
	var u User
	var hash, created string
	var disabled int64
	found := false
	err := s.db.Query(ctx, `SELECT name, role, password_hash, created_at, disabled FROM users WHERE name = ?`, []any{name},
		func(scan func(...any) error) error {
			found = true
			return scan(&u.Name, &u.Role, &hash, &created, &disabled)
		})
	if err != nil {
		return nil, err
	}
	if !found {
		// Spend the same time as a real check, so timing does not tell
		// which names exist.
		CheckPassword(dummyHash, password)
		return nil, nil
	}
	if !CheckPassword(hash, password) || disabled != 0 {
		return nil, nil
	}
	u.CreatedAt = parseTS(created)
	return &u, nil
}

// dummyHash is checked against when the user does not exist.
const dummyHash = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$V2VsbCB0aGlzIGlzIG5vdCBhIHJlYWwgaGFzaCE"

// Users lists the accounts.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var out []User
	err := s.db.Query(ctx, `SELECT name, role, created_at, disabled FROM users ORDER BY name`, nil, func(scan func(...any) error) error {
		var u User
		var created string
		var disabled int64
		if err := scan(&u.Name, &u.Role, &created, &disabled); err != nil {
			return err
		}
		u.CreatedAt, u.Disabled = parseTS(created), disabled != 0
		out = append(out, u)
		return nil
	})
	return out, err
}

// Token is an API token's record; the token itself is never stored.
type Token struct {
	Name      string
	Role      string
	CreatedAt time.Time
	CreatedBy string
	Revoked   bool
}

// tokenPrefix marks mosaic tokens, so secret scanners can find leaked ones.
const tokenPrefix = "mosaic_"

// CreateToken makes a new API token for role and returns it; only its hash
// is kept.
func (s *Store) CreateToken(ctx context.Context, name, role, by string) (string, error) {
	if !ValidRole(role) {
		return "", mosaic.Errorf(mosaic.EINVALID, "role %q: choose one of %s", role, strings.Join(Roles, ", "))
	}
	if name == "" {
		return "", mosaic.Errorf(mosaic.EINVALID, "a token needs a name (--name) saying what uses it")
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", mosaic.WrapError(mosaic.EINTERNAL, err, "cannot make a random token")
	}
	tok := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	_, err := s.db.Exec(ctx, `INSERT INTO api_tokens (token_hash, name, role, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, '')`,
		tokenHash(tok), name, role, ts(s.now()), by)
	if err != nil {
		return "", err
	}
	return tok, nil
}

// TokenRole returns the token's name and role, or "" for an unknown or
// revoked token.
func (s *Store) TokenRole(ctx context.Context, token string) (name, role string, err error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return "", "", nil
	}
	err = s.db.Query(ctx, `SELECT name, role FROM api_tokens WHERE token_hash = ? AND revoked_at = ''`, []any{tokenHash(token)},
		func(scan func(...any) error) error { return scan(&name, &role) })
	return name, role, err
}

// RevokeToken revokes every token of that name; it reports how many.
func (s *Store) RevokeToken(ctx context.Context, name string) (int64, error) {
	return s.db.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at = ''`, ts(s.now()), name)
}

// Tokens lists the tokens (never the secrets).
func (s *Store) Tokens(ctx context.Context) ([]Token, error) {
	var out []Token
	err := s.db.Query(ctx, `SELECT name, role, created_at, created_by, revoked_at FROM api_tokens ORDER BY created_at, name`, nil,
		func(scan func(...any) error) error {
			var t Token
			var created, revoked string
			if err := scan(&t.Name, &t.Role, &created, &t.CreatedBy, &revoked); err != nil {
				return err
			}
			t.CreatedAt, t.Revoked = parseTS(created), revoked != ""
			out = append(out, t)
			return nil
		})
	return out, err
}

func tokenHash(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// Session is a browser's log-in.
type Session struct {
	ID      string // the cookie value; only its hash is stored
	User    string
	Role    string
	CSRF    string
	Created time.Time
	// Expires is when the session ends unless used before: the server
	// moves it on as the session is used (an idle timeout), never past
	// the session's absolute lifetime.
	Expires time.Time
}

// CreateSession starts a session for user lasting ttl.
func (s *Store) CreateSession(ctx context.Context, user string, ttl time.Duration) (*Session, error) {
	id, csrf := randomText(32), randomText(32)
	now := s.now()
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (session_hash, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		tokenHash(id), user, csrf, ts(now), ts(now.Add(ttl)))
	if err != nil {
		return nil, err
	}
	return &Session{ID: id, User: user, CSRF: csrf, Created: now, Expires: now.Add(ttl)}, nil
}

// SessionByID returns a live session with its user's current role, or nil.
func (s *Store) SessionByID(ctx context.Context, id string) (*Session, error) {
	var out *Session
	err := s.db.Query(ctx, `SELECT s.user_name, u.role, s.csrf, s.created_at, s.expires_at FROM sessions s JOIN users u ON u.name = s.user_name
		WHERE s.session_hash = ? AND u.disabled = 0`, []any{tokenHash(id)},
		func(scan func(...any) error) error {
			var x Session
			var created, exp string
			if err := scan(&x.User, &x.Role, &x.CSRF, &created, &exp); err != nil {
				return err
			}
			x.ID, x.Created, x.Expires = id, parseTS(created), parseTS(exp)
			out = &x
			return nil
		})
	if err != nil || out == nil || !s.now().Before(out.Expires) {
		return nil, err
	}
	return out, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE session_hash = ?`, tokenHash(id))
	return err
}

// ExtendSession moves a live session's end to expires (the idle timeout
// restarting as the session is used) and notes it as last seen now.
func (s *Store) ExtendSession(ctx context.Context, id string, expires time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE session_hash = ?`, ts(expires), ts(s.now()), tokenHash(id))
	return err
}

// EndSessions ends every session of a user, and forgets sessions that
// have expired.
func (s *Store) EndSessions(ctx context.Context, user string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE user_name = ? OR expires_at < ?`, user, ts(s.now()))
	return err
}

func randomText(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the platform has no randomness: nothing is safe
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
