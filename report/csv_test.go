package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, b)
	}
	return rows
}

func TestCSVRows(t *testing.T) {
	out := render(t, sampleReport(), "csv", Options{})
	if !bytes.HasSuffix(out, []byte("\r\n")) || bytes.Count(out, []byte("\r\n")) != 4 {
		t.Errorf("want 4 CRLF-terminated records:\n%q", out)
	}
	rows := readCSV(t, out)
	if got := strings.Join(rows[0], ","); got != strings.Join(csvHeader, ",") {
		t.Fatalf("header = %s", got)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	jane, ana := rows[1], rows[3]
	for field, want := range map[string]string{
		"rank": "1", "subject_id": "S-jane", "score": "97.5", "level": "critical",
		"first_flagged_at": "2026-05-02T09:14:00Z", "cluster_id": "K-1",
		"application_ids": "A0001276;A0001280", "candidate_ids": "C001230", "employee_ids": "E00252",
		"signal_count": "4",
	} {
		if got := jane[col[field]]; got != want {
			t.Errorf("jane %s = %q, want %q", field, got, want)
		}
	}
	if n := strings.Count(jane[col["top_reasons"]], " | "); n != 2 {
		t.Errorf("jane top_reasons has %d separators, want 2: %q", n, jane[col["top_reasons"]])
	}
	for _, field := range []string{"first_flagged_at", "cluster_id", "application_ids", "candidate_ids", "top_reasons"} {
		if got := ana[col[field]]; got != "" {
			t.Errorf("ana %s = %q, want empty", field, got)
		}
	}
	if ana[col["signal_count"]] != "0" {
		t.Errorf("ana signal_count = %q", ana[col["signal_count"]])
	}
}

func TestCSVHostileCells(t *testing.T) {
	rows := readCSV(t, render(t, hostileReport(), "csv", Options{}))
	if len(rows) != len(hostileReport().Subjects)+1 {
		t.Fatalf("got %d rows", len(rows))
	}
	for _, row := range rows[1:] {
		if len(row) != len(csvHeader) {
			t.Fatalf("row has %d cells", len(row))
		}
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("cell starts a formula: %q", cell)
			}
			if strings.ContainsAny(cell, "\n\r\x1b") {
				t.Errorf("cell holds a control character: %q", cell)
			}
		}
	}
	found := false
	for _, row := range rows {
		if row[2] == `'=HYPERLINK("http://x")` {
			found = true
		}
	}
	if !found {
		t.Error("formula name not neutralised with a leading apostrophe")
	}
}

func TestCSVMinScore(t *testing.T) {
	rows := readCSV(t, render(t, sampleReport(), "csv", Options{MinScore: 50, Limit: 1}))
	if len(rows) != 3 { // header + two subjects; Limit is for the table only
		t.Fatalf("got %d rows, want 3", len(rows))
	}
}
