// Package sqlite is mosaic's embedded store: one SQLite file, written through
// the pure-Go modernc.org/sqlite driver, so the mosaic binary needs no C
// toolchain and no server. It implements mosaic.Store with the schema of
// package migrations.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/mosaic-sec/mosaic"

	driver "modernc.org/sqlite" // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Memory is the path of a private in-memory database, for tests and dry
// runs; it vanishes on Close.
const Memory = ":memory:"

// busyTimeoutMillis is how long a connection waits for another process's
// write lock before giving up with SQLITE_BUSY.
const busyTimeoutMillis = 10000

// Page and cache sizes, measured with BenchmarkSaveSignIns. A batch dirties
// pages all over three indexes; with 64 KiB pages (the largest SQLite has)
// that is fewer pages to split, fewer WAL frames (each costs two write
// calls) and fewer checkpoint copies: 4 KiB pages ran about 1.8x slower,
// 16 KiB 1.2x. The cache holds a whole batch and then some, so nothing spills to
// the WAL before commit; the WAL is checkpointed at about the cache's size.
const (
	pageSize           = 64 << 10
	cacheBytes         = 64 << 20
	checkpointWALBytes = 64 << 20
)

// maxOpenConns bounds the pool: each connection carries its own page cache.
const maxOpenConns = 4

// maxVariables is SQLite's limit on bind parameters per statement
// (SQLITE_MAX_VARIABLE_NUMBER, 32766 since SQLite 3.32).
const maxVariables = 32766

// defaultRowsPerStatement is how many rows one INSERT carries. Multi-row
// statements beat one prepared single-row statement per row by about 1.5x
// on modernc (BenchmarkSaveSignIns: 47,000 against 32,000 rows/s on a
// shared 2-core machine): each Exec crosses database/sql and the driver
// once, whatever its row count. From 128 to 1,489 rows (the parameter
// limit) the rate is flat; 128 keeps the statements small.
const defaultRowsPerStatement = 128

// DB is a mosaic store in one SQLite file. It is safe for concurrent use.
type DB struct {
	db   *sql.DB
	path string

	// writeLock (a one-slot semaphore) serialises this process's write
	// transactions, so they queue in Go, where a cancelled context lets a
	// waiter go, rather than spin on SQLite's busy handler; busy_timeout
	// still covers other processes.
	writeLock chan struct{}

	// rowsPerStatement is a field rather than a constant so benchmarks can
	// compare strategies; 1 means one single-row statement per row.
	rowsPerStatement int

	// rebuildIndexesFrom is how many staged sign-ins make FinishRecords
	// rebuild the secondary indexes (a field so tests can reach it).
	rebuildIndexesFrom int
}

var _ mosaic.Store = (*DB)(nil)

// Open opens the SQLite database at path, creating the file if needed, and
// brings its schema up to date. Connections use WAL journaling (readers do
// not block the writer), synchronous=NORMAL (durable at checkpoints, safe
// against corruption: a crash loses at most the last transactions, which a
// re-scan rewrites), a busy timeout and foreign keys. A path that cannot be
// opened is an EINVALID error saying why.
func Open(ctx context.Context, path string) (*DB, error) {
	dsn, err := dataSourceName(path)
	if err != nil {
		return nil, err
	}
	sqlDB, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot open database %s", path)
	}
	sqlDB.SetMaxOpenConns(maxOpenConns)
	if path == Memory {
		// Every connection to :memory: is a different database.
		sqlDB.SetMaxOpenConns(1)
	}
	// Connecting switches a new file to WAL, which needs the file to
	// itself for a moment: another process doing the same at that moment
	// makes it fail with SQLITE_BUSY at once, whatever the busy timeout,
	// so it is tried again.
	err = retryBusy(ctx, migrateAttempts, func() error { return sqlDB.PingContext(ctx) })
	if err != nil {
		sqlDB.Close()
		return nil, openError(ctx, path, err)
	}
	if err := retryBusy(ctx, migrateAttempts, func() error { return checkExisting(ctx, sqlDB, path) }); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if err := migrateUp(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, openError(ctx, path, err)
	}
	if err := createLoadTable(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, openError(ctx, path, err)
	}
	return &DB{db: sqlDB, path: path, writeLock: make(chan struct{}, 1),
		rowsPerStatement: defaultRowsPerStatement, rebuildIndexesFrom: defaultRebuildIndexesFrom}, nil
}

// dataSourceName checks path and turns it into a modernc DSN. The path goes
// in a file: URI, escaped, so a '?' or '#' in a file name stays part of it.
func dataSourceName(path string) (string, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMillis))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_txlock", "immediate") // writers take the lock up front: no deadlocked upgrades
	switch path {
	case "":
		return "", mosaic.Errorf(mosaic.EINVALID, "no database path given")
	case Memory:
		return "file::memory:?" + q.Encode(), nil
	}
	// page_size only takes effect on a new file, before journal_mode
	// writes the header: the driver applies _pragma entries first and the
	// _journal_mode shorthand after them.
	q.Add("_pragma", fmt.Sprintf("page_size(%d)", pageSize))
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", cacheBytes>>10)) // negative: KiB
	// Statement journals (kept by any INSERT that may fail halfway, such as
	// the upsert fallback and result inserts) stay in memory rather than
	// spilling to temporary files.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", checkpointWALBytes/pageSize))
	// A large transaction (moving millions of staged sign-ins) grows the
	// WAL to its size; once checkpointed, the file is cut back to this
	// rather than kept at its largest.
	q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", checkpointWALBytes))
	q.Add("_journal_mode", "WAL")
	q.Add("_synchronous", "NORMAL")

	abs, err := filepath.Abs(path)
	if err != nil {
		return "", mosaic.WrapError(mosaic.EINVALID, err, "cannot open database %s", path)
	}
	dir := filepath.Dir(abs)
	switch st, err := os.Stat(dir); {
	case errors.Is(err, os.ErrNotExist):
		return "", mosaic.Errorf(mosaic.EINVALID, "cannot open database %s: folder %s does not exist", path, dir)
	case err != nil:
		return "", mosaic.WrapError(mosaic.EINVALID, err, "cannot open database %s: folder %s cannot be read", path, dir)
	case !st.IsDir():
		return "", mosaic.Errorf(mosaic.EINVALID, "cannot open database %s: %s is not a folder", path, dir)
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return "", mosaic.Errorf(mosaic.EINVALID, "cannot open database %s: it is a folder, not a database file", path)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String(), nil
}

// openError explains why an existing path could not be opened.
func openError(ctx context.Context, path string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("opening database %s: %w", path, ctx.Err())
	}
	var se *driver.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary result code
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
			return mosaic.WrapError(mosaic.EINVALID, err,
				"cannot open database %s: the file cannot be created or opened (is its folder writable?)", path)
		case sqlite3.SQLITE_READONLY:
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot open database %s: it is read-only", path)
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot open database %s: it is not a SQLite database", path)
		}
	}
	return mosaic.WrapError(mosaic.EINVALID, err, "cannot open database %s", path)
}

// Path returns the path the store was opened with.
func (db *DB) Path() string { return db.path }

// Close closes the database; a WAL checkpoint folds the log into the file.
func (db *DB) Close() error {
	if err := db.db.Close(); err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot close database %s", db.path)
	}
	return nil
}
