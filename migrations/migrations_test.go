package migrations_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"

	"github.com/mosaic-sec/mosaic/migrations"
)

func openMemory(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one connection, one in-memory database
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSchemaMatchesTables holds 00001_schema.sql and tables.go together:
// every table the Go side writes exists with exactly its columns, in order.
// (The PostgreSQL store checks the same on PostgreSQL.)
func TestSchemaMatchesTables(t *testing.T) {
	db := openMemory(t)
	if err := migrations.Up(t.Context(), db, migrations.SQLite); err != nil {
		t.Fatalf("Up: %v", err)
	}
	for _, tb := range migrations.AllTables {
		rows, err := db.QueryContext(t.Context(), "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", tb.Name)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		var keys int
		for rows.Next() {
			var name, typ string
			var pk int
			if err := rows.Scan(&name, &typ, &pk); err != nil {
				t.Fatal(err)
			}
			names = append(names, name)
			if pk > 0 {
				keys++
			}
			c := tb.Columns[min(len(names), len(tb.Columns))-1]
			want := map[migrations.ColumnType]string{migrations.Text: "TEXT", migrations.Integer: "INTEGER|BIGINT",
				migrations.Real: "DOUBLE PRECISION"}[c.Type]
			if c.Name == name && !strings.Contains("|"+want+"|", "|"+typ+"|") {
				t.Errorf("%s.%s is %s, tables.go says %s", tb.Name, name, typ, want)
			}
		}
		rows.Close()
		if got, want := strings.Join(names, ","), strings.Join(tb.ColumnNames(), ","); got != want {
			t.Errorf("table %s:\n  schema   %s\n  tables.go %s", tb.Name, got, want)
		}
		if keys != tb.KeyColumns {
			t.Errorf("table %s has %d key columns, tables.go says %d", tb.Name, keys, tb.KeyColumns)
		}
	}
}

// TestUpDownUp runs the migrations down and up again: the down half must
// undo the up half completely.
func TestUpDownUp(t *testing.T) {
	db := openMemory(t)
	ctx := t.Context()
	if err := migrations.Up(ctx, db, migrations.SQLite); err != nil {
		t.Fatal(err)
	}
	if err := migrations.Up(ctx, db, migrations.SQLite); err != nil {
		t.Fatalf("second Up (nothing to do): %v", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations.FS, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	if n := userTables(t, db); n != 0 {
		t.Errorf("%d tables left after down", n)
	}
	if err := migrations.Up(ctx, db, migrations.SQLite); err != nil {
		t.Fatalf("Up after down: %v", err)
	}
	if n := userTables(t, db); n != len(migrations.AllTables) {
		t.Errorf("%d tables after Up, want %d", n, len(migrations.AllTables))
	}
}

func userTables(t *testing.T, db *sql.DB) int {
	var n int
	err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'goose%' AND name NOT LIKE 'sqlite%'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestIndexes checks that the lookups a later analysis needs have indexes.
func TestIndexes(t *testing.T) {
	db := openMemory(t)
	if err := migrations.Up(t.Context(), db, migrations.SQLite); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"applications": {"candidate_id", "email", "phone"},
		"signins":      {"actor", "ip"},
		"shipments":    {"employee_id", "hostname", "serial_number"},
		"payroll":      {"employee_id", "account_hash"},
	}
	for table, cols := range want {
		for _, col := range cols {
			var id, parent, unused int
			var plan string
			row := db.QueryRowContext(t.Context(), "EXPLAIN QUERY PLAN SELECT * FROM "+table+" WHERE "+col+" = 'x'")
			if err := row.Scan(&id, &parent, &unused, &plan); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, "USING INDEX") {
				t.Errorf("%s by %s: plan %q uses no index", table, col, plan)
			}
		}
	}
}

func TestUnknownDialect(t *testing.T) {
	if err := migrations.Up(t.Context(), openMemory(t), migrations.Dialect(99)); err == nil {
		t.Error("Up with an unknown dialect succeeded")
	}
}
