package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanRefusesALostOrForeignKey: a scan of a database whose key file was
// deleted, or with another database's key, exits 2 naming the file and the
// remedy, and writes no new key; --new-key starts over deliberately.
func TestScanRefusesALostOrForeignKey(t *testing.T) {
	bundle := t.TempDir()
	writeFile(t, filepath.Join(bundle, "employees.csv"), "employee_id,first_name,last_name,work_email,ssn\nE1,Ann,Lee,ann@example.com,123-45-6789\n")
	work := t.TempDir()
	db, key := filepath.Join(work, "m.db"), filepath.Join(work, "m.key")
	if code, _, stderr := mosaicRun(t, "scan", bundle, "--db", db, "-q", "-o", filepath.Join(work, "r.txt")); code != 0 {
		t.Fatalf("first scan: exit %d: %s", code, stderr)
	}
	if err := os.Remove(key); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := mosaicRun(t, "scan", bundle, "--db", db, "-q", "-o", filepath.Join(work, "r.txt"))
	if code != 2 || !strings.Contains(stderr, "the key file "+key+" is missing") || !strings.Contains(stderr, "--new-key") {
		t.Fatalf("scan without its key: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(key); err == nil {
		t.Fatal("a new key was written silently")
	}

	// Another database's key.
	other := filepath.Join(work, "other.db")
	if code, _, stderr := mosaicRun(t, "scan", bundle, "--db", other, "-q", "-o", filepath.Join(work, "r.txt")); code != 0 {
		t.Fatalf("other scan: exit %d: %s", code, stderr)
	}
	code, _, stderr = mosaicRun(t, "scan", bundle, "--db", db, "--key", filepath.Join(work, "other.key"), "-q", "-o", filepath.Join(work, "r.txt"))
	if code != 2 || !strings.Contains(stderr, "does not match the one the database "+db+" was written with") {
		t.Fatalf("scan with another key: exit %d: %s", code, stderr)
	}

	if code, _, stderr := mosaicRun(t, "scan", bundle, "--db", db, "--new-key", "-q", "-o", filepath.Join(work, "r.txt")); code != 0 {
		t.Fatalf("--new-key: exit %d: %s", code, stderr)
	}
	if code, _, stderr := mosaicRun(t, "scan", bundle, "--db", db, "-q", "-o", filepath.Join(work, "r.txt")); code != 0 {
		t.Fatalf("scan after --new-key: exit %d: %s", code, stderr)
	}
}

// TestDBCheck: `mosaic db check` says ok for a sound database and exits 2
// for a file that is not one, naming it.
func TestDBCheck(t *testing.T) {
	work := t.TempDir()
	db := filepath.Join(work, "m.db")
	if code, out, stderr := mosaicRun(t, "db", "check", "--db", db); code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("sound: exit %d: %s %s", code, out, stderr)
	}
	bad := filepath.Join(work, "bad.db")
	writeFile(t, bad, strings.Repeat("garbage\n", 1000))
	if code, _, stderr := mosaicRun(t, "db", "check", "--db", bad); code != 2 || !strings.Contains(stderr, bad) {
		t.Fatalf("garbage: exit %d: %s", code, stderr)
	}
}
