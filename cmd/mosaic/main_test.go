package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/report"
	"github.com/mosaic-sec/mosaic/simulate"
)

// mosaicRun runs the command line and returns exit code, stdout and stderr.
func mosaicRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// generate writes a tiny simulated company once per test binary.
func generate(t *testing.T, size string, seed int64) string {
	t.Helper()
	cfg, err := simulate.Preset(size)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed = seed
	dir := filepath.Join(t.TempDir(), "bundle")
	if _, err := simulate.Generate(context.Background(), dir, cfg, nil); err != nil {
		t.Fatal(err)
	}
	return dir
}

func scanJSON(t *testing.T, dir string, extra ...string) *mosaic.Report {
	t.Helper()
	return scanJSONArgs(t, dir, append([]string{"--db", filepath.Join(t.TempDir(), "m.db")}, extra...)...)
}

func scanJSONArgs(t *testing.T, dir string, extra ...string) *mosaic.Report {
	t.Helper()
	work := t.TempDir()
	out := filepath.Join(work, "report.json")
	args := append([]string{"scan", dir, "--format", "json", "--out", out, "-q"}, extra...)
	code, _, stderr := mosaicRun(t, args...)
	if code != 0 {
		t.Fatalf("scan exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Validate(data); err != nil {
		t.Fatalf("report does not validate against the schema: %v", err)
	}
	var r mosaic.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, c := range []string{"scan", "demo", "simulate", "eval", "bench", "rules", "feedback"} {
		code, out, _ := mosaicRun(t, c, "--help")
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("%s --help: exit %d\n%s", c, code, out)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	cases := [][]string{
		{"scan"},
		{"scan", filepath.Join(t.TempDir(), "missing")},
		{"scan", t.TempDir(), "--format", "xml"},
		{"scan", t.TempDir(), "--fail-on", "severe"},
		{"no-such-command"},
	}
	_, dbBefore := os.Stat("mosaic.db")
	for _, args := range cases {
		code, _, stderr := mosaicRun(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
		if stderr == "" {
			t.Errorf("%v: no message", args)
		}
	}
	// Refused scans (the missing folder ran with the default --db) create
	// no database in the working directory.
	if _, err := os.Stat("mosaic.db"); err == nil && dbBefore != nil {
		os.Remove("mosaic.db")
		os.Remove("mosaic.key")
		t.Error("a refused scan created mosaic.db")
	}
}

func TestUnknownLogFormatExitsTwo(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "okta"), 0o755)
	os.WriteFile(filepath.Join(dir, "okta", "export.xml"), []byte("<xml/>"), 0o644)
	code, _, stderr := mosaicRun(t, "scan", dir, "--no-store", "--key", filepath.Join(dir, "k"))
	if code != 2 || !strings.Contains(stderr, "unknown format") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// TestScanGeneratedCompany is the end-to-end test: a generated bundle scans,
// every row is accounted for, and the report validates.
func TestScanGeneratedCompany(t *testing.T) {
	dir := generate(t, "tiny", 3)
	r := scanJSON(t, dir)
	if r.Input.RowsRead == 0 || r.Input.RowsRead != r.Input.RowsAccepted+r.Input.RowsRejected {
		t.Fatalf("accounting: %+v", r.Input)
	}
	for _, f := range r.Input.Files {
		if f.Read != f.Accepted+f.Rejected {
			t.Errorf("%s: read %d != %d + %d", f.Path, f.Read, f.Accepted, f.Rejected)
		}
	}
	if len(r.Subjects) == 0 || r.Subjects[0].Score < r.Subjects[len(r.Subjects)-1].Score {
		t.Fatal("subjects are not ranked")
	}
	truth := readTruth(t, dir)
	// The top of the ranking belongs to the rings.
	top := r.Subjects[0]
	if !truth.fraud(top) {
		t.Errorf("top subject %s (%s) is not a ring member", top.ID, top.DisplayName)
	}
}

func TestFailOn(t *testing.T) {
	dir := generate(t, "tiny", 3)
	work := t.TempDir()
	code, _, stderr := mosaicRun(t, "scan", dir, "--db", filepath.Join(work, "m.db"), "-q", "--fail-on", "low")
	if code != 1 {
		t.Fatalf("--fail-on low: exit %d (%s)", code, stderr)
	}
}

// truth is the test's reading of truth.csv; mosaic itself never reads it.
type truthIDs map[string]string // any id -> role

func readTruth(t *testing.T, dir string) truthIDs {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	ids := truthIDs{}
	for _, r := range rows[1:] {
		role := r[col["role"]]
		for _, c := range []string{"application_ids", "employee_id"} {
			for _, id := range strings.Split(r[col[c]], ";") {
				if id != "" {
					ids[id] = role
				}
			}
		}
	}
	return ids
}

func (tr truthIDs) fraud(s mosaic.Subject) bool {
	for _, id := range append(append([]string{}, s.ApplicationIDs...), s.EmployeeIDs...) {
		if tr[id] == "fraud" {
			return true
		}
	}
	return false
}
