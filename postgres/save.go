package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

// SaveRecords writes the batch in one transaction, table by table, upserting
// by natural key: re-saving the same rows changes nothing (a row whose
// columns are all equal is not even rewritten, so a re-scan leaves no dead
// tuples).
func (db *DB) SaveRecords(ctx context.Context, batch []mosaic.Record) error {
	tables, err := migrations.EncodeRecords(batch)
	if err != nil {
		return err
	}
	if len(tables) == 0 {
		return nil
	}
	err = retry(ctx, func() error {
		return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
			for i := range tables {
				var err error
				if rows := &tables[i]; rows.Len() >= db.copyThreshold {
					err = db.copyUpsert(ctx, tx, rows)
				} else {
					err = db.insert(ctx, tx, rows, true)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return db.fail(ctx, "save records", err)
	}
	return nil
}

// SaveResults replaces every stored subject, signal, cluster and link with
// the report's, in one transaction.
func (db *DB) SaveResults(ctx context.Context, r *mosaic.Report) error {
	tables, err := migrations.EncodeReport(r)
	if err != nil {
		return err
	}
	err = retry(ctx, func() error {
		return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
			// Two SaveResults at once would each delete only what they can see
			// and then collide on inserting; the lock makes the second wait
			// for the first and then replace its results. Readers are not
			// blocked.
			if _, err := tx.Exec(ctx, "LOCK TABLE subjects, signals, clusters, links IN SHARE ROW EXCLUSIVE MODE"); err != nil {
				return err
			}
			// Children first, so the foreign keys never see an orphan.
			for i := len(migrations.ResultTables) - 1; i >= 0; i-- {
				t := migrations.ResultTables[i]
				if _, err := tx.Exec(ctx, "DELETE FROM "+t.Name); err != nil {
					return fmt.Errorf("clearing %s: %w", t.Name, err)
				}
			}
			for i := range tables {
				if err := db.insert(ctx, tx, &tables[i], false); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return db.fail(ctx, "save results", err)
	}
	return nil
}

// insert writes rows with multi-row INSERTs of up to rowsPerStatement rows,
// sent as one pipelined batch: one round trip whatever the row count.
func (db *DB) insert(ctx context.Context, tx pgx.Tx, rows *migrations.Rows, upsert bool) error {
	t := rows.Table
	width := len(t.Columns)
	chunk := max(1, min(db.rowsPerStatement, maxParameters/width))
	n := rows.Len()
	if n == 0 {
		return nil
	}
	var b pgx.Batch
	for start := 0; start < n; start += chunk {
		size := min(chunk, n-start)
		b.Queue(t.InsertSQL(migrations.Postgres, size, upsert), rows.Values[start*width:(start+size)*width]...)
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("inserting into %s: %w", t.Name, err)
	}
	return nil
}

// copyUpsert streams rows into a temporary table with COPY and upserts them
// from there in one statement. The temporary table lives as long as the
// connection and is emptied at every commit.
func (db *DB) copyUpsert(ctx context.Context, tx pgx.Tx, rows *migrations.Rows) error {
	t := rows.Table
	tmp := "mosaic_load_" + t.Name
	if _, err := tx.Exec(ctx, "CREATE TEMP TABLE IF NOT EXISTS "+tmp+
		" (LIKE "+t.Name+" INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"); err != nil {
		return fmt.Errorf("creating %s: %w", tmp, err)
	}
	src := pgx.CopyFromSlice(rows.Len(), func(i int) ([]any, error) { return rows.Row(i), nil })
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{tmp}, t.ColumnNames(), src); err != nil {
		return fmt.Errorf("copying into %s: %w", tmp, err)
	}
	if _, err := tx.Exec(ctx, t.UpsertFromSQL(tmp)); err != nil {
		return fmt.Errorf("upserting into %s: %w", t.Name, err)
	}
	return nil
}
