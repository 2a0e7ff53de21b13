package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/report"
)

// Every scan ends with a coverage summary: sources present, detections that
// could not run and why, and accepted rows no one could use, with counts;
// the JSON report carries it as an optional field the schema describes.
func TestScanEndsWithCoverage(t *testing.T) {
	dir := generate(t, "tiny", 3)
	if err := os.RemoveAll(filepath.Join(dir, "okta")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "payroll.csv")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "okta", "log.jsonl"),
		`{"uuid":"u1","published":"2026-03-02T14:05:11.000Z","eventType":"user.session.start","actor":{"alternateId":"svc-backup@elsewhere.example"},"client":{"ipAddress":"73.162.88.14"},"outcome":{"result":"SUCCESS"}}`+"\n"+
			`{"uuid":"u2","published":"2026-03-02T15:05:11.000Z","eventType":"user.session.start","actor":{"alternateId":"svc-backup@elsewhere.example"},"client":{"ipAddress":"73.162.88.14"},"outcome":{"result":"SUCCESS"}}`+"\n")
	f, err := os.OpenFile(filepath.Join(dir, "osquery", "extra.log"), os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"name":"pack_it_disk_usage","hostIdentifier":"NW-LT-0001","calendarTime":"Mon Mar  2 01:00:00 2026 UTC","unixTime":1772413200,"decorations":{"hostname":"NW-LT-0001"},"columns":{"mount":"/","blocks_free":"1234"},"action":"added"}` + "\n")
	f.Close()

	work := t.TempDir()
	out := filepath.Join(work, "r.json")
	code, _, stderr := mosaicRun(t, "scan", dir, "--db", filepath.Join(work, "m.db"), "--format", "json", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"coverage:",
		"sources present: jobs (",
		"sources absent:  payroll",
		"could not (none of 2 sign-ins is of an account in the roster (employees.csv work_email)): network.",
		"could not (no payroll events of a known employee (payroll.csv)): payroll.",
		"accepted, not used: 2 okta rows: sign-ins of accounts not in the roster",
		"accepted, not used: 1 osquery rows: osquery rows of other query packs",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Validate(data); err != nil {
		t.Fatalf("report does not validate: %v", err)
	}
	var r mosaic.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Coverage == nil || len(r.Coverage.Detections) == 0 || len(r.Coverage.Unused) < 2 {
		t.Fatalf("coverage missing from the JSON report: %+v", r.Coverage)
	}
	for _, d := range r.Coverage.Detections {
		if strings.HasPrefix(d.RuleID, "network.") && (d.Ran || d.Why == "") {
			t.Errorf("%s: ran %v, why %q", d.RuleID, d.Ran, d.Why)
		}
		if strings.HasPrefix(d.RuleID, "hiring.phone") && !d.Ran {
			t.Errorf("%s could not run: %s", d.RuleID, d.Why)
		}
	}
}
