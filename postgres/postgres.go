// Package postgres is mosaic's store for larger deployments: a PostgreSQL
// database reached through pgx, holding the same schema as the embedded
// SQLite store (package migrations) and passing the same suite.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

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
	return classify(err, fmt.Sprintf("cannot %s in PostgreSQL at %s", what, db.name))
}

// classify turns a failed operation into an error a person can act on:
// what the environment causes (a server that went away or is shutting
// down, a full disk, a read-only server, a refused password) is exit 2 and
// says so; only what mosaic itself got wrong is internal.
func classify(err error, msg string) error {
	var me *mosaic.Error
	if errors.As(err, &me) && me.Code != mosaic.EINTERNAL {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "40P01":
			return mosaic.WrapError(mosaic.ECONFLICT, err, "%s: deadlock with another writer", msg)
		case pgErr.Code == "53100":
			return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "%s: the server's disk is full", msg)
		case strings.HasPrefix(pgErr.Code, "53"):
			return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "%s: the server is out of resources", msg)
		case pgErr.Code == "25006":
			return mosaic.WrapError(mosaic.EINVALID, err, "%s: the server is read-only (a standby?); use the primary", msg)
		case strings.HasPrefix(pgErr.Code, "28"):
			return mosaic.WrapError(mosaic.EUNAUTHORIZED, err, "%s: the server refused the user or password", msg)
		case pgErr.Code == "42501":
			return mosaic.WrapError(mosaic.EFORBIDDEN, err, "%s: the user lacks a privilege", msg)
		case strings.HasPrefix(pgErr.Code, "08"), strings.HasPrefix(pgErr.Code, "57P"):
			return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "%s: the server closed the connection or is shutting down", msg)
		}
		return mosaic.WrapError(mosaic.EINTERNAL, err, "%s", msg)
	}
	if lostConnection(err) {
		return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "%s: the connection to the server was lost", msg)
	}
	return mosaic.WrapError(mosaic.EINTERNAL, err, "%s", msg)
}

// lostConnection reports an error of the connection rather than of the
// statement: a network error, a connection the server or a proxy closed.
func lostConnection(err error) bool {
	var netErr net.Error
	var connErr *pgconn.ConnectError
	return errors.As(err, &netErr) || errors.As(err, &connErr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		pgconn.SafeToRetry(err)
}

// transient reports a failure that trying the same transaction again may
// get past: a connection reset or closed by an administrator's restart, a
// server starting up, a serialization failure or a deadlock.
func transient(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "40001", "40P01", "57P01", "57P02", "57P03", "08000", "08003", "08006":
			return true
		}
		return false
	}
	return lostConnection(err)
}

// retryAttempts and retryPause bound how often a transaction that failed
// transiently is tried again, and the first pause (doubled each time).
const (
	retryAttempts = 4
	retryPause    = 200 * time.Millisecond
)

// retry runs fn, a whole transaction that is safe to run again (the saves
// upsert or replace, so a transaction that did commit before the
// connection dropped is simply repeated), again after a transient failure.
func retry(ctx context.Context, fn func() error) error {
	pause := retryPause
	var err error
	for attempt := range retryAttempts {
		if err = fn(); err == nil || !transient(err) || ctx.Err() != nil || attempt == retryAttempts-1 {
			return err
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return err
		}
		pause *= 2
	}
	return err
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
