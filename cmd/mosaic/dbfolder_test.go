package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestScanCreatesTheDatabaseFolder: `--db work/new/mosaic.db` starts a
// database in a folder that does not exist yet (the service contract's
// checks scan that way), while a refused scan still creates nothing.
func TestScanCreatesTheDatabaseFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "applications.csv"), appsHeader+
		"A1,C1,J1,2026-03-01T10:00:00Z,Ann,Lee,ann@example.com,(602) 555-0143,1 Oak St,,Phoenix,AZ,85001,US\n")
	db := filepath.Join(t.TempDir(), "new", "sub", "mosaic.db")
	scanJSONWithDB(t, dir, db)
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("no database in the new folder: %v", err)
	}

	refused := filepath.Join(t.TempDir(), "never", "mosaic.db")
	if code, _, _ := mosaicRun(t, "scan", t.TempDir(), "--db", refused, "-q"); code != 2 {
		t.Fatalf("an empty bundle: exit %d, want 2", code)
	}
	if _, err := os.Stat(filepath.Dir(refused)); err == nil {
		t.Error("a refused scan created the database folder")
	}
}
