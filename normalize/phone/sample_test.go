package phone

import (
	"github.com/mosaic-sec/mosaic/normalize/internal/sample"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestSamplePhones normalises every phone of the sample bundle's
// applications (applicant and referees) with the row's country, and checks
// the shortcut Normalize takes for validity against IsValidNumber.
func TestSamplePhones(t *testing.T) {
	rows, col := sample.Rows(t, "applications.csv")
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
