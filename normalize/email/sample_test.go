package email

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleEmails normalises every address of the sample bundle's
// applications and employees.
func TestSampleEmails(t *testing.T) {
	dir := ""
	for _, root := range []string{filepath.Join("..", "..", ".."), filepath.Join("..", "..")} {
		d := filepath.Join(root, "shared", "contract", "sample")
		if _, err := os.Stat(filepath.Join(d, "applications.csv")); err == nil {
			dir = d
			break
		}
	}
	if dir == "" {
		t.Skip("sample bundle (shared/contract/sample) not present; skipping")
	}
	files := map[string][]string{
		"applications.csv": {"email", "ref1_email", "ref2_email"},
		"employees.csv":    {"work_email", "personal_email"},
	}
	seen := 0
	for file, columns := range files {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, c := range rows[0] {
			col[c] = i
		}
		for _, r := range rows[1:] {
			for _, c := range columns {
				raw := r[col[c]]
				if raw == "" {
					continue
				}
				seen++
				if _, ok := Normalize(raw); !ok {
					t.Errorf("%s %s %q: not normalised", file, c, raw)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no addresses in the sample")
	}
}
