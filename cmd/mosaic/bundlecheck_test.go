package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// An empty folder, or exports one level down, is exit 2 with what was
// expected and what was found, even with --fail-on, and creates nothing.
func TestScanRefusesEmptyAndNestedFolders(t *testing.T) {
	empty := t.TempDir()
	unzipped := t.TempDir()
	writeFile(t, filepath.Join(unzipped, "export", "applications.csv"), "application_id,job_id,submitted_at\n")
	cases := []struct {
		dir  string
		want []string
	}{
		{empty, []string{"holds no file mosaic reads", "applications.csv", "okta/", "found nothing"}},
		{unzipped, []string{"holds no exports at its top", "as after unzipping", "mosaic scan " + filepath.Join(unzipped, "export")}},
	}
	for _, c := range cases {
		work := t.TempDir()
		db := filepath.Join(work, "m.db")
		code, stdout, stderr := mosaicRun(t, "scan", c.dir, "--db", db, "--fail-on", "high")
		if code != 2 {
			t.Errorf("%s: exit %d, want 2\n%s", c.dir, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", c.dir, w, stderr)
			}
		}
		if strings.Contains(stdout+stderr, "0 files") {
			t.Errorf("%s: reported an empty scan: %s", c.dir, stdout)
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("%s: a refused scan created the database", c.dir)
		}
	}
}

// Unread files and folders are named at the default log level with what
// they look like.
func TestScanNamesUnreadFiles(t *testing.T) {
	dir := generate(t, "tiny", 3)
	// A source no reader reads yet (Entra ID, once read, is no longer named).
	writeFile(t, filepath.Join(dir, "devices", "jamf_inventory.csv"), "serial_number,model\nTZ204828,MacBook Pro\n")
	writeFile(t, filepath.Join(dir, "applications.xlsx"), "PK\x03\x04")
	work := t.TempDir()
	code, _, stderr := mosaicRun(t, "scan", dir, "--db", filepath.Join(work, "m.db"), "-q", "-o", filepath.Join(work, "r.txt"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"devices/: looks like MDM/EDR device inventory exports (mosaic reads them from defender/, jamf/, crowdstrike/ or kandji/), not read yet",
		"applications.xlsx: spreadsheets are not read; export CSV",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// A mapping whose file: does not exist is an error, not a silent skip of
// the real file.
func TestMappingFileMissingIsAnError(t *testing.T) {
	dir := generate(t, "tiny", 3)
	work := t.TempDir()
	mapping := filepath.Join(work, "columns.yaml")
	writeFile(t, mapping, "files:\n  applications:\n    file: candidate_export.csv\n")
	code, _, stderr := mosaicRun(t, "scan", dir, "--db", filepath.Join(work, "m.db"), "-q", "--mapping", mapping)
	if code != 2 || !strings.Contains(stderr, "maps applications to candidate_export.csv, which is not in") ||
		!strings.Contains(stderr, "applications.csv is there") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(work, "m.db")); err == nil {
		t.Error("a refused scan created the database")
	}
}
