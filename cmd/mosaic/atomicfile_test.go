package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestFailedReportKeepsThePreviousOne: a report that fails while being
// written (here a score JSON cannot hold) leaves the previous report whole
// and no temporary file behind.
func TestFailedReportKeepsThePreviousOne(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	if err := os.WriteFile(out, []byte("previous report\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	bad := &mosaic.Report{Subjects: []mosaic.Subject{{ID: "s1", Score: math.NaN()}}}
	if err := a.writeReport(bad, scanFlags{format: "json", out: out}); err == nil {
		t.Fatal("writing a NaN score succeeded")
	}
	if got, _ := os.ReadFile(out); string(got) != "previous report\n" {
		t.Fatalf("the previous report was changed: %q", got)
	}
	if err := a.writeReport(&mosaic.Report{}, scanFlags{format: "json", out: out}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); string(got) == "previous report\n" {
		t.Fatal("the report was not replaced")
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the previous file's 0640", st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left in the folder: %v", entries)
	}
}

// TestRejectsReplacedOnlyWhenComplete: the rejects file of a scan that
// failed leaves the previous one as it was.
func TestRejectsReplacedOnlyWhenComplete(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rejects.csv")
	if err := os.WriteFile(path, []byte("previous\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	failed := &lazyRejects{path: path}
	if err := failed.Write(mosaic.Reject{File: "a.csv", Line: 2, Reason: "x"}); err != nil {
		t.Fatal(err)
	}
	failed.Abort()
	if got, _ := os.ReadFile(path); string(got) != "previous\n" {
		t.Fatalf("a failed scan changed the rejects file: %q", got)
	}
	done := &lazyRejects{path: path}
	if err := done.Write(mosaic.Reject{File: "a.csv", Line: 2, Reason: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := done.Close(); err != nil {
		t.Fatal(err)
	}
	done.Abort()
	if got, _ := os.ReadFile(path); string(got) == "previous\n" {
		t.Fatal("the rejects file was not replaced")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left in the folder: %v", entries)
	}
}
