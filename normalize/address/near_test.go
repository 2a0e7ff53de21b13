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
		want bool
	}{
		{"12 Magnolia Street", "12 Magnola St.", true},
		{"12 Jefferson Ct", "12 Jeffersen Court", true},
		{"12 Jefferson Ct", "12 Jefferson Court", true},
		{"12 Oak St", "12 Oak Ct", false},            // another street
		{"12 5th Ave", "12 6th Ave", false},          // numbered streets
		{"12 N Main St", "12 S Main St", false},      // directionals
		{"12 Pine St", "12 Pike St", false},          // short names: one letter is another name
		{"12 Magnolia St", "12 Magnolia Ave", false}, // suffix
		{"12 Magnolia St", "12 Mongolia Ave", false},
		{"12 Elm Street", "12 Elm Street Extension", false},
	} {
		a, b := street(tc.a), street(tc.b)
		if got := NearStreets(a, b); got != tc.want {
			t.Errorf("NearStreets(%q, %q) = %v, want %v", a, b, got, tc.want)
		}
	}
}
