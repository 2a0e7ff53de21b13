package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// TestPartlyStoredScanIsMarked: a scan whose store fails part-way (a
// trigger refuses applications after the jobs are stored) says that the
// database holds an incomplete scan, with when and why; report warns
// about it; a later complete scan clears the warning, and an incomplete
// one can be acknowledged instead.
func TestPartlyStoredScanIsMarked(t *testing.T) {
	bundle := smallBundle(t, "A")
	work := t.TempDir()
	db := filepath.Join(work, "m.db")
	scanArgs := []string{"scan", bundle, "--db", db, "-q", "--format", "csv", "--out", filepath.Join(work, "r.csv")}
	reportArgs := []string{"report", "--db", db, "--format", "csv", "--out", filepath.Join(work, "report.csv")}
	setTrigger := func(on bool) {
		t.Helper()
		s, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		q := `DROP TRIGGER refuse_applications`
		if on {
			q = `CREATE TRIGGER refuse_applications BEFORE INSERT ON applications
				BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`
		}
		if _, err := migrations.SQL(s).Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	// An empty database with the trigger in place.
	if code, _, e := mosaicRun(t, "tokens", "list", "--db", db); code != 0 {
		t.Fatalf("creating the database: %s", e)
	}
	setTrigger(true)
	code, _, stderr := mosaicRun(t, scanArgs...)
	if code == 0 {
		t.Fatal("the scan succeeded through a trigger refusing every application")
	}
	if !strings.Contains(stderr, "holds an incomplete scan") || !strings.Contains(stderr, "stopped:") {
		t.Errorf("the failed scan does not say that the database holds part of it:\n%s", stderr)
	}
	setTrigger(false)
	_, _, stderr = mosaicRun(t, reportArgs...)
	if !strings.Contains(stderr, "holds an incomplete scan") || !strings.Contains(stderr, "stopped:") {
		t.Errorf("report does not warn about the incomplete scan:\n%s", stderr)
	}
	if code, _, e := mosaicRun(t, scanArgs...); code != 0 {
		t.Fatal(e)
	}
	if _, _, stderr = mosaicRun(t, reportArgs...); strings.Contains(stderr, "incomplete") {
		t.Errorf("report still warns after a complete scan:\n%s", stderr)
	}
	// Incomplete again (another bundle, so there are new applications to
	// refuse), then acknowledged.
	setTrigger(true)
	other := append([]string{}, scanArgs...)
	other[1] = smallBundle(t, "B")
	if code, _, _ := mosaicRun(t, other...); code == 0 {
		t.Fatal("a second scan succeeded through the trigger")
	}
	setTrigger(false)
	if code, _, e := mosaicRun(t, append(reportArgs, "--acknowledge-incomplete")...); code != 0 || !strings.Contains(e, "1 incomplete scans acknowledged") {
		t.Errorf("acknowledging: exit %d, %s", code, e)
	}
	if _, _, stderr = mosaicRun(t, reportArgs...); strings.Contains(stderr, "holds an incomplete scan") {
		t.Errorf("report still warns after the acknowledgement:\n%s", stderr)
	}
}

// smallBundle writes a job and a few applications whose ids start with
// prefix: enough to store part of a bundle, quick to scan.
func smallBundle(t *testing.T, prefix string) string {
	t.Helper()
	dir := t.TempDir()
	jobs := "job_id,title,posted_at,remote\nJ1,Engineer,2026-03-01T09:00:00Z,true\n"
	apps := "application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,phone\n"
	for i := range 3 {
		apps += fmt.Sprintf("%s%d,C%s%d,J1,2026-03-0%dT10:00:00Z,Sam%d,Journal%s,sam%d.%s@mail.example,+1 602 555 01%d%d\n",
			prefix, i, prefix, i, i+2, i, prefix, i, prefix, i, len(prefix))
	}
	for name, body := range map[string]string{"jobs.csv": jobs, "applications.csv": apps} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
