package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

var _ mosaic.FeedbackStore = (*DB)(nil)

// SaveDisposition records an analyst's verdict on a subject, replacing any
// earlier one.
func (db *DB) SaveDisposition(ctx context.Context, d mosaic.Disposition) error {
	_, err := db.pool.Exec(ctx, migrations.Dispositions.InsertSQL(migrations.Postgres, 1, true), migrations.DispositionArgs(d)...)
	if err != nil {
		return db.fail(ctx, "save a disposition", err)
	}
	return nil
}

// SaveAllowance records a link an analyst explained away.
func (db *DB) SaveAllowance(ctx context.Context, a mosaic.Allowance) error {
	_, err := db.pool.Exec(ctx, migrations.Allowances.InsertSQL(migrations.Postgres, 1, true), migrations.AllowanceArgs(a)...)
	if err != nil {
		return db.fail(ctx, "save an allowance", err)
	}
	return nil
}

// Feedback returns every disposition and allowance.
func (db *DB) Feedback(ctx context.Context) (*mosaic.Feedback, error) {
	var f *mosaic.Feedback
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) (err error) {
		f, err = migrations.ReadFeedback(ctx, queryFunc(tx))
		return err
	})
	if err != nil {
		return nil, db.fail(ctx, "read the analyst feedback", err)
	}
	return f, nil
}
