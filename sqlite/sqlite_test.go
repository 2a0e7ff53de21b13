package sqlite_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/sqlite"
	"github.com/mosaic-sec/mosaic/storetest"
)

func openTemp(t *testing.T) mosaic.Store {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "mosaic.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, openTemp)
}

func TestStoreInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) mosaic.Store {
		db, err := sqlite.Open(t.Context(), sqlite.Memory)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestReopenKeepsContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd ?#% name.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := db.SaveRecords(t.Context(), storetest.Records()); err != nil {
		t.Fatalf("SaveRecords: %v", err)
	}
	if err := db.SaveResults(t.Context(), storetest.Report(t)); err != nil {
		t.Fatalf("SaveResults: %v", err)
	}
	before, err := db.Digest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not at the path given: %v", err)
	}

	db, err = sqlite.Open(t.Context(), path) // migrations already applied: a no-op
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	after, err := db.Digest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Errorf("content changed across close and reopen")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	aFile := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(aFile, []byte("not a database, just some text that is long enough to fill a header\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"empty path", "", "no database path given"},
		{"missing folder", filepath.Join(dir, "no", "such", "mosaic.db"), "does not exist"},
		{"parent is a file", filepath.Join(aFile, "mosaic.db"), "is not a folder"},
		{"path is a folder", dir, "is a folder"},
		{"not a database", aFile, "not a SQLite database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sqlite.Open(t.Context(), tt.path)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded", tt.path)
			}
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Errorf("Open(%q) code = %q, want %q (%v)", tt.path, mosaic.ErrorCode(err), mosaic.EINVALID, err)
			}
			if msg := mosaic.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("Open(%q) message = %q, want it to say %q", tt.path, msg, tt.want)
			}
		})
	}
}

func TestOpenUnwritableFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "locked")
	if err := os.Mkdir(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	if os.Geteuid() == 0 {
		// Permissions do not stop root; /proc refuses new files to anyone.
		if runtime.GOOS != "linux" {
			t.Skip("running as root: permissions do not stop root from writing")
		}
		dir = "/proc"
	}
	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "mosaic.db"))
	if err == nil {
		db.Close()
		t.Fatal("Open in a read-only folder succeeded")
	}
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(mosaic.ErrorMessage(err), "writable") {
		t.Errorf("Open = %v (code %q), want EINVALID saying the folder is not writable", err, mosaic.ErrorCode(err))
	}
}
