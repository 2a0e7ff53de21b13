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

// TestFeedbackRefusesBadInput: unknown subjects, malformed ids and unknown
// link kinds are exit 2 with what is valid; what is recorded is printed;
// --by is required when no user name is known.
func TestFeedbackRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	apps := appsHeader +
		"A1,C1,J1,2026-03-01T10:00:00Z,Ann,Lee,ann@example.com,(602) 555-0143,1 Oak St,,Phoenix,AZ,85001,US\n" +
		"A2,C2,J1,2026-03-01T11:00:00Z,Bob,Ray,bob@example.com,602-555-0143,9 Elm Ave,,Tempe,AZ,85281,US\n"
	writeFile(t, filepath.Join(dir, "applications.csv"), apps)
	work := t.TempDir()
	db := filepath.Join(work, "m.db")

	// Before any scan: the database is not there.
	code, _, stderr := mosaicRun(t, "feedback", "set", "S-A1", "--verdict", "benign", "--by", "ana", "--db", db)
	if code != 2 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("no database: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("feedback created a database")
	}
	scanJSONWithDB(t, dir, db)

	t.Setenv("USER", "")
	t.Setenv("LOGNAME", "")
	t.Setenv("USERNAME", "")
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"set", "S-A9", "--verdict", "benign", "--by", "ana"}, []string{"unknown subject S-A9", "2 subjects"}},
		{[]string{"set", "A1", "--verdict", "benign", "--by", "ana"}, []string{`"A1" is not a subject id`, "try S-A1"}},
		{[]string{"set", "S-A1; DROP", "--verdict", "benign", "--by", "ana"}, []string{"is not a subject id"}},
		{[]string{"allow", "S-A1", "S-A9", "--kind", "phone", "--by", "ana"}, []string{"unknown subject S-A9"}},
		{[]string{"allow", "S-A1", "S-A2", "--kind", "phon", "--by", "ana"}, []string{`unknown link kind "phon"`, "bank_account", "phone", "ship_to", "submit_ip"}},
		{[]string{"set", "S-A1", "--verdict", "benign"}, []string{"--by is required"}},
		{[]string{"allow", "S-A1", "S-A2", "--kind", "phone"}, []string{"--by is required"}},
	}
	for _, c := range cases {
		code, _, stderr := mosaicRun(t, append(append([]string{"feedback"}, c.args...), "--db", db)...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", c.args, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", c.args, w, stderr)
			}
		}
	}

	code, out, stderr := mosaicRun(t, "feedback", "set", "S-A1", "--verdict", "benign", "--by", "ana", "--note", "known to HR", "--db", db)
	if code != 0 || !strings.Contains(out, `recorded: S-A1 is benign (by ana at `) || !strings.Contains(out, `"known to HR"`) ||
		!strings.Contains(out, "effect: the score is left as the evidence makes it") {
		t.Errorf("set: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = mosaicRun(t, "feedback", "allow", "S-A1", "S-A2", "--kind", "PHONE", "--by", "ana", "--db", db)
	if code != 0 || !strings.Contains(out, "recorded: the phone link between S-A1 and S-A2 is explained away (by ana at ") {
		t.Errorf("allow: exit %d\n%s%s", code, out, stderr)
	}
}
