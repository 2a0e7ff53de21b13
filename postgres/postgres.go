// Package postgres is mosaic's store for larger deployments: a PostgreSQL
// database reached through pgx, holding the same schema as the embedded
// SQLite store (package migrations) and passing the same suite.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

// DB is a mosaic store in a PostgreSQL database. It is safe for concurrent
// use.
type DB struct {
	pool *pgxpool.Pool
	name string // host:port/database, for messages; never the password

	// rowsPerStatement and copyThreshold pick how rows travel; fields so
	// benchmarks can compare strategies.
	rowsPerStatement int
	copyThreshold    int
}

var _ mosaic.Store = (*DB)(nil)

// How rows travel, measured with BenchmarkSaveSignIns: below copyThreshold
// rows, multi-row INSERTs of rowsPerStatement rows, pipelined in one round
// trip; from it on, COPY into a temporary table and one INSERT ... SELECT,
// which parses no SQL per row. For 5,000 sign-ins COPY took about 0.7x the
// time of the best INSERT (34,000 against 26,000 rows/s, server on the same
// 2 cores); for 100 rows its extra statements made it 1.5x slower; they
// break even between 300 and 500 rows.
const (
	defaultRowsPerStatement = 256
	defaultCopyThreshold    = 500
)

// maxParameters is PostgreSQL's limit on bind parameters per statement.
const maxParameters = 65535

// Open connects to the PostgreSQL database named by dsn (a URL or key=value
// string, as libpq takes) and brings its schema up to date. The schema goes
// to the first schema of the search_path, so search_path=... in the DSN
// keeps several mosaic stores in one database apart. A DSN that cannot be
// parsed, a server that cannot be reached and a schema that cannot be
// migrated are EINVALID errors.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgconn redacts the password from its parse errors.
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "invalid PostgreSQL connection string")
	}
	cc := cfg.ConnConfig
	name := net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port))) + "/" + cc.Database

	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot connect to PostgreSQL at %s", name)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("connecting to PostgreSQL at %s: %w", name, ctx.Err())
		}
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot connect to PostgreSQL at %s", name)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("migrating PostgreSQL at %s: %w", name, ctx.Err())
		}
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot create the mosaic schema in PostgreSQL at %s", name)
	}
	return &DB{pool: pool, name: name,
		rowsPerStatement: defaultRowsPerStatement, copyThreshold: defaultCopyThreshold}, nil
}

// migrate runs the migrations through database/sql, which goose needs,
// over the same pool. Concurrent Opens of one schema wait for each other on
// an advisory lock derived from the schema's name, so stores in other
// schemas of the same database migrate in parallel.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	var schema string
	if err := pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return err
	}
	if schema == "" {
		return errors.New("no schema: the search_path names no existing schema")
	}
	h := fnv.New64a()
	h.Write([]byte(schema))
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(lock.DefaultLockID^int64(h.Sum64()>>1)),
		lock.WithLockTimeout(1, 300), // retry every second for five minutes
	)
	if err != nil {
		return err
	}
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close() // leaves the pool open
	return migrations.Up(ctx, db, migrations.Postgres, goose.WithSessionLocker(locker))
}

// Close closes every connection.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// fail explains an error of a store operation: a cancelled context as such
// (so errors.Is(err, context.Canceled) holds), anything else as a database
// failure.
func (db *DB) fail(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s in PostgreSQL at %s: %w", what, db.name, ctx.Err())
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "40P01" {
		return mosaic.WrapError(mosaic.ECONFLICT, err, "cannot %s in PostgreSQL at %s: deadlock with another writer", what, db.name)
	}
	return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot %s in PostgreSQL at %s", what, db.name)
}

// queryFunc adapts a pgx transaction to migrations.QueryFunc.
func queryFunc(tx pgx.Tx) migrations.QueryFunc {
	return func(ctx context.Context, query string, row func(func(...any) error) error) error {
		rows, err := tx.Query(ctx, query)
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
}
