package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic/sqlite"
)

func digest(t *testing.T, db string) string {
	t.Helper()
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRescanChangesNothing: scanning the same bundle twice leaves the
// database as it was after the first scan.
func TestRescanChangesNothing(t *testing.T) {
	dir := generate(t, "tiny", 5)
	work := t.TempDir()
	db := filepath.Join(work, "m.db")
	args := []string{"scan", dir, "--db", db, "-q", "--format", "csv", "--out", filepath.Join(work, "r.csv")}
	if code, _, e := mosaicRun(t, args...); code != 0 {
		t.Fatal(e)
	}
	first := digest(t, db)
	if code, _, e := mosaicRun(t, args...); code != 0 {
		t.Fatal(e)
	}
	if second := digest(t, db); second != first {
		t.Fatal("the second scan of the same bundle changed the database")
	}
}

const employeesHeader = "employee_id,candidate_id,application_id,first_name,last_name,work_email,personal_email,phone,address_line1,address_line2,city,region,postal_code,country,timezone,hire_date,termination_date,employment_type,vendor,title,ssn,date_of_birth\n"

// TestDamagedRowsAreReportedAndGoodRowsKept: every damaged row is in the
// rejects file with file, line and reason; every good row is kept.
func TestDamagedRowsAreReportedAndGoodRowsKept(t *testing.T) {
	dir := t.TempDir()
	emp := employeesHeader +
		"E1,,,Ann,Lee,ann@corp.example,,(602) 555-0143,1 Oak St,,Phoenix,AZ,85001,US,America/Phoenix,2026-01-05,,employee,,Engineer,123-45-6789,1990-01-01\n" +
		"E2,,,Bob,Ray,bob@corp.example\n" + // wrong column count
		"E3,,,Cid,Moe,cid@corp.example,,,2 Elm St,,Tempe,AZ,85281,US,America/Phoenix,not-a-date,,employee,,Engineer,,\n" + // bad date
		",,,Dee,Fox,dee@corp.example,,,3 Ash St,,Mesa,AZ,85201,US,America/Phoenix,2026-01-05,,employee,,Engineer,,\n" + // missing id
		"E5,,,Eve,\xff\xfe,eve@corp.example,,,4 Fir St,,Mesa,AZ,85201,US,America/Phoenix,2026-01-05,,employee,,Engineer,,\n" + // invalid UTF-8
		"E6,,,Fay,Gil,fay@corp.example,,,5 Yew St,,Mesa,AZ,85201,US,America/Phoenix,2026-01-05,,employee,,Engineer,,\n"
	os.WriteFile(filepath.Join(dir, "employees.csv"), []byte(emp), 0o644)
	os.MkdirAll(filepath.Join(dir, "okta"), 0o755)
	okta := `{"uuid":"u1","published":"2026-02-01T10:00:00Z","eventType":"user.session.start","actor":{"alternateId":"ann@corp.example"}}` + "\n" +
		`{"uuid":"u2","published":"2026-02-01T11:00:00Z","eventType":"user.sess` + "\n" // cut short
	os.WriteFile(filepath.Join(dir, "okta", "log.jsonl"), []byte(okta), 0o644)

	work := t.TempDir()
	out := filepath.Join(work, "report.json")
	code, _, stderr := mosaicRun(t, "scan", dir, "--db", filepath.Join(work, "m.db"), "--format", "json", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rejects, err := os.ReadFile(strings.TrimSuffix(out, ".json") + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(rejects)), "\n")
	if len(lines) != 1+5 {
		t.Fatalf("want 5 rejects, got:\n%s", rejects)
	}
	for _, want := range []string{"employees.csv,3,", "employees.csv,4,", "employees.csv,5,", "employees.csv,6,", "okta/log.jsonl,2,"} {
		if !strings.Contains(string(rejects), want) {
			t.Errorf("rejects file lacks %q:\n%s", want, rejects)
		}
	}
	if !strings.Contains(stderr, "read 8 rows: 3 accepted, 5 rejected") {
		t.Errorf("summary missing from stderr:\n%s", stderr)
	}
	r := scanJSON(t, dir)
	names := map[string]bool{}
	for _, s := range r.Subjects {
		names[s.DisplayName] = true
	}
	if !names["Ann Lee"] || !names["Fay Gil"] || len(r.Subjects) != 2 {
		t.Fatalf("good rows not kept: %v", names)
	}
}

// TestNoPlaintextSecrets: no SSN, date of birth or account number reaches
// the database file or the logs, while equality linking on them still works.
func TestNoPlaintextSecrets(t *testing.T) {
	dir := t.TempDir()
	emp := employeesHeader +
		"E1,,,Ann,Lee,ann@corp.example,,,1 Oak St,,Phoenix,AZ,85001,US,America/Phoenix,2026-01-05,,employee,,Engineer,529-41-8833,1987-06-05\n" +
		"E2,,,Bob,Ray,bob@corp.example,,,9 Elm St,,Tempe,AZ,85281,US,America/Phoenix,2026-01-05,,employee,,Engineer,529418833,1990-02-03\n"
	pay := "event_id,employee_id,occurred_at,kind,bank_name,bank_country,routing_number,account_number,account_holder,payment_provider,wallet_address,amount,currency\n" +
		"P1,E1,2026-01-10T00:00:00Z,direct_deposit_change,Chase,US,021000021,987654321012,Ann Lee,,,,\n" +
		"P2,E2,2026-01-11T00:00:00Z,payment_method_change,,,,,,USDT (ERC20),0x52908400098527886E0F7030069857D2E4169EE7,,\n"
	os.WriteFile(filepath.Join(dir, "employees.csv"), []byte(emp), 0o644)
	os.WriteFile(filepath.Join(dir, "payroll.csv"), []byte(pay), 0o644)
	work := t.TempDir()
	db := filepath.Join(work, "m.db")
	out := filepath.Join(work, "r.json")
	code, _, logs := mosaicRun(t, "scan", dir, "--db", db, "--log-level", "debug", "--format", "json", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, logs)
	}
	var files []byte
	for _, p := range []string{db, db + "-wal", out} {
		b, _ := os.ReadFile(p)
		files = append(files, b...)
	}
	files = append(files, logs...)
	for _, secret := range []string{"529-41-8833", "529418833", "1987-06-05", "987654321012", "021000021", "52908400098527886", "52908400098527886e0f7030069857d2e4169ee7"} {
		if bytes.Contains(bytes.ToLower(files), bytes.ToLower([]byte(secret))) {
			t.Errorf("plaintext %q found in the database, report or logs", secret)
		}
	}
	r := scanJSON(t, dir)
	linked := false
	for _, c := range r.Clusters {
		for _, l := range c.Links {
			if l.Kind == "ssn" {
				linked = true
			}
		}
	}
	if !linked {
		t.Error("two employees with the same SSN (typed differently) were not linked through its hash")
	}
}
