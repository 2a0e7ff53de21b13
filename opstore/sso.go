package opstore

import (
	"context"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// SSOPrefix starts the name of every account made by single sign-on
// ("oidc:" and the identity provider's subject). Local accounts may not use
// it, so a password can never be set on a person the provider vouches for.
const SSOPrefix = "oidc:"

// ssoPasswordHash stands in for the password of an SSO account: it is not
// a PHC hash, so CheckPassword refuses every password against it.
const ssoPasswordHash = "!sso"

// SSOUser records a person the identity provider signed in, with the role
// their groups map to this time, and returns the account. An account an
// admin disabled stays disabled (Disabled is set and the role is not
// changed); a local account of the same name is never taken over.
func (s *Store) SSOUser(ctx context.Context, subject, role string) (*User, error) {
	if subject == "" || len(subject) > 255 || strings.ContainsAny(subject, "\x00\r\n") {
		return nil, mosaic.Errorf(mosaic.EINVALID, "the identity provider's subject is empty or unusable")
	}
	if role != RoleViewer && role != RoleAnalyst && role != RoleAdmin {
		return nil, mosaic.Errorf(mosaic.EINVALID, "role %q: a person is a viewer, analyst or admin", role)
	}
	name := SSOPrefix + subject
	_, err := s.db.Exec(ctx, `INSERT INTO users (name, role, password_hash, created_at, disabled) VALUES (?, ?, ?, ?, 0)
		ON CONFLICT (name) DO UPDATE SET role = excluded.role WHERE users.password_hash = ? AND users.disabled = 0`,
		name, role, ssoPasswordHash, ts(s.now()), ssoPasswordHash)
	if err != nil {
		return nil, err
	}
	var u User
	var hash, created string
	var disabled int64
	found := false
	err = s.db.Query(ctx, `SELECT name, role, password_hash, created_at, disabled FROM users WHERE name = ?`, []any{name},
		func(scan func(...any) error) error {
			found = true
			return scan(&u.Name, &u.Role, &hash, &created, &disabled)
		})
	if err != nil {
		return nil, err
	}
	if !found || hash != ssoPasswordHash {
		return nil, mosaic.Errorf(mosaic.ECONFLICT, "a local account is named %s", name)
	}
	u.CreatedAt, u.Disabled = parseTS(created), disabled != 0
	return &u, nil
}
