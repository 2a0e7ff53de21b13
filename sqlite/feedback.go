package sqlite

import (
	"context"
	"database/sql"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

var _ mosaic.FeedbackStore = (*DB)(nil)

// SaveDisposition records an analyst's verdict on a subject, replacing any
// earlier one.
func (db *DB) SaveDisposition(ctx context.Context, d mosaic.Disposition) error {
	return db.write(ctx, "save a disposition", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, migrations.Dispositions.InsertSQL(migrations.SQLite, 1, true), migrations.DispositionArgs(d)...)
		return err
	})
}

// SaveAllowance records a link an analyst explained away.
func (db *DB) SaveAllowance(ctx context.Context, a mosaic.Allowance) error {
	return db.write(ctx, "save an allowance", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, migrations.Allowances.InsertSQL(migrations.SQLite, 1, true), migrations.AllowanceArgs(a)...)
		return err
	})
}

// Feedback returns every disposition and allowance.
func (db *DB) Feedback(ctx context.Context) (*mosaic.Feedback, error) {
	var f *mosaic.Feedback
	err := db.read(ctx, func(q migrations.QueryFunc) (err error) {
		f, err = migrations.ReadFeedback(ctx, q)
		return err
	})
	if err != nil {
		return nil, db.readError(ctx, "read the analyst feedback", err)
	}
	return f, nil
}
