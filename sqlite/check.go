package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"

	driver "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// quickCheckBudget bounds the integrity check run on every open: PRAGMA
// quick_check reads every page once (measured in docs/limits.md), so on a
// very large database it is cut short here rather than delay every scan;
// `mosaic db check` runs the full integrity_check without a bound.
const quickCheckBudget = 5 * time.Second

// checkExisting refuses, before anything is written, a database whose file
// is damaged or whose schema was written by a newer mosaic. A new (empty)
// file passes.
func checkExisting(ctx context.Context, db *sql.DB, path string) error {
	if path == Memory {
		return nil
	}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return nil
	}
	if err := quickCheck(ctx, db, path); err != nil {
		return err
	}
	var newer *migrations.NewerSchemaError
	switch err := migrations.CheckNotNewer(ctx, db, migrations.SQLite); {
	case errors.As(err, &newer):
		return mosaic.WrapError(mosaic.EINVALID, err,
			"cannot open database %s: it was written by a newer mosaic (%s); upgrade mosaic to use it", path, newer)
	case err != nil:
		return openError(ctx, path, err)
	}
	return nil
}

// quickCheck runs PRAGMA quick_check for at most quickCheckBudget.
func quickCheck(ctx context.Context, db *sql.DB, path string) error {
	qctx, cancel := context.WithTimeout(ctx, quickCheckBudget)
	defer cancel()
	problems, err := integrity(qctx, db, "quick_check")
	if err != nil && qctx.Err() != nil && ctx.Err() == nil {
		// Out of time: the file opened and its first pages read; the
		// full check is `mosaic db check`.
		return nil
	}
	if err != nil {
		return openError(ctx, path, err)
	}
	if len(problems) > 0 {
		return damaged(path, problems)
	}
	return nil
}

// damaged is the error for a database that fails an integrity check.
func damaged(path string, problems []string) error {
	const show = 3
	more := ""
	if len(problems) > show {
		more = fmt.Sprintf(" (and %d more)", len(problems)-show)
		problems = problems[:show]
	}
	return mosaic.Errorf(mosaic.EINVALID,
		"database %s is damaged: %s%s; restore it from a backup, or move it aside and scan again into a new file (nothing was written to it)",
		path, strings.Join(problems, "; "), more)
}

// integrity runs PRAGMA quick_check or integrity_check and returns the
// problems it lists (none when it says "ok").
func integrity(ctx context.Context, db *sql.DB, pragma string) ([]string, error) {
	rows, err := db.QueryContext(ctx, "PRAGMA "+pragma+"(100)")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}

// Check runs the full PRAGMA integrity_check over the database (every
// page, every index entry against its row), with no time bound. A damaged
// database is an EINVALID error listing the first problems.
func (db *DB) Check(ctx context.Context) error {
	problems, err := integrity(ctx, db.db, "integrity_check")
	if err != nil {
		return db.readError(ctx, "check the integrity", err)
	}
	if len(problems) > 0 {
		return damaged(db.path, problems)
	}
	return nil
}

// writeAttempts bounds how often a write transaction that met SQLITE_BUSY
// is tried: each attempt already waited up to busyTimeoutMillis.
const writeAttempts = 3

// migrateAttempts bounds how often Open retries the migrations when
// another process migrates the same new file at the same moment.
const migrateAttempts = 10

// migrateUp brings the schema up to date. Two processes that open one new
// file at once both see its migrations pending; each migration runs in its
// own write transaction (_txlock=immediate), so SQLite serialises them and
// the loser's transaction fails on a table the winner just created and
// rolls back whole. Running Up again then finds that migration applied and
// goes on. Every failed attempt means another opener committed a
// migration, so a few attempts always suffice; a migration that fails for
// another reason fails every attempt and is reported.
func migrateUp(ctx context.Context, db *sql.DB) error {
	var err error
	for attempt := range migrateAttempts {
		if err = migrations.Up(ctx, db, migrations.SQLite); err == nil || !raced(err) || ctx.Err() != nil {
			return err
		}
		select {
		case <-time.After(time.Duration(attempt+1) * 20 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return err
}

// retryBusy runs fn again while it fails with SQLITE_BUSY, a bounded
// number of times with a growing pause.
func retryBusy(ctx context.Context, attempts int, fn func() error) error {
	var err error
	for attempt := range attempts {
		if err = fn(); err == nil || !isBusy(err) || ctx.Err() != nil {
			return err
		}
		select {
		case <-time.After(time.Duration(attempt+1) * 20 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return err
}

// isBusy reports SQLITE_BUSY or SQLITE_LOCKED: another connection holds a
// lock that it will release.
func isBusy(err error) bool {
	var se *driver.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

// raced reports a migration error that another opener migrating at the
// same moment explains: an object that already exists, or the file locked.
func raced(err error) bool {
	if isBusy(err) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "already exists") || strings.Contains(msg, "duplicate column name")
}

// classify turns a failed database operation into an error a person can
// act on. What the environment causes (a full disk, a read-only file, a
// failing disk, a lock held by another process, a damaged file) is exit 2
// and says what to do; only what mosaic itself got wrong is internal.
func classify(err error, msg, path string) error {
	var me *mosaic.Error
	if errors.As(err, &me) && me.Code != mosaic.EINTERNAL {
		return err // already explained
	}
	var se *driver.Error
	if !errors.As(err, &se) {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "%s", msg)
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "%s: the disk is full; free some space and run again", msg)
	case sqlite3.SQLITE_READONLY:
		return mosaic.WrapError(mosaic.EINVALID, err, "%s: the file or its folder is read-only; make them writable or use another --db", msg)
	case sqlite3.SQLITE_IOERR:
		return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "%s: the disk reported an input/output error (is it failing or disconnected?)", msg)
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "%s: another process kept it locked; run again when it is done", msg)
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return mosaic.WrapError(mosaic.EINVALID, err, "%s: the file is damaged; restore it from a backup, or check it with 'mosaic db check --db %s'", msg, path)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return mosaic.WrapError(mosaic.EINVALID, err, "%s: the file cannot be opened (was it moved, or its permissions changed?)", msg)
	}
	return mosaic.WrapError(mosaic.EINTERNAL, err, "%s", msg)
}
