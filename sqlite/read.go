package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/mosaic-sec/mosaic/migrations"
)

// Counts returns the number of rows in every table of the schema.
func (db *DB) Counts(ctx context.Context) (map[string]int64, error) {
	if err := db.FinishRecords(ctx); err != nil {
		return nil, err
	}
	var counts map[string]int64
	err := db.read(ctx, func(q migrations.QueryFunc) (err error) {
		counts, err = migrations.Counts(ctx, q)
		return err
	})
	if err != nil {
		return nil, db.readError(ctx, "count rows", err)
	}
	return counts, nil
}

// Digest returns a SHA-256 over the content of every table, rows in key
// order, read from one snapshot. Equal content gives an equal digest, on
// SQLite and PostgreSQL alike.
func (db *DB) Digest(ctx context.Context) (string, error) {
	if err := db.FinishRecords(ctx); err != nil {
		return "", err
	}
	var digest string
	err := db.read(ctx, func(q migrations.QueryFunc) (err error) {
		digest, err = migrations.Digest(ctx, migrations.SQLite, q)
		return err
	})
	if err != nil {
		return "", db.readError(ctx, "digest", err)
	}
	return digest, nil
}

// read runs fn in a read-only transaction: under WAL, one consistent
// snapshot that does not block writers.
func (db *DB) read(ctx context.Context, fn func(migrations.QueryFunc) error) error {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(func(ctx context.Context, query string, row func(func(...any) error) error) error {
		return queryRows(ctx, tx, query, nil, row)
	})
}

func (db *DB) readError(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s in %s: %w", what, db.path, ctx.Err())
	}
	return classify(err, fmt.Sprintf("cannot %s in database %s", what, db.path), db.path)
}
