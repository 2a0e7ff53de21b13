package phone

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestSamplePhones normalises every phone of the sample bundle's
// applications (applicant and referees) with the row's country, and checks
// the shortcut Normalize takes for validity against IsValidNumber.
func TestSamplePhones(t *testing.T) {
	path := ""
	for _, root := range []string{filepath.Join("..", "..", ".."), filepath.Join("..", "..")} {
		p := filepath.Join(root, "shared", "contract", "sample", "applications.csv")
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
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	seen := 0
	for _, r := range rows[1:] {
		for _, c := range []string{"phone", "ref1_phone", "ref2_phone"} {
			raw := r[col[c]]
			if raw == "" {
				continue
			}
			seen++
			p, ok := Normalize(raw, r[col["country"]])
			if !ok {
				t.Errorf("%s %q: not normalised", c, raw)
				continue
			}
			num, err := phonenumbers.Parse(p.E164, "")
			if err != nil {
				t.Fatalf("%s: %v", p.E164, err)
			}
			if valid := phonenumbers.IsValidNumber(num); valid != (p.Type != typeUnknown) {
				t.Errorf("%s: IsValidNumber %v but Type %q", p.E164, valid, p.Type)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no phones in the sample")
	}
}
