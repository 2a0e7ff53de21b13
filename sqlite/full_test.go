package sqlite

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestFullDiskIsExitTwo: a store that runs out of space (here SQLite's
// page limit, which fails exactly as a full disk does) is an EUNAVAILABLE
// error (exit 2) that says the disk is full, not an internal error.
func TestFullDiskIsExitTwo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.db.SetMaxOpenConns(1) // the pragma below is per connection
	var pages int
	if err := db.db.QueryRowContext(t.Context(), "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(t.Context(), fmt.Sprintf("PRAGMA max_page_count = %d", pages+2)); err != nil {
		t.Fatal(err)
	}
	var batch []mosaic.Record
	for i := range 5000 {
		batch = append(batch, mosaic.Job{ID: fmt.Sprintf("J%05d", i), Title: strings.Repeat("engineer ", 40)})
	}
	err = db.SaveRecords(t.Context(), batch)
	if mosaic.ErrorCode(err) != mosaic.EUNAVAILABLE || mosaic.ExitCode(err) != 2 || !strings.Contains(err.Error(), "the disk is full") ||
		!strings.Contains(err.Error(), path) {
		t.Fatalf("full: code %q: %v", mosaic.ErrorCode(err), err)
	}
}

// TestReadOnlyDatabaseIsExitTwo: writing to a database opened read-only is
// an EINVALID error that says so.
func TestReadOnlyDatabaseIsExitTwo(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.db.SetMaxOpenConns(1)
	if _, err := db.db.ExecContext(t.Context(), "PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	err = db.SaveRecords(t.Context(), []mosaic.Record{mosaic.Job{ID: "J1", Title: "x"}})
	if mosaic.ExitCode(err) != 2 || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("read-only: code %q: %v", mosaic.ErrorCode(err), err)
	}
}
