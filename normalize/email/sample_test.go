package email

import (
	"github.com/mosaic-sec/mosaic/normalize/internal/sample"
	"testing"
)

// TestSampleEmails normalises every address of the sample bundle's
// applications and employees.
func TestSampleEmails(t *testing.T) {
	files := map[string][]string{
		"applications.csv": {"email", "ref1_email", "ref2_email"},
		"employees.csv":    {"work_email", "personal_email"},
	}
	seen := 0
	for file, columns := range files {
		rows, col := sample.Rows(t, file)
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
