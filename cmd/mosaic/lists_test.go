package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestListsUpdateStatusAndScan loads the fixture lists beside a database,
// shows them, and scans a bundle whose payroll pays a listed wallet: the
// scan screens against the stored lists without any flag.
func TestListsUpdateStatusAndScan(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	code, out, errOut := mosaicRun(t, "lists", "update", "--from", "../../sanctions/testdata/xml", "--db", db)
	if code != 0 || !strings.Contains(out, "loaded OFAC SDN: 2 entries, dated 2025-01-24") {
		t.Fatalf("update: %d %s %s", code, out, errOut)
	}
	code, out, _ = mosaicRun(t, "lists", "status", "--db", db)
	if code != 0 || !strings.Contains(out, "UN Security Council Consolidated") || !strings.Contains(out, "2026-02-27") {
		t.Fatalf("status: %d %s", code, out)
	}
	if code, _, _ := mosaicRun(t, "lists", "status", "--db", filepath.Join(dir, "none.db")); code != 2 {
		t.Errorf("status without lists: exit %d, want 2", code)
	}
	b := filepath.Join(dir, "bundle")
	if err := os.MkdirAll(b, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"employees.csv": "employee_id,first_name,last_name,work_email,hire_date\nE1,Alex,Morgan,alex@corp.example,2026-01-05\n",
		"payroll.csv": "event_id,employee_id,occurred_at,kind,account_holder,payment_provider,wallet_address\n" +
			"P1,E1,2026-02-01T09:00:00Z,payment_method_change,Alex Morgan,USDT (ERC-20),0xa0e1c89ef1a489c9c7de96311ed5ce5d32c20e4b\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(b, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	rep := scanJSON(t, b, "--db", db)
	found := false
	for _, s := range rep.Subjects {
		for _, sig := range s.Signals {
			found = found || sig.RuleID == "sanctions.identifier_match"
		}
	}
	if !found {
		t.Errorf("the listed wallet was not found: %+v", rep.Subjects)
	}
}
