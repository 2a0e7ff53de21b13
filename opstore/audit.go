package opstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

// AuditEntry is one line of the audit log: who did what, when, from where.
// Detail never holds personal data or secrets: a reveal names the field
// and the reason, not the value.
type AuditEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Role     string    `json:"role"`
	Action   string    `json:"action"`
	Target   string    `json:"target"`
	Detail   string    `json:"detail"`
	Remote   string    `json:"remote"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// chainHash is the entry's hash: over its content and the previous hash,
// each field length-prefixed so no two entries can be spliced into one.
func chainHash(e AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{e.PrevHash, strconv.FormatInt(e.Seq, 10), ts(e.At), e.Actor, e.Role, e.Action, e.Target, e.Detail, e.Remote} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Audit appends an entry. Entries are never updated or deleted.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	return s.db.InTx(ctx, func(tx migrations.SQL) error {
		var last int64
		var prev string
		err := tx.Query(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`, nil,
			func(scan func(...any) error) error { return scan(&last, &prev) })
		if err != nil {
			return err
		}
		e.Seq, e.PrevHash = last+1, prev
		e.At = s.now().UTC()
		e.Hash = chainHash(e)
		_, err = tx.Exec(ctx, `INSERT INTO audit_log (seq, at, actor, role, action, target, detail, remote, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, ts(e.At), e.Actor, e.Role, e.Action, e.Target, e.Detail, e.Remote, e.PrevHash, e.Hash)
		return err
	})
}

// AuditLog returns the entries with seq > after at or after since, oldest
// first, at most limit (0: all).
func (s *Store) AuditLog(ctx context.Context, since time.Time, limit int) ([]AuditEntry, error) {
	q := `SELECT seq, at, actor, role, action, target, detail, remote, prev_hash, hash FROM audit_log WHERE at >= ? ORDER BY seq`
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	var out []AuditEntry
	err := s.db.Query(ctx, q, []any{ts(since)}, func(scan func(...any) error) error {
		var e AuditEntry
		var at string
		if err := scan(&e.Seq, &at, &e.Actor, &e.Role, &e.Action, &e.Target, &e.Detail, &e.Remote, &e.PrevHash, &e.Hash); err != nil {
			return err
		}
		e.At = parseTS(at)
		out = append(out, e)
		return nil
	})
	return out, err
}

// VerifyAudit walks the whole chain and reports the first entry whose hash
// or link does not hold (a changed, removed or inserted entry), with the
// number of entries checked.
func (s *Store) VerifyAudit(ctx context.Context) (int, error) {
	entries, err := s.AuditLog(ctx, time.Time{}, 0)
	if err != nil {
		return 0, err
	}
	prev := ""
	for i, e := range entries {
		if e.Seq != int64(i+1) {
			return i, mosaic.Errorf(mosaic.ECONFLICT, "audit log broken at entry %d: entry %d is missing", e.Seq, i+1)
		}
		if e.PrevHash != prev {
			return i, mosaic.Errorf(mosaic.ECONFLICT, "audit log broken at entry %d: it does not follow entry %d", e.Seq, i)
		}
		if chainHash(e) != e.Hash {
			return i, mosaic.Errorf(mosaic.ECONFLICT, "audit log broken at entry %d: its content was changed", e.Seq)
		}
		prev = e.Hash
	}
	return len(entries), nil
}
