package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestScansAddUp: a bundle scanned in two halves into one database (the
// ATS export first, the HR, IT and payroll exports a week later) reports
// what one scan of the whole bundle does, and `mosaic report` writes the
// same from the database alone. --only-bundle keeps the one-bundle view.
func TestScansAddUp(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a company and scans it three times; skipped with -short")
	}
	dir := generate(t, "tiny", 31)
	whole := scanJSON(t, dir)

	hiring, rest := filepath.Join(t.TempDir(), "hiring"), filepath.Join(t.TempDir(), "rest")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		to := rest
		switch e.Name() {
		case "jobs.csv", "applications.csv", "attachments":
			to = hiring
		case "truth.csv", "truth_rings.csv", "hires.csv":
			continue
		}
		if err := os.MkdirAll(to, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(to, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "m.db")
	scanJSONWithDB(t, hiring, db)
	second := scanJSONWithDB(t, rest, db)
	compareReports(t, 31, "second scan", whole, second)

	// Every scan over stored records says so, with the way out.
	if code, _, stderr := mosaicRun(t, "scan", rest, "--db", db, "--format", "json", "--out", filepath.Join(t.TempDir(), "r.json")); code != 0 ||
		!strings.Contains(stderr, "also covers") || !strings.Contains(stderr, "--only-bundle") {
		t.Errorf("a scan over stored records: exit %d, stderr does not say so:\n%s", code, stderr)
	}

	alone := scanJSONArgs(t, rest, "--db", db, "--only-bundle")
	if len(alone.Subjects) >= len(whole.Subjects) {
		t.Errorf("--only-bundle reported %d people, the whole company has %d", len(alone.Subjects), len(whole.Subjects))
	}

	out := filepath.Join(t.TempDir(), "report.json")
	if code, _, stderr := mosaicRun(t, "report", "--db", db, "--format", "json", "--out", out); code != 0 {
		t.Fatalf("report exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fromStore mosaic.Report
	if err := json.Unmarshal(data, &fromStore); err != nil {
		t.Fatal(err)
	}
	compareReports(t, 31, "report from the store", whole, &fromStore)
}
