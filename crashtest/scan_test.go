package crashtest

import (
	"os/exec"
	"path/filepath"
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
		}
		d.check(t)
		noMoreThan(t, "after a kill", d.counts(t), wantCounts)
	}
	t.Logf("%d of %d scans killed", killed, rounds())
	mustRun(t, d.dir, "scan", bundle, "--db", d.arg, "--format", "json", "--out", filepath.Join(d.dir, "r.json"))
	d.check(t)
	sameCounts(t, "after the kills and one whole scan", d.counts(t), wantCounts)
	sameSubjects(t, "scan's own report", readSubjects(t, filepath.Join(d.dir, "r.json")), want)
	sameSubjects(t, "report --db", d.subjects(t), want)
}
