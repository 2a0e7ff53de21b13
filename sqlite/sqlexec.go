package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

var _ migrations.SQL = (*DB)(nil)

// Dialect implements migrations.SQL.
func (db *DB) Dialect() migrations.Dialect { return migrations.SQLite }

// Exec implements migrations.SQL: one statement in its own write
// transaction, queued behind this process's other writers.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := db.write(ctx, "write", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}

// Query implements migrations.SQL.
func (db *DB) Query(ctx context.Context, query string, args []any, row func(func(...any) error) error) error {
	if err := queryRows(ctx, db.db, query, args, row); err != nil {
		return db.readError(ctx, "read", err)
	}
	return nil
}

// InTx implements migrations.SQL.
func (db *DB) InTx(ctx context.Context, fn func(migrations.SQL) error) error {
	return db.write(ctx, "write", func(tx *sql.Tx) error { return fn(txSQL{tx}) })
}

// ReadRecords streams every stored record (see migrations.ReadRecords),
// after moving any staged sign-ins into place.
func (db *DB) ReadRecords(ctx context.Context, emit func(mosaic.Record) error) error {
	if err := db.FinishRecords(ctx); err != nil {
		return err
	}
	err := db.read(ctx, func(q migrations.QueryFunc) error {
		return migrations.ReadRecords(ctx, migrations.SQLite, q, emit)
	})
	if err != nil {
		return db.readError(ctx, "read the stored records", err)
	}
	return nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryRows(ctx context.Context, q querier, query string, args []any, row func(func(...any) error) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// txSQL is migrations.SQL inside one write transaction.
type txSQL struct{ tx *sql.Tx }

func (t txSQL) Dialect() migrations.Dialect { return migrations.SQLite }

func (t txSQL) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := t.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t txSQL) Query(ctx context.Context, query string, args []any, row func(func(...any) error) error) error {
	return queryRows(ctx, t.tx, query, args, row)
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
