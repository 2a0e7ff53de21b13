package migrations

import (
	"context"
	"time"
)

// KeyFingerprint returns the key fingerprint stored in key_check ("" when
// none) and whether the database holds any record or result, that is
// anything a hashing key could have gone into.
func KeyFingerprint(ctx context.Context, db SQL) (fingerprint string, hasData bool, err error) {
	err = db.Query(ctx, "SELECT fingerprint FROM key_check WHERE id = 1", nil, func(scan func(...any) error) error {
		return scan(&fingerprint)
	})
	if err != nil {
		return "", false, err
	}
	// EXISTS stops at the first row: cheap on a table of millions.
	for _, t := range append(append([]*Table{}, RecordTables...), ResultTables...) {
		var n int64
		err := db.Query(ctx, "SELECT CASE WHEN EXISTS (SELECT 1 FROM "+t.Name+") THEN 1 ELSE 0 END", nil,
			func(scan func(...any) error) error { return scan(&n) })
		if err != nil {
			return "", false, err
		}
		if n > 0 {
			return fingerprint, true, nil
		}
	}
	return fingerprint, false, nil
}

// SetKeyFingerprint records the fingerprint of the key in use, replacing
// any earlier one.
func SetKeyFingerprint(ctx context.Context, db SQL, fingerprint string, now time.Time) error {
	_, err := db.Exec(ctx, "INSERT INTO key_check (id, fingerprint, set_at) VALUES (1, ?, ?) "+
		"ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, set_at = excluded.set_at",
		fingerprint, now.UTC().Format(time.RFC3339))
	return err
}
