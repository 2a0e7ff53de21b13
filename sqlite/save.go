package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

// SaveRecords writes the batch in one transaction, table by table, upserting
// by natural key: re-saving the same rows changes nothing.
func (db *DB) SaveRecords(ctx context.Context, batch []mosaic.Record) error {
	tables, err := migrations.EncodeRecords(batch)
	if err != nil {
		return err
	}
	if len(tables) == 0 {
		return nil
	}
	return db.write(ctx, "records", func(tx *sql.Tx) error {
		stmts := newStatements(tx)
		defer stmts.close()
		for i := range tables {
			rows, upsert := &tables[i], true
			if rows.Table == migrations.SignIns {
				// Staged, and moved into place by FinishRecords.
				rows, upsert = &migrations.Rows{Table: signInsLoad, Values: rows.Values}, false
			}
			if err := db.insert(ctx, stmts, rows, upsert); err != nil {
				return err
			}
		}
		return nil
	})
}

// SaveResults replaces every stored subject, signal, cluster and link with
// the report's, in one transaction.
func (db *DB) SaveResults(ctx context.Context, r *mosaic.Report) error {
	tables, err := migrations.EncodeReport(r)
	if err != nil {
		return err
	}
	return db.write(ctx, "results", func(tx *sql.Tx) error {
		// Children first, so the foreign keys never see an orphan.
		for i := len(migrations.ResultTables) - 1; i >= 0; i-- {
			t := migrations.ResultTables[i]
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t.Name); err != nil {
				return fmt.Errorf("clearing %s: %w", t.Name, err)
			}
		}
		stmts := newStatements(tx)
		defer stmts.close()
		for i := range tables {
			if err := db.insert(ctx, stmts, &tables[i], false); err != nil {
				return err
			}
		}
		return nil
	})
}

// write runs fn in a write transaction and commits it, or rolls it back and
// explains the failure.
func (db *DB) write(ctx context.Context, what string, fn func(*sql.Tx) error) error {
	select {
	case db.writeLock <- struct{}{}:
		defer func() { <-db.writeLock }()
	case <-ctx.Done():
		return db.saveError(ctx, what, ctx.Err())
	}
	// The busy timeout already waited for another process's lock; a
	// transaction that still met SQLITE_BUSY (a lock held longer, or a
	// deadlock SQLite broke by failing one side at once) is rolled back
	// whole and tried again a few times before giving up.
	err := retryBusy(ctx, writeAttempts, func() error {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		return db.saveError(ctx, what, err)
	}
	return nil
}

// saveErrorIf is saveError for a possibly nil error.
func (db *DB) saveErrorIf(ctx context.Context, what string, err error) error {
	if err == nil {
		return nil
	}
	return db.saveError(ctx, what, err)
}

// saveError reports a cancelled context as such (so callers can tell
// errors.Is(err, context.Canceled)); anything else is a database failure.
func (db *DB) saveError(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("saving %s to %s: %w", what, db.path, ctx.Err())
	}
	return classify(err, fmt.Sprintf("cannot save %s to database %s", what, db.path), db.path)
}

// insert writes rows with multi-row INSERT statements of up to
// rowsPerStatement rows, each distinct statement prepared once.
//
// With upsert, a chunk first goes in as INSERT OR IGNORE, which adds the
// new rows and skips those whose key is stored; only when some were skipped
// does the chunk run again as the ON CONFLICT DO UPDATE upsert. The detour
// pays: a statement that may abort halfway (any upsert into NOT NULL
// columns) makes SQLite copy every page it touches into a statement journal,
// which cost a fresh scan a third of its time, while OR IGNORE cannot abort.
// When a chunk turns out to hold only stored, unchanged rows (a re-scan),
// the next chunks go straight to the upsert until one changes something.
func (db *DB) insert(ctx context.Context, stmts *statements, rows *migrations.Rows, upsert bool) error {
	t := rows.Table
	width := len(t.Columns)
	chunk := max(1, min(db.rowsPerStatement, maxVariables/width))
	n := rows.Len()
	ignoreFirst := true
	for start := 0; start < n; start += chunk {
		size := min(chunk, n-start)
		args := rows.Values[start*width : (start+size)*width]
		if !upsert {
			if _, err := stmts.exec(ctx, t, size, insertPlain, args); err != nil {
				return err
			}
			continue
		}
		if ignoreFirst {
			added, err := stmts.exec(ctx, t, size, insertIgnore, args)
			if err != nil {
				return err
			}
			if added == int64(size) {
				continue
			}
		}
		changed, err := stmts.exec(ctx, t, size, insertUpsert, args)
		if err != nil {
			return err
		}
		ignoreFirst = changed > 0
	}
	return nil
}

// insertMode is which INSERT a statement is.
type insertMode int

const (
	insertPlain  insertMode = iota // INSERT
	insertIgnore                   // INSERT OR IGNORE: new rows only
	insertUpsert                   // INSERT ... ON CONFLICT DO UPDATE
)

// statements prepares each distinct statement of a transaction once: a
// batch runs the same full-chunk INSERT many times.
type statements struct {
	tx *sql.Tx
	m  map[statementKey]*sql.Stmt
}

type statementKey struct {
	table *migrations.Table
	rows  int
	mode  insertMode
}

func newStatements(tx *sql.Tx) *statements {
	return &statements{tx: tx, m: map[statementKey]*sql.Stmt{}}
}

func (s *statements) get(ctx context.Context, t *migrations.Table, rows int, mode insertMode) (*sql.Stmt, error) {
	k := statementKey{t, rows, mode}
	if st, ok := s.m[k]; ok {
		return st, nil
	}
	query := t.InsertSQL(migrations.SQLite, rows, mode == insertUpsert)
	if mode == insertIgnore {
		query = "INSERT OR IGNORE" + strings.TrimPrefix(query, "INSERT")
	}
	st, err := s.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("preparing insert into %s: %w", t.Name, err)
	}
	s.m[k] = st
	return st, nil
}

// exec runs the statement for rows rows of t in mode and returns how many
// rows it inserted or updated.
func (s *statements) exec(ctx context.Context, t *migrations.Table, rows int, mode insertMode, args []any) (int64, error) {
	st, err := s.get(ctx, t, rows, mode)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", t.Name, err)
	}
	return res.RowsAffected()
}

func (s *statements) close() {
	for _, st := range s.m {
		st.Close()
	}
}
