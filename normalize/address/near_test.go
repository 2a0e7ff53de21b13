package address

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestNearStreets(t *testing.T) {
	street := func(line string) string {
		return Normalize(mosaic.Address{Line1: line, City: "Boston", Region: "MA", PostalCode: "02116", Country: "US"}).Street
	}
	for _, tc := range []struct {
		a, b string
		raw  bool // compare as given, not as Normalize writes a street
		want bool
	}{
		{"12 Magnolia Street", "12 Magnola St.", false, true},
		{"12 Jefferson Ct", "12 Jeffersen Court", false, true},
		{"12 Jefferson Ct", "12 Jefferson Court", false, true},
		{"12 Oak St", "12 Oak Ct", false, false},            // another street
		{"12 5th Ave", "12 6th Ave", false, false},          // numbered streets
		{"12 N Main St", "12 S Main St", false, false},      // directionals
		{"12 Pine St", "12 Pike St", false, false},          // short names: one letter is another name
		{"12 Magnolia St", "12 Magnolia Ave", false, false}, // suffix
		{"12 Magnolia St", "12 Mongolia Ave", false, false},
		{"12 Elm Street", "12 Elm Street Extension", false, false},
		// Callers other than Normalize: the same words spaced differently
		// are one street, and nothing panics.
		{"oak  st", "oak st", true, true},
		{" magnolia st", "magnola st ", true, true},
		{"", " ", true, true},
		{"", "oak st", true, false},
	} {
		a, b := tc.a, tc.b
		if !tc.raw {
			a, b = street(a), street(b)
		}
		if got := NearStreets(a, b); got != tc.want {
			t.Errorf("NearStreets(%q, %q) = %v, want %v", a, b, got, tc.want)
		}
	}
}
