package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/mosaic-sec/mosaic/migrations"
)

// Sign-ins arrive by the million, keyed by uuids in random order. Upserted
// straight into signins, every transaction rewrote pages all over the uuid
// key and the actor and ip indexes; once those outgrew the page cache, each
// transaction cost in proportion to everything stored before it, and the
// huge simulated company (20 million events) was still loading after half
// an hour. So SaveRecords appends sign-ins to signins_load, a plain table
// without key or index, and FinishRecords moves them into signins in one
// statement, in uuid order (the key is then written front to back); for a
// large load it drops the two secondary indexes first and builds them again
// afterwards, by sorting, which is how SQLite builds an index fastest.
//
// signins_load is the adapter's working table, not part of the schema
// (PostgreSQL has COPY and needs none): Open creates it when missing, and
// anything left in it by an interrupted scan is moved at the next
// FinishRecords, Counts or Digest.

const loadTableName = "signins_load"

// signInsLoad has the columns of signins under the working table's name.
var signInsLoad = &migrations.Table{Name: loadTableName, Columns: migrations.SignIns.Columns, KeyColumns: migrations.SignIns.KeyColumns}

// defaultRebuildIndexesFrom: from this many staged sign-ins on, the
// secondary indexes are dropped and built again rather than updated row by
// row (DB.rebuildIndexesFrom, which tests lower).
const defaultRebuildIndexesFrom = 100_000

func createLoadTable(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+loadTableName+" AS SELECT * FROM signins WHERE 0"); err != nil {
		return err
	}
	// A working table made before a migration added columns to signins
	// gets them too (columns are only ever added, at the end, as text).
	have := map[string]bool{}
	rows, err := db.QueryContext(ctx, "SELECT name FROM pragma_table_info('"+loadTableName+"')")
	if err != nil {
		return err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		have[name] = true
	}
	rows.Close()
	for _, c := range migrations.SignIns.Columns {
		if !have[c.Name] {
			if _, err := db.ExecContext(ctx, "ALTER TABLE "+loadTableName+" ADD COLUMN "+c.Name+" TEXT NOT NULL DEFAULT ''"); err != nil {
				return err
			}
		}
	}
	return nil
}

// FinishRecords moves staged sign-ins into signins. The scan calls it once
// its records are saved; reads call it too, so they never miss a staged row.
func (db *DB) FinishRecords(ctx context.Context) error {
	// Sorting 20 million rows spills to temporary files; with the
	// connections' temp_store(MEMORY) they would be held in RAM. The pragma
	// cannot change inside a transaction, so the move runs on one pinned
	// connection that switches to files around it.
	select {
	case db.writeLock <- struct{}{}:
		defer func() { <-db.writeLock }()
	case <-ctx.Done():
		return db.saveError(ctx, "sign-ins", ctx.Err())
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return db.saveError(ctx, "sign-ins", err)
	}
	defer conn.Close()
	staged, err := stagedSignIns(ctx, conn)
	if err != nil || staged == 0 {
		return db.saveErrorIf(ctx, "sign-ins", err)
	}
	if db.path != Memory {
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
			return db.saveError(ctx, "sign-ins", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY")
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return db.saveError(ctx, "sign-ins", err)
	}
	if err := moveSignIns(ctx, tx, staged >= int64(db.rebuildIndexesFrom)); err != nil {
		tx.Rollback()
		return db.saveError(ctx, "sign-ins", err)
	}
	if err := tx.Commit(); err != nil {
		return db.saveError(ctx, "sign-ins", err)
	}
	return nil
}

// stagedSignIns estimates how many rows wait in signins_load from its rowid
// range, which SQLite reads from the ends of the b-tree (count(*) would
// walk all of it).
func stagedSignIns(ctx context.Context, conn *sql.Conn) (int64, error) {
	var lo, hi sql.NullInt64
	err := conn.QueryRowContext(ctx, "SELECT min(rowid), max(rowid) FROM "+loadTableName).Scan(&lo, &hi)
	if err != nil || !hi.Valid {
		return 0, err
	}
	return hi.Int64 - lo.Int64 + 1, nil
}

func moveSignIns(ctx context.Context, tx *sql.Tx, rebuildIndexes bool) error {
	var stored bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM signins)").Scan(&stored); err != nil {
		return err
	}
	var indexes []string
	if rebuildIndexes {
		var err error
		if indexes, err = dropIndexes(ctx, tx, "signins"); err != nil {
			return err
		}
	}
	cols := strings.Join(migrations.SignIns.ColumnNames(), ", ")
	var move string
	if stored {
		// Upsert in read order: the last record of a uuid wins, and a
		// stored row that is unchanged is not rewritten.
		move = "INSERT INTO signins (" + cols + ") SELECT " + cols + " FROM " + loadTableName +
			" WHERE true ORDER BY uuid, rowid" + upsertClause(migrations.SignIns)
	} else {
		// Nothing stored: plain inserts, newest record of each uuid first
		// so that OR IGNORE keeps it (OR IGNORE cannot fail halfway, so
		// SQLite keeps no statement journal).
		move = "INSERT OR IGNORE INTO signins (" + cols + ") SELECT " + cols + " FROM " + loadTableName +
			" ORDER BY uuid, rowid DESC"
	}
	if _, err := tx.ExecContext(ctx, move); err != nil {
		return fmt.Errorf("moving staged sign-ins: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+loadTableName); err != nil {
		return fmt.Errorf("clearing staged sign-ins: %w", err)
	}
	for _, create := range indexes {
		if _, err := tx.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("rebuilding a sign-in index: %w", err)
		}
	}
	return nil
}

// dropIndexes drops table's secondary indexes and returns the statements
// that create them again, as the schema wrote them.
func dropIndexes(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx,
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name", table)
	if err != nil {
		return nil, err
	}
	var names, creates []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return nil, err
		}
		names, creates = append(names, name), append(creates, create)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return nil, err
		}
	}
	return creates, nil
}

// upsertClause is InsertSQL's ON CONFLICT clause.
func upsertClause(t *migrations.Table) string {
	q := t.InsertSQL(migrations.SQLite, 1, true)
	return q[strings.Index(q, " ON CONFLICT"):]
}
