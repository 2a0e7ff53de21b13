// Package migrations holds the one schema both mosaic stores share: the
// versioned goose SQL migrations (*.sql, embedded), and the Go description of
// the same tables that the stores build their statements from (tables.go),
// how records and reports become rows (rows.go), and how a store's content is
// counted and digested (digest.go).
//
// The SQL and its Go mirror live side by side so that a change to one is
// made beside the other; a test applies the migrations and checks that every
// table has exactly the columns, in the order, that tables.go declares.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
)

// FS holds the SQL migrations. It is read-only.
//
//go:embed *.sql
var FS embed.FS

// Dialect is the SQL engine a store runs on; the schema is the same, only
// placeholders, collation and the goose dialect differ.
type Dialect int

const (
	SQLite Dialect = iota + 1
	Postgres
)

// String names the dialect as goose does.
func (d Dialect) String() string { return string(d.goose()) }

func (d Dialect) goose() goose.Dialect {
	switch d {
	case SQLite:
		return goose.DialectSQLite3
	case Postgres:
		return goose.DialectPostgres
	}
	return ""
}

// Up applies every migration not yet applied to db. It uses a goose Provider
// over FS with the global registry disabled, so no package-level goose state
// is read or written and several stores can migrate at once. Extra options
// (a session locker, say) are passed to goose.NewProvider.
func Up(ctx context.Context, db *sql.DB, d Dialect, opts ...goose.ProviderOption) error {
	gd := d.goose()
	if gd == "" {
		return fmt.Errorf("migrations: unknown dialect %d", int(d))
	}
	opts = append([]goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}, opts...)
	p, err := goose.NewProvider(gd, db, FS, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}

// Latest returns the highest migration version this binary knows.
func Latest() int64 {
	var latest int64
	entries, _ := fs.ReadDir(FS, ".")
	for _, e := range entries {
		digits, _, _ := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseInt(digits, 10, 64); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

// NewerSchemaError says a database was migrated by a newer mosaic than this
// one: its schema holds versions this binary does not know, and writing to
// it could lose or corrupt what the newer version keeps.
type NewerSchemaError struct {
	Have, Know int64
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("the schema is at version %d, and this mosaic knows versions up to %d", e.Have, e.Know)
}

// CheckNotNewer returns a *NewerSchemaError when db holds applied
// migrations newer than Latest. A database without goose's version table
// (a new one) passes. It only reads.
func CheckNotNewer(ctx context.Context, db *sql.DB, d Dialect) error {
	exists := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'"
	if d == Postgres {
		exists = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'goose_db_version'"
	}
	var n int
	if err := db.QueryRowContext(ctx, exists).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	var have sql.NullInt64
	if err := db.QueryRowContext(ctx, "SELECT MAX(version_id) FROM goose_db_version WHERE is_applied").Scan(&have); err != nil {
		return err
	}
	if know := Latest(); have.Valid && have.Int64 > know {
		return &NewerSchemaError{Have: have.Int64, Know: know}
	}
	return nil
}
