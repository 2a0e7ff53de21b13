package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

var _ migrations.SQL = (*DB)(nil)

// Dialect implements migrations.SQL.
func (db *DB) Dialect() migrations.Dialect { return migrations.Postgres }

// Exec implements migrations.SQL.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := db.pool.Exec(ctx, migrations.Rebind(migrations.Postgres, query), args...)
	if err != nil {
		return 0, db.fail(ctx, "write", err)
	}
	return tag.RowsAffected(), nil
}

// Query implements migrations.SQL.
func (db *DB) Query(ctx context.Context, query string, args []any, row func(func(...any) error) error) error {
	rows, err := db.pool.Query(ctx, migrations.Rebind(migrations.Postgres, query), args...)
	if err == nil {
		err = scanRows(rows, row)
	}
	if err != nil {
		return db.fail(ctx, "read", err)
	}
	return nil
}

// InTx implements migrations.SQL.
func (db *DB) InTx(ctx context.Context, fn func(migrations.SQL) error) error {
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error { return fn(txSQL{tx}) })
	if err != nil {
		return db.fail(ctx, "write", err)
	}
	return nil
}

// ReadRecords streams every stored record (see migrations.ReadRecords).
func (db *DB) ReadRecords(ctx context.Context, emit func(mosaic.Record) error) error {
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		return migrations.ReadRecords(ctx, migrations.Postgres, queryFunc(tx), emit)
	})
	if err != nil {
		return db.fail(ctx, "read the stored records", err)
	}
	return nil
}

func scanRows(rows pgx.Rows, row func(func(...any) error) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

type txSQL struct{ tx pgx.Tx }

func (t txSQL) Dialect() migrations.Dialect { return migrations.Postgres }

func (t txSQL) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, migrations.Rebind(migrations.Postgres, query), args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (t txSQL) Query(ctx context.Context, query string, args []any, row func(func(...any) error) error) error {
	rows, err := t.tx.Query(ctx, migrations.Rebind(migrations.Postgres, query), args...)
	if err != nil {
		return err
	}
	return scanRows(rows, row)
}

func (t txSQL) InTx(ctx context.Context, fn func(migrations.SQL) error) error { return fn(t) }

// KeyFingerprint implements secret.KeyStore.
func (db *DB) KeyFingerprint(ctx context.Context) (string, bool, error) {
	return migrations.KeyFingerprint(ctx, db)
}

// SetKeyFingerprint implements secret.KeyStore.
func (db *DB) SetKeyFingerprint(ctx context.Context, fingerprint string) error {
	return migrations.SetKeyFingerprint(ctx, db, fingerprint, time.Now())
}
