package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Raw Go errors never reach the user: each message names the flag or file
// and says why, with the underlying reason where it helps.
func TestErrorsNameFlagAndReason(t *testing.T) {
	bundle := t.TempDir()
	writeFile(t, filepath.Join(bundle, "jobs.csv"), "job_id,title,posted_at\nJ1,Engineer,2026-01-05T00:00:00Z\n")
	work := t.TempDir()
	notDir := filepath.Join(work, "plain-file")
	writeFile(t, notDir, strings.Repeat("not a database\n", 64))
	db := filepath.Join(work, "m.db")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"scan", bundle, "--limit", "abc"}, `--limit takes a whole number, not "abc"`},
		{[]string{"scan", bundle, "--min-score", "high"}, `--min-score takes a number, such as 40 or 62.5, not "high"`},
		{[]string{"scan", bundle, "--width", "99999999999999999999999"}, `--width "99999999999999999999999" is out of range`},
		{[]string{"scan", bundle, "-q", "--quiet=maybe"}, `--quiet takes true or false, not "maybe"`},
		{[]string{"scan", bundle, "--db", db, "-q", "-o", filepath.Join(work, "missing", "r.json")},
			"cannot write the report to " + filepath.Join(work, "missing", "r.json") + ": no such file or directory"},
		{[]string{"scan", bundle, "--db", "postgres://mosaic:hunter2@127.0.0.1:1/mosaic", "--key", filepath.Join(work, "k")},
			"cannot connect to PostgreSQL at 127.0.0.1:1/mosaic: connection refused"},
		{[]string{"scan", bundle, "--db", db, "-q", "--key", filepath.Join(notDir, "k")},
			"cannot read the key file " + filepath.Join(notDir, "k") + ": not a directory"},
		{[]string{"feedback", "list", "--db", notDir}, "cannot open database " + notDir + ": it is not a SQLite database"},
	}
	for _, c := range cases {
		code, _, stderr := mosaicRun(t, c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", c.args, code, stderr)
		}
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", c.args, c.want, stderr)
		}
		for _, raw := range []string{"strconv.", "ParseInt", "ParseFloat", "invalid syntax", "open /", "dial tcp", "hunter2", "(26)"} {
			if strings.Contains(stderr, raw) {
				t.Errorf("%v: a raw Go error reached the user (%q):\n%s", c.args, raw, stderr)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(work, "missing")); err == nil {
		t.Error("the report folder was created")
	}
}
