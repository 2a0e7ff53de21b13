package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// TestFastPathAgreesWithBatch: with a generated company loaded, new
// applications are ingested one at a time. Probes reuse a flagged
// person's phone and submission address from another home (decisive
// evidence, as the service contract's latency probe sends); controls reuse
// nothing. The fast path (service/fastpath.go) must alert the probes that
// a batch scan of the company plus the probes puts at the alert level or
// above, and never anyone the batch leaves below it.
func TestFastPathAgreesWithBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a company and scans it twice; skipped with -short")
	}
	for _, seed := range []int64{31, 32} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { fastPathAgreement(t, seed) })
	}
}

func fastPathAgreement(t *testing.T, seed int64) {
	dir := generate(t, "tiny", seed)
	db := filepath.Join(t.TempDir(), "m.db")
	batch := scanJSONArgs(t, dir, "--db", db)

	head, rows := readCSVFile(t, filepath.Join(dir, "applications.csv"))
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	appRow := map[string][]string{}
	for _, r := range rows {
		appRow[r[col["application_id"]]] = r
	}
	var probes, controls [][]string
	for _, s := range batch.Subjects {
		if s.Level.Rank() < mosaic.LevelHigh.Rank() || len(probes) >= 8 {
			continue
		}
		for _, id := range s.ApplicationIDs {
			if r, ok := appRow[id]; ok && r[col["phone"]] != "" {
				probes = append(probes, probeRow(head, col, r, fmt.Sprintf("ZLAT%02d", len(probes)), true))
				break
			}
		}
	}
	for i := 0; i < 4; i++ {
		controls = append(controls, probeRow(head, col, rows[i*7%len(rows)], fmt.Sprintf("ZCTL%02d", i), false))
	}
	if len(probes) < 3 {
		t.Fatalf("seed %d: only %d high people to probe", seed, len(probes))
	}

	// What a batch scan says of the company with every probe and control.
	with := filepath.Join(t.TempDir(), "with")
	if out, err := exec.Command("cp", "-r", dir, with).CombinedOutput(); err != nil {
		t.Fatal(err, string(out))
	}
	f, err := os.OpenFile(filepath.Join(with, "applications.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	_ = w.WriteAll(append(append([][]string(nil), probes...), controls...))
	f.Close()
	want := map[string]bool{}
	for _, s := range scanJSON(t, with).Subjects {
		for _, id := range s.ApplicationIDs {
			if strings.HasPrefix(id, "ZLAT") || strings.HasPrefix(id, "ZCTL") {
				want[id] = s.Level.Rank() >= mosaic.LevelHigh.Rank()
			}
		}
	}

	svc, stop := startTestService(t, db)
	defer stop()
	ctx := context.Background()
	agree, missed := 0, 0
	for _, r := range append(append([][]string(nil), probes...), controls...) {
		id := r[col["application_id"]]
		body := csvLine(head) + csvLine(r)
		t0 := time.Now()
		if _, err := svc.Ingest(ctx, "applications", "text/csv", strings.NewReader(body), "test"); err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		if err := svc.WaitReflected(wctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		subject := ""
		for _, s := range svc.Snapshot().Report.Subjects {
			for _, a := range s.ApplicationIDs {
				if a == id {
					subject = s.ID
				}
			}
		}
		_, fast := svc.FastPathAlerted()[subject]
		switch {
		case fast && !want[id]:
			t.Errorf("seed %d: the fast path alerted %s (%s), which a batch scan leaves below high", seed, id, subject)
		case fast == want[id]:
			agree++
		default:
			missed++
			t.Logf("seed %d: %s is high in a batch scan; the fast path left it to the full analysis", seed, id)
		}
		t.Logf("seed %d: %s batch high %v, fast path alert %v, reflected after %v", seed, id, want[id], fast, time.Since(t0).Round(time.Millisecond))
	}
	if missed > len(probes)/4 {
		t.Errorf("seed %d: the fast path missed %d of %d probes a batch scan puts at high", seed, missed, len(probes))
	}
	t.Logf("seed %d: fast path agrees with batch on %d of %d", seed, agree, len(probes)+len(controls))
}

// probeRow is a new application from another person at another home; a
// probe keeps the row's phone and submission address, a control changes
// them too.
func probeRow(head []string, col map[string]int, src []string, id string, keepPhone bool) []string {
	r := append([]string(nil), src...)
	set := func(name, v string) {
		if i, ok := col[name]; ok {
			r[i] = v
		}
	}
	n := strings.TrimPrefix(strings.TrimPrefix(id, "ZLAT"), "ZCTL")
	set("application_id", id)
	set("candidate_id", "C"+id)
	set("first_name", "Jordan")
	set("last_name", "Probe"+id)
	set("email", "jordan.probe."+strings.ToLower(id)+"@example.org")
	set("resume_file", "")
	set("photo_file", "")
	set("linkedin_url", "")
	set("github_url", "")
	set("address_line1", n+" Probe Way")
	set("address_line2", "")
	set("city", "Boise")
	set("region", "ID")
	set("postal_code", "83702")
	set("country", "US")
	if !keepPhone {
		set("phone", "+1 208 555 01"+n)
		set("submit_ip", "203.0.113."+fmt.Sprint(10+len(n)))
	}
	_ = head
	return r
}

func readCSVFile(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return all[0], all[1:]
}
