package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/mosaic-sec/mosaic/migrations"
)

// Counts returns the number of rows in every table of the schema.
func (db *DB) Counts(ctx context.Context) (map[string]int64, error) {
	var counts map[string]int64
	err := db.read(ctx, func(q migrations.QueryFunc) (err error) {
		counts, err = migrations.Counts(ctx, q)
		return err
	})
	if err != nil {
		return nil, db.fail(ctx, "count rows", err)
	}
	return counts, nil
}

// Digest returns a SHA-256 over the content of every table, rows in key
// order, read from one snapshot. Equal content gives an equal digest, on
// PostgreSQL and SQLite alike.
func (db *DB) Digest(ctx context.Context) (string, error) {
	var digest string
	err := db.read(ctx, func(q migrations.QueryFunc) (err error) {
		digest, err = migrations.Digest(ctx, migrations.Postgres, q)
		return err
	})
	if err != nil {
		return "", db.fail(ctx, "digest", err)
	}
	return digest, nil
}

// read runs fn in a read-only REPEATABLE READ transaction: every query sees
// the same snapshot.
func (db *DB) read(ctx context.Context, fn func(migrations.QueryFunc) error) error {
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	return pgx.BeginTxFunc(ctx, db.pool, opts, func(tx pgx.Tx) error {
		return fn(queryFunc(tx))
	})
}
