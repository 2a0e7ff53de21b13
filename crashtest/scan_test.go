package crashtest

import (
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestScanKilled kills mosaic scan at random times, checks the database
// after each kill (integrity_check; no table holds more than the company),
// then scans to the end: the report and the row counts equal one clean
// scan's.
func TestScanKilled(t *testing.T) {
	needBinary(t)
	bundle := newBundle(t, 11)
	want, wantCounts, clean := timedReference(t, bundle)
	t.Logf("a clean scan takes %s", clean.Round(time.Millisecond))

	d := sqliteDB(t)
	killed := 0
	for i := range rounds() {
		runningBefore := journaled(t, d, "running")
		killedNow := false
		cmd := exec.Command(bin, "scan", bundle, "--db", d.arg, "--format", "json", "--out", filepath.Join(d.dir, "r.json"))
		cmd.Dir = d.dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			// Finished before the kill: only a failure is news.
			if err != nil {
				t.Fatalf("round %d: scan failed without being killed: %v", i, err)
			}
		case <-time.After(randomDelay(10*time.Millisecond, clean)):
			_ = cmd.Process.Signal(syscall.SIGKILL)
			<-done
			killed++
			killedNow = true
		}
		d.check(t)
		noMoreThan(t, "after a kill", d.counts(t), wantCounts)
		if killedNow && journaled(t, d, "running") > runningBefore {
			// This round's scan was killed after it journaled itself (an
			// earlier round's, followed by a complete scan, is history):
			// report says the stored data includes an incomplete scan.
			if _, stderr := reportWarnings(t, d); !strings.Contains(stderr, "holds an incomplete scan") {
				t.Errorf("round %d: a killed scan left the journal running but report does not warn: %s", i, stderr)
			}
		}
	}
	t.Logf("%d of %d scans killed", killed, rounds())
	mustRun(t, d.dir, "scan", bundle, "--db", d.arg, "--format", "json", "--out", filepath.Join(d.dir, "r.json"))
	d.check(t)
	sameCounts(t, "after the kills and one whole scan", d.counts(t), wantCounts)
	sameSubjects(t, "scan's own report", readSubjects(t, filepath.Join(d.dir, "r.json")), want)
	sameSubjects(t, "report --db", d.subjects(t), want)
	if _, stderr := reportWarnings(t, d); strings.Contains(stderr, "incomplete scan") {
		t.Errorf("report still warns about an incomplete scan after a complete one: %s", stderr)
	}
	t.Logf("scan journal: %d complete, %d left running by kills", journaled(t, d, "complete"), journaled(t, d, "running"))
}

// journaled counts the scans in the journal with a status.
func journaled(t *testing.T, d *db, status string) int {
	t.Helper()
	s := d.open(t)
	defer s.Close()
	var n int
	_ = s.QueryRow(`SELECT COUNT(*) FROM scans WHERE status = ?`, status).Scan(&n) // no table yet: 0
	return n
}

// reportWarnings runs report and returns its standard output and error.
func reportWarnings(t *testing.T, d *db) (string, string) {
	t.Helper()
	cmd := exec.Command(bin, "report", "--db", d.arg, "--format", "csv", "--out", filepath.Join(d.dir, "warn.csv"))
	cmd.Dir = d.dir
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("report: %v: %s", err, errb.String())
	}
	return out.String(), errb.String()
}
