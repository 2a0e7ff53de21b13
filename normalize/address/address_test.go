package address

import (
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   mosaic.Address
		want Address
	}{
		{"house with unit on line 2",
			mosaic.Address{Line1: "5451 Walnut Drive", Line2: "Apt 33", City: "Dallas", Region: "TX", PostalCode: "75238", Country: "US"},
			Address{Building: "US|75238|5451|walnut dr", Unit: "apt 33", Key: "US|75238|5451|walnut dr#apt 33",
				Street: "walnut dr", City: "dallas", Region: "TX", Postal: "75238", Country: "US"}},
		{"upper case, abbreviations, hash unit, ZIP+4, state name",
			mosaic.Address{Line1: "5451 WALNUT DR.", Line2: "#33", City: "DALLAS", Region: "Texas", PostalCode: "75238-1234", Country: "usa"},
			Address{Building: "US|75238|5451|walnut dr", Unit: "apt 33", Key: "US|75238|5451|walnut dr#apt 33",
				Street: "walnut dr", City: "dallas", Region: "TX", Postal: "75238", Country: "US"}},
		{"unit at the end of line 1",
			mosaic.Address{Line1: "123 Main St Apt 4B", City: "Austin", Region: "TX", PostalCode: "78754", Country: "US"},
			Address{Building: "US|78754|123|main st", Unit: "apt 4b", Key: "US|78754|123|main st#apt 4b",
				Street: "main st", City: "austin", Region: "TX", Postal: "78754", Country: "US"}},
		{"hash unit glued to the number",
			mosaic.Address{Line1: "123 Main Street #4B", City: "Austin", Region: "TX", PostalCode: "78754", Country: "US"},
			Address{Building: "US|78754|123|main st", Unit: "apt 4b", Key: "US|78754|123|main st#apt 4b",
				Street: "main st", City: "austin", Region: "TX", Postal: "78754", Country: "US"}},
		{"unit before the street",
			mosaic.Address{Line1: "Unit 4B, 123 Main St", City: "Austin", Region: "TX", PostalCode: "78754", Country: "US"},
			Address{Building: "US|78754|123|main st", Unit: "apt 4b", Key: "US|78754|123|main st#apt 4b",
				Street: "main st", City: "austin", Region: "TX", Postal: "78754", Country: "US"}},
		{"suite and directional",
			mosaic.Address{Line1: "100 North Central Expressway, Suite 200", City: "Richardson", Region: "tx", PostalCode: "75080", Country: "US"},
			Address{Building: "US|75080|100|n central expy", Unit: "ste 200", Key: "US|75080|100|n central expy#ste 200",
				Street: "n central expy", City: "richardson", Region: "TX", Postal: "75080", Country: "US"}},
		{"house without unit",
			mosaic.Address{Line1: "7822 Jefferson Ct.", City: "Boston", Region: "MA", PostalCode: "02160", Country: "US"},
			Address{Building: "US|02160|7822|jefferson ct", Key: "US|02160|7822|jefferson ct#",
				Street: "jefferson ct", City: "boston", Region: "MA", Postal: "02160", Country: "US"}},
		{"leading zero lost by a spreadsheet",
			mosaic.Address{Line1: "7822 Jefferson Court", City: "Boston", Region: "MA", PostalCode: "2160", Country: "US"},
			Address{Building: "US|02160|7822|jefferson ct", Key: "US|02160|7822|jefferson ct#",
				Street: "jefferson ct", City: "boston", Region: "MA", Postal: "02160", Country: "US"}},
		{"missing country inferred from state and ZIP",
			mosaic.Address{Line1: "6838 Lake Pl.", Line2: "#3", City: "Salt Lake City", Region: "UT", PostalCode: "84147"},
			Address{Building: "US|84147|6838|lake pl", Unit: "apt 3", Key: "US|84147|6838|lake pl#apt 3",
				Street: "lake pl", City: "salt lake city", Region: "UT", Postal: "84147", Country: "US"}},
		{"no postal code: city and region take its place",
			mosaic.Address{Line1: "12 Oak Road", City: "Phoenix", Region: "Arizona", Country: "US"},
			Address{Building: "US|phoenix az|12|oak rd", Key: "US|phoenix az|12|oak rd#",
				Street: "oak rd", City: "phoenix", Region: "AZ", Country: "US"}},
		{"street on line 2 under a care-of line",
			mosaic.Address{Line1: "c/o Acme Freight", Line2: "9 Dock Road", City: "Miami", Region: "FL", PostalCode: "33101", Country: "US"},
			Address{Building: "US|33101|9|dock rd", Key: "US|33101|9|dock rd#",
				Street: "dock rd", City: "miami", Region: "FL", Postal: "33101", Country: "US"}},
		{"unit on line 1, street on line 2",
			mosaic.Address{Line1: "Apt 7", Line2: "9 Dock Road", City: "Miami", Region: "FL", PostalCode: "33101", Country: "US"},
			Address{Building: "US|33101|9|dock rd", Unit: "apt 7", Key: "US|33101|9|dock rd#apt 7",
				Street: "dock rd", City: "miami", Region: "FL", Postal: "33101", Country: "US"}},
		{"po box",
			mosaic.Address{Line1: "P.O. Box 0123", City: "Reno", Region: "NV", PostalCode: "89501", Country: "US"},
			Address{Building: "US|89501||po box 123", Key: "US|89501||po box 123#",
				Street: "po box 123", City: "reno", Region: "NV", Postal: "89501", Country: "US"}},
		{"ordinal and saint",
			mosaic.Address{Line1: "55 First Avenue", City: "Saint Paul", Region: "MN", PostalCode: "55101", Country: "US"},
			Address{Building: "US|55101|55|1st ave", Key: "US|55101|55|1st ave#",
				Street: "1st ave", City: "st paul", Region: "MN", Postal: "55101", Country: "US"}},
		{"accents and odd spacing",
			mosaic.Address{Line1: "  12   Peñasco   Blvd ", Line2: " Unit  04 ", City: "San José", Region: "CA", PostalCode: " 95112 ", Country: " us "},
			Address{Building: "US|95112|12|penasco blvd", Unit: "apt 4", Key: "US|95112|12|penasco blvd#apt 4",
				Street: "penasco blvd", City: "san jose", Region: "CA", Postal: "95112", Country: "US"}},
		{"Singapore: general rules only",
			mosaic.Address{Line1: "191 Harbour Road", City: "Singapore", Region: "Singapore", PostalCode: "67622", Country: "SG"},
			Address{Building: "SG|67622|191|harbour road", Key: "SG|67622|191|harbour road#",
				Street: "harbour road", City: "singapore", Region: "singapore", Postal: "67622", Country: "SG"}},
		{"UK flat and postcode spacing",
			mosaic.Address{Line1: "Flat 3, 12 High Street", City: "London", PostalCode: "sw1a 1aa", Country: "United Kingdom"},
			Address{Building: "GB|sw1a1aa|12|high street", Unit: "apt 3", Key: "GB|sw1a1aa|12|high street#apt 3",
				Street: "high street", City: "london", Postal: "sw1a1aa", Country: "GB"}},
		{"German street with number after the name",
			mosaic.Address{Line1: "Hauptstraße 5", City: "München", PostalCode: "80331", Country: "DE"},
			Address{Building: "DE|80331||hauptstrasse 5", Key: "DE|80331||hauptstrasse 5#",
				Street: "hauptstrasse 5", City: "munchen", Postal: "80331", Country: "DE"}},
		{"no country: USPS street rules, 4-digit code not padded",
			mosaic.Address{Line1: "9370 Walnut Lane", City: "Zurich", PostalCode: "8001"},
			Address{Building: "|8001|9370|walnut ln", Key: "|8001|9370|walnut ln#",
				Street: "walnut ln", City: "zurich", Postal: "8001"}},
		{"street without any town: not linkable",
			mosaic.Address{Line1: "123 Main St", Country: "US"},
			Address{Street: "main st", Country: "US"}},
		{"Queens house number and hyphenated unit",
			mosaic.Address{Line1: "12-34 56th Street", Line2: "4-B", City: "Queens", Region: "NY", PostalCode: "11101", Country: "US"},
			Address{Building: "US|11101|12-34|56th st", Unit: "apt 4b", Key: "US|11101|12-34|56th st#apt 4b",
				Street: "56th st", City: "queens", Region: "NY", Postal: "11101", Country: "US"}},
		{"hyphenated city splits",
			mosaic.Address{Line1: "1 Elm St", City: "Winston-Salem", Region: "North Carolina", PostalCode: "27101", Country: "US"},
			Address{Building: "US|27101|1|elm st", Key: "US|27101|1|elm st#",
				Street: "elm st", City: "winston salem", Region: "NC", Postal: "27101", Country: "US"}},
		{"periods: initials join, others separate",
			mosaic.Address{Line1: "7 N.E. Main St.Apt.4", City: "St.Louis", Region: "MO", PostalCode: "63101", Country: "U.S.A."},
			Address{Building: "US|63101|7|ne main st", Unit: "apt 4", Key: "US|63101|7|ne main st#apt 4",
				Street: "ne main st", City: "st louis", Region: "MO", Postal: "63101", Country: "US"}},
		{"stray hash signs",
			mosaic.Address{Line1: "12 Main St #", Line2: "# Rear", City: "#Austin", Region: "TX", PostalCode: "78754", Country: "US"},
			Address{Building: "US|78754|12|main st", Unit: "rear", Key: "US|78754|12|main st#rear",
				Street: "main st", City: "austin", Region: "TX", Postal: "78754", Country: "US"}},
		{"city only: not linkable",
			mosaic.Address{City: "Dallas", Region: "TX", Country: "US"},
			Address{City: "dallas", Region: "TX", Country: "US"}},
		{"empty", mosaic.Address{}, Address{}},
		{"blank", mosaic.Address{Line1: "  ", Line2: "\t", Country: " "}, Address{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%+v) =\n%+v; want\n%+v", tt.in, got, tt.want)
			}
		})
	}
}

// TestSameHome lists spellings of one home that must share a Key.
func TestSameHome(t *testing.T) {
	base := mosaic.Address{City: "Austin", Region: "TX", PostalCode: "78754", Country: "US"}
	lines := [][2]string{
		{"5309 Hickory Court", "Apt 27"},
		{"5309 HICKORY CT.", "#27"},
		{"5309 hickory ct", "Unit 27"},
		{"5309 Hickory Ct Apt 27", ""},
		{"5309 Hickory Ct #27", ""},
		{"5309 Hickory Ct. Apt. #27", ""},
		{"Apartment 27, 5309 Hickory Court", ""},
		{"5309 Hickory Ct", "27"},
		{"5309 Hickory Ct", "No. 27"},
		{"5309 Hickory Ct", "apt 027"},
	}
	var want string
	for i, l := range lines {
		a := base
		a.Line1, a.Line2 = l[0], l[1]
		got := Normalize(a).Key
		if i == 0 {
			want = got
			if want == "" {
				t.Fatal("empty key")
			}
			continue
		}
		if got != want {
			t.Errorf("%q / %q: Key %q; want %q", l[0], l[1], got, want)
		}
	}
}

// TestOneBuildingManyUnits: an apartment block is one Building with one Key
// per door, so it does not look like 300 people sharing one home.
func TestOneBuildingManyUnits(t *testing.T) {
	keys := map[string]bool{}
	buildings := map[string]bool{}
	for _, u := range []string{"Apt 1", "Apt 2", "#3", "Unit 4", "Apt 4B", "Ste 5", ""} {
		n := Normalize(mosaic.Address{Line1: "1 Tower Plaza", Line2: u, City: "Dallas", Region: "TX", PostalCode: "75201", Country: "US"})
		keys[n.Key] = true
		buildings[n.Building] = true
	}
	if len(buildings) != 1 || len(keys) != 7 {
		t.Errorf("got %d buildings and %d keys; want 1 and 7", len(buildings), len(keys))
	}
}

func TestDifferentHomes(t *testing.T) {
	a := mosaic.Address{Line1: "12 North Street", City: "Dallas", Region: "TX", PostalCode: "75201", Country: "US"}
	b := mosaic.Address{Line1: "12 N Main Street", City: "Dallas", Region: "TX", PostalCode: "75201", Country: "US"}
	c := mosaic.Address{Line1: "12 Main Street", City: "Dallas", Region: "TX", PostalCode: "75202", Country: "US"}
	if Normalize(a).Street != "north st" {
		t.Errorf("North Street: %q", Normalize(a).Street)
	}
	if Normalize(b).Street != "n main st" {
		t.Errorf("N Main Street: %q", Normalize(b).Street)
	}
	if Normalize(b).Key == Normalize(c).Key {
		t.Error("different ZIP codes must not share a key")
	}
}

func TestNormalizeHostile(t *testing.T) {
	huge := strings.Repeat("Apt 9 ", 100000)
	inputs := []mosaic.Address{
		{Line1: huge, Line2: huge, City: huge, Region: huge, PostalCode: huge, Country: huge},
		{Line1: "\xff\xfe 12 Main St \x00\x1b[31m", City: "\xc3"},
		{Line1: "🏠 12 Main St 🏠", Line2: "🚪", City: "🌆", Country: "🇺🇸"},
		{Line1: "12 Главная улица", City: "Москва", Country: "RU"},
		{Line1: "東京都千代田区1-1", Country: "JP"},
		{Line1: "#", Line2: "#"},
		{Line1: "Apt", Line2: "Unit"},
		{Line1: "-/-/-", PostalCode: "--"},
		{Line1: "\u200b\u200d\u202e12 Main St"},
		{Line1: "1", Country: "US"},
		{Line1: "Apt 4 Apt 5 Apt 6", Country: "US"},
	}
	for _, in := range inputs {
		got := Normalize(in)
		if got != Normalize(in) {
			t.Errorf("not deterministic for %q", in.Line1)
		}
		if got.Key != "" && !strings.HasPrefix(got.Key, got.Building+"#") {
			t.Errorf("Key %q does not start with Building %q", got.Key, got.Building)
		}
		if len(got.Key) > 4*maxField {
			t.Errorf("key of %d bytes", len(got.Key))
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	inputs := []mosaic.Address{
		{Line1: "5451 Walnut Drive", Line2: "Apt 33", City: "Dallas", Region: "TX", PostalCode: "75238", Country: "US"},
		{Line1: "5309 HICKORY CT.", Line2: "#27", City: "Austin", Region: "TX", PostalCode: "78754-1234", Country: "US"},
		{Line1: "Unit 4B, 123 North Main St", City: "Saint Paul", Region: "Minnesota", PostalCode: "55101", Country: "USA"},
		{Line1: "191 Harbour Road", City: "Singapore", Region: "Singapore", PostalCode: "67622", Country: "SG"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Normalize(inputs[i%len(inputs)])
	}
}
