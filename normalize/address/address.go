// Package address turns postal addresses as people type them into keys that
// link the same building and the same door: "5451 Walnut Drive, Apt 33" and
// "5451 WALNUT DR #33" are one home, and the 300 units of one apartment
// building share a Building but not a Key.
package address

import (
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Address is a normalised postal address. Text fields are folded (lower
// case, no accents, single spaces); Country and US Region are upper-case
// codes.
type Address struct {
	// Building identifies the building: "US|75238|5451|walnut dr",
	// that is country|postal code|house number|street. Without a postal
	// code, the city and region take its place. Empty when there is no
	// street line or no postal code, city or region: neither a town alone
	// nor a street alone is a place to link on.
	Building string
	// Unit identifies the door inside the building: "apt 33", "ste 200",
	// "bldg 3 apt 4". Empty for a house.
	Unit string
	// Key is Building + "#" + Unit: the home. Empty when Building is.
	Key string

	Street  string // "walnut dr": the street name without the house number
	City    string
	Region  string // "TX" for US states; folded text elsewhere
	Postal  string // 5-digit ZIP in the US; folded, without spaces, elsewhere
	Country string // ISO 3166-1 alpha-2 where known
}

// Normalize normalises a typed address. US addresses (and those of US
// territories) get USPS rules: ZIP+4 cut to five digits, street suffixes,
// directionals and unit designators abbreviated, state names as codes.
// Other countries get general folding only. An empty address gives the
// zero Address.
func Normalize(a mosaic.Address) Address {
	if isBlank(a) {
		return Address{}
	}
	out := Address{Country: country(a.Country)}
	regionWords := words(a.Region)
	if out.Country == "" {
		out.Country = guessCountry(regionWords, a.PostalCode)
	}
	// USPS rules for the US, and for addresses of no stated country, which
	// in a US company's exports are nearly always domestic.
	us := usCountries[out.Country] || out.Country == ""

	out.City = words(a.City)
	out.Region = regionWords
	out.Postal = generalPostal(a.PostalCode)
	if us {
		out.City = usCity(out.City)
		if code, ok := usStates[regionWords]; ok {
			out.Region = code
		}
		if zip, ok := usZIP(a.PostalCode, out.Country != ""); ok {
			out.Postal = zip
		}
	}

	street, units := splitLines(a.Line1, a.Line2)
	out.Unit = strings.Join(units, " ")
	var house string
	if box, ok := poBox(street); ok {
		out.Street = box
	} else {
		house, street = splitHouse(street)
		if us {
			out.Street = usStreet(street)
		} else {
			out.Street = strings.Join(street, " ")
		}
	}
	if out.Street == "" && house == "" {
		return out
	}
	place := out.Postal
	if place == "" {
		place = strings.TrimSpace(out.City + " " + strings.ToLower(out.Region))
	}
	if place == "" {
		// "123 Main St" with no town could be anywhere: linking on it
		// would join strangers.
		return out
	}
	building := strings.Join([]string{out.Country, place, house, out.Street}, "|")
	out.Key = building + "#" + out.Unit
	// The building is the key's prefix: sharing its bytes halves what a
	// million addresses keep in memory.
	out.Building = out.Key[:len(building)]
	return out
}

// isBlank reports an address with nothing but spaces in it.
func isBlank(a mosaic.Address) bool {
	return strings.TrimSpace(a.Line1+a.Line2+a.City+a.Region+a.PostalCode+a.Country) == ""
}

// splitLines reads the two street lines into the street tokens (house
// number first) and the units. The street is normally line 1; when line 1
// names a recipient ("c/o ...") or holds only a unit and line 2 is a street,
// the street is line 2.
func splitLines(line1, line2 string) (street, units []string) {
	f1, f2 := fold(line1), fold(line2)
	var t1, t2 []string
	if !isCareOf(f1) {
		t1 = tokens(f1)
	}
	if !isCareOf(f2) {
		t2 = tokens(f2)
	}
	units, street = splitLine1(t1)
	switch {
	case len(t2) == 0:
	case looksLikeStreet(t2) && (len(street) == 0 || !hasDigit(street[0])):
		units2, street2 := splitLine1(t2)
		units, street = append(units, units2...), street2
	default:
		units = append(units, line2Units(t2)...)
	}
	return withoutHash(street), dedupe(withoutHash(units))
}

// dedupe drops repeated units ("Apt 4" on both lines).
func dedupe(units []string) []string {
	out := units[:0]
	seen := make(map[string]bool, len(units))
	for _, u := range units {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}
