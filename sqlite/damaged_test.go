package sqlite_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/sqlite"
	"github.com/mosaic-sec/mosaic/storetest"
)

// savedDB writes a database with records and results and returns its path,
// closed (checkpointed into the main file).
func savedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRecords(t.Context(), storetest.Records()); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveResults(t.Context(), storetest.Report(t)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOpenRefusesDamagedFiles: a garbage file, a truncated database and a
// database with a damaged page are refused with an error naming the file
// and the remedy (exit 2), and the file is left as it was.
func TestOpenRefusesDamagedFiles(t *testing.T) {
	good := savedDB(t)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 4*65536 {
		t.Fatalf("the test database is only %d bytes", len(data))
	}
	scribbled := bytes.Clone(data)
	for i := 2 * 65536; i < 2*65536+4000; i++ {
		scribbled[i] = 0xA5
	}
	cases := map[string][]byte{
		"garbage":   bytes.Repeat([]byte("not a database\n"), 5000),
		"truncated": data[:len(data)/2],
		"scribbled": scribbled,
	}
	for name, content := range cases {
		path := filepath.Join(t.TempDir(), name+".db")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := sqlite.Open(t.Context(), path)
		if err == nil {
			db.Close()
			t.Errorf("%s: opened", name)
			continue
		}
		if mosaic.ExitCode(err) != 2 || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: exit %d: %v", name, mosaic.ExitCode(err), err)
		}
		if msg := mosaic.ErrorMessage(err); !strings.Contains(msg, "not a SQLite database") && !strings.Contains(msg, "damaged") {
			t.Errorf("%s: message does not say what is wrong: %s", name, msg)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(after, content) {
			t.Errorf("%s: the file was changed", name)
		}
	}
}

// TestOpenRefusesANewerSchema: a database migrated by a newer mosaic is
// refused (upgrade mosaic), never migrated or written.
func TestOpenRefusesANewerSchema(t *testing.T) {
	path := savedDB(t)
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(t.Context(), "INSERT INTO goose_db_version (version_id, is_applied) VALUES (999, 1)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	_, err = sqlite.Open(t.Context(), path)
	if mosaic.ExitCode(err) != 2 || !strings.Contains(err.Error(), "written by a newer mosaic") || !strings.Contains(err.Error(), "version 999") {
		t.Fatalf("newer schema: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the file was changed")
	}
}

// TestCheck runs the full integrity check on a sound database.
func TestCheck(t *testing.T) {
	db, err := sqlite.Open(t.Context(), savedDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
}
