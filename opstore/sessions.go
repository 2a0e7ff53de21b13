package opstore

import (
	"context"
	"net/netip"
	"time"
	"unicode/utf8"
)

// SessionInfo is one live session as its user sees it on the Sessions
// page (ASVS 3.3.4). Ref names it in forms: the stored hash of the session
// id, which cannot be turned back into the cookie.
type SessionInfo struct {
	Ref       string
	User      string
	Created   time.Time
	LastSeen  time.Time // zero until the session is first extended
	Expires   time.Time
	UserAgent string // shortened
	Client    string // the client's network: IPv4 /24, IPv6 /48
}

// maxUserAgent bounds the user agent kept per session.
const maxUserAgent = 160

// NoteSessionClient records which browser and network a new session came
// from. The address is truncated to its network first (ClientNetwork): the
// full address is never stored.
func (s *Store) NoteSessionClient(ctx context.Context, id, userAgent, remoteIP string) error {
	if len(userAgent) > maxUserAgent {
		userAgent = userAgent[:maxUserAgent]
		for !utf8.ValidString(userAgent) {
			userAgent = userAgent[:len(userAgent)-1]
		}
	}
	_, err := s.db.Exec(ctx, `UPDATE sessions SET user_agent = ?, client = ?, last_seen_at = ? WHERE session_hash = ?`,
		userAgent, ClientNetwork(remoteIP), ts(s.now()), tokenHash(id))
	return err
}

// ClientNetwork truncates an IP address to its network (IPv4 /24, IPv6
// /48): enough to tell home from office, not to single out a household.
// Anything else becomes "".
func ClientNetwork(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	a = a.Unmap()
	bits := 48
	if a.Is4() {
		bits = 24
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return ""
	}
	return p.String()
}

// SessionRef is the Ref of the session with this id.
func SessionRef(id string) string { return tokenHash(id) }

// UserSessions lists a user's live sessions, the most recently used first.
func (s *Store) UserSessions(ctx context.Context, user string) ([]SessionInfo, error) {
	var out []SessionInfo
	err := s.db.Query(ctx, `SELECT session_hash, user_name, created_at, last_seen_at, expires_at, user_agent, client FROM sessions
		WHERE user_name = ? AND expires_at > ? ORDER BY last_seen_at DESC, created_at DESC`, []any{user, ts(s.now())},
		func(scan func(...any) error) error {
			var x SessionInfo
			var created, seen, exp string
			if err := scan(&x.Ref, &x.User, &created, &seen, &exp, &x.UserAgent, &x.Client); err != nil {
				return err
			}
			x.Created, x.LastSeen, x.Expires = parseTS(created), parseTS(seen), parseTS(exp)
			out = append(out, x)
			return nil
		})
	return out, err
}

// EndUserSession ends one of user's sessions by its Ref; false when user
// has no such session (someone else's sessions are never touched).
func (s *Store) EndUserSession(ctx context.Context, user, ref string) (bool, error) {
	n, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE user_name = ? AND session_hash = ?`, user, ref)
	return n > 0, err
}

// EndOtherSessions ends every session of user but the one with id keepID,
// and returns how many it ended.
func (s *Store) EndOtherSessions(ctx context.Context, user, keepID string) (int, error) {
	n, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE user_name = ? AND session_hash <> ?`, user, tokenHash(keepID))
	return int(n), err
}
