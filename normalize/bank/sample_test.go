package bank

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleRouting checks every routing number of the sample bundle's
// payroll export, without printing any of them.
func TestSampleRouting(t *testing.T) {
	path := ""
	for _, root := range []string{filepath.Join("..", "..", ".."), filepath.Join("..", "..")} {
		p := filepath.Join(root, "shared", "contract", "sample", "payroll.csv")
		if _, err := os.Stat(p); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("sample bundle (shared/contract/sample) not present; skipping")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, c := range rows[0] {
		if c == "routing_number" {
			col = i
		}
	}
	if col < 0 {
		t.Fatal("payroll.csv has no routing_number column")
	}
	checked, invalid := 0, 0
	for _, r := range rows[1:] {
		if r[col] == "" {
			continue
		}
		checked++
		if !ValidABA(r[col]) {
			invalid++ // the value itself is sensitive: count, never print
		}
	}
	if checked == 0 || invalid > 0 {
		t.Errorf("%d of %d routing numbers invalid", invalid, checked)
	}
}
