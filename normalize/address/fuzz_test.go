package address

import (
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// FuzzNormalize checks that no input panics, that the result is
// deterministic and that Key is built from Building and Unit.
func FuzzNormalize(f *testing.F) {
	f.Add("5451 Walnut Drive", "Apt 33", "Dallas", "TX", "75238", "US")
	f.Add("Unit 4B, 123 Main St", "", "Austin", "Texas", "78754-1234", "usa")
	f.Add("P.O. Box 12", "c/o x", "", "", "2160", "")
	f.Add("Flat 3, 12 High Street", "", "London", "", "SW1A 1AA", "UK")
	f.Add("\xff#", "#", "🌆", "\x00", "--", "🇺🇸")
	f.Fuzz(func(t *testing.T, line1, line2, city, region, postal, country string) {
		a := mosaic.Address{Line1: line1, Line2: line2, City: city, Region: region, PostalCode: postal, Country: country}
		got := Normalize(a)
		if got != Normalize(a) {
			t.Fatalf("not deterministic: %+v", a)
		}
		for _, part := range []string{got.Unit, got.Street, got.City, got.Region, got.Postal, got.Country} {
			if strings.ContainsAny(part, "|#") {
				t.Fatalf("separator inside a part: %+v", got)
			}
		}
		switch {
		case got.Building == "" && got.Key != "":
			t.Fatalf("key %q without building", got.Key)
		case got.Building != "" && got.Key != got.Building+"#"+got.Unit:
			t.Fatalf("key %q is not building %q # unit %q", got.Key, got.Building, got.Unit)
		}
	})
}
