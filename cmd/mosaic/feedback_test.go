package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

const appsHeader = "application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,phone,address_line1,address_line2,city,region,postal_code,country\n"

func hasRule(s mosaic.Subject, rule string) bool {
	for _, g := range s.Signals {
		if g.RuleID == rule {
			return true
		}
	}
	return false
}

func subjectByID(r *mosaic.Report, id string) mosaic.Subject {
	for _, s := range r.Subjects {
		if s.ID == id {
			return s
		}
	}
	return mosaic.Subject{}
}

// TestFeedbackIsRespected: an allowance stops a shared phone from counting;
// a confirmed verdict raises the people strongly linked to that subject.
func TestFeedbackIsRespected(t *testing.T) {
	dir := t.TempDir()
	apps := appsHeader +
		"A1,C1,J1,2026-03-01T10:00:00Z,Ann,Lee,ann@example.com,(602) 555-0143,1 Oak St,,Phoenix,AZ,85001,US\n" +
		"A2,C2,J1,2026-03-01T11:00:00Z,Bob,Ray,bob@example.com,602-555-0143,9 Elm Ave,,Tempe,AZ,85281,US\n" +
		"A3,C3,J1,2026-03-01T12:00:00Z,Cid,Moe,cid@example.com,(480) 555-0199,5 Ash Rd,,Mesa,AZ,85201,US\n" +
		"A4,C4,J1,2026-03-01T13:00:00Z,Dee,Fox,dee@example.com,480.555.0199,7 Fir Ln,,Mesa,AZ,85203,US\n"
	if err := os.WriteFile(filepath.Join(dir, "applications.csv"), []byte(apps), 0o644); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	db := filepath.Join(work, "m.db")
	scan := func() *mosaic.Report {
		return scanJSONWithDB(t, dir, db)
	}
	r := scan()
	if !hasRule(subjectByID(r, "S-A1"), "hiring.phone_shared_across_applicants") {
		t.Fatalf("the shared phone did not fire before feedback: %+v", subjectByID(r, "S-A1").Signals)
	}
	for _, args := range [][]string{
		{"feedback", "allow", "S-A2", "S-A1", "--kind", "phone", "--note", "spouses", "--by", "ana", "--db", db},
		{"feedback", "set", "S-A3", "--verdict", "confirmed_fraud", "--by", "ana", "--db", db},
	} {
		if code, _, stderr := mosaicRun(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	code, out, _ := mosaicRun(t, "feedback", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "spouses") || !strings.Contains(out, "confirmed_fraud") {
		t.Fatalf("feedback list:\n%s", out)
	}
	r = scan()
	if s := subjectByID(r, "S-A1"); hasRule(s, "hiring.phone_shared_across_applicants") {
		t.Errorf("an allowed shared phone still counts: %+v", s.Signals)
	}
	if s := subjectByID(r, "S-A3"); s.Disposition != mosaic.VerdictConfirmed {
		t.Errorf("the verdict is not in the report: %q", s.Disposition)
	}
	if s := subjectByID(r, "S-A4"); !hasRule(s, "cluster.linked_to_confirmed_fraud") {
		t.Errorf("a person sharing a phone with a confirmed fraudster is not raised: %+v", s.Signals)
	}
	if code, _, _ := mosaicRun(t, "feedback", "set", "S-A3", "--verdict", "maybe", "--db", db); code != 2 {
		t.Errorf("a bad verdict: exit %d, want 2", code)
	}
}

func scanJSONWithDB(t *testing.T, dir, db string) *mosaic.Report {
	t.Helper()
	return scanJSONArgs(t, dir, "--db", db)
}
