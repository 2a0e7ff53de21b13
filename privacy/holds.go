package privacy

import (
	"context"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/opstore"
)

// Hold is a legal hold on a subject: litigation, a regulator or an
// investigation needs the records kept, so neither an erasure request nor
// the retention policy deletes them while it lasts.
type Hold struct {
	SubjectID string    `json:"subject_id"`
	SetBy     string    `json:"set_by"`
	SetAt     time.Time `json:"set_at"`
	Reason    string    `json:"reason"`
}

// Held reports whether the subject is under a legal hold.
func Held(ctx context.Context, db migrations.SQL, subjectID string) (bool, error) {
	var n int64
	err := db.Query(ctx, "SELECT COUNT(*) FROM legal_holds WHERE subject_id = ?", []any{subjectID},
		func(scan func(...any) error) error { return scan(&n) })
	return n > 0, err
}

// Holds lists every legal hold, by subject id.
func Holds(ctx context.Context, db migrations.SQL) ([]Hold, error) {
	var out []Hold
	err := db.Query(ctx, "SELECT subject_id, set_by, set_at, reason FROM legal_holds ORDER BY subject_id", nil,
		func(scan func(...any) error) error {
			var h Hold
			var at string
			if err := scan(&h.SubjectID, &h.SetBy, &at, &h.Reason); err != nil {
				return err
			}
			h.SetAt, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, h)
			return nil
		})
	return out, err
}

// SetHold puts a subject under legal hold (replacing an earlier hold's
// reason) and audits it. The reason is a matter or ticket reference.
func SetHold(ctx context.Context, db migrations.SQL, h Hold, role string, now func() time.Time) error {
	if now == nil {
		now = time.Now
	}
	if strings.TrimSpace(h.SubjectID) == "" || strings.TrimSpace(h.SetBy) == "" {
		return mosaic.Errorf(mosaic.EINVALID, "a legal hold needs a subject and who set it")
	}
	h.SetAt = now().UTC()
	return db.InTx(ctx, func(tx migrations.SQL) error {
		_, err := tx.Exec(ctx, "INSERT INTO legal_holds (subject_id, set_by, set_at, reason) VALUES (?, ?, ?, ?) "+
			"ON CONFLICT (subject_id) DO UPDATE SET set_by = excluded.set_by, set_at = excluded.set_at, reason = excluded.reason",
			h.SubjectID, h.SetBy, migrations.FormatTime(h.SetAt), h.Reason)
		if err != nil {
			return err
		}
		return opstore.New(tx, now).Audit(ctx, opstore.AuditEntry{Actor: h.SetBy, Role: role, Action: "hold_set", Target: h.SubjectID, Detail: reasonDetail(h.Reason)})
	})
}

// ReleaseHold lifts a subject's legal hold and audits it; a subject without
// a hold is ENOTFOUND.
func ReleaseHold(ctx context.Context, db migrations.SQL, subjectID, by, role, reason string, now func() time.Time) error {
	if now == nil {
		now = time.Now
	}
	return db.InTx(ctx, func(tx migrations.SQL) error {
		n, err := tx.Exec(ctx, "DELETE FROM legal_holds WHERE subject_id = ?", subjectID)
		if err != nil {
			return err
		}
		if n == 0 {
			return mosaic.Errorf(mosaic.ENOTFOUND, "%s is not under a legal hold", subjectID)
		}
		return opstore.New(tx, now).Audit(ctx, opstore.AuditEntry{Actor: by, Role: role, Action: "hold_release", Target: subjectID, Detail: reasonDetail(reason)})
	})
}

func reasonDetail(reason string) string {
	if reason = strings.TrimSpace(reason); reason != "" {
		return "reason: " + reason
	}
	return ""
}
