package detect

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryCodes maps English country names, as identity providers write them
// ("United States", "South Korea"), to ISO 3166-1 alpha-2 codes. It is built
// once from x/text's CLDR region names and never changed after.
var countryCodes = sync.OnceValue(func() map[string]string {
	names := display.English.Regions()
	out := map[string]string{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() {
				continue
			}
			if n := names.Name(r); n != "" {
				out[strings.ToLower(n)] = code
			}
		}
	}
	// Common variants that CLDR spells otherwise.
	for n, c := range map[string]string{
		"united states of america": "US", "usa": "US", "south korea": "KR", "korea, republic of": "KR",
		"north korea": "KP", "korea, democratic people's republic of": "KP", "russia": "RU",
		"russian federation": "RU", "vietnam": "VN", "viet nam": "VN", "uk": "GB", "great britain": "GB",
		"czech republic": "CZ", "the netherlands": "NL", "iran": "IR", "syria": "SY", "laos": "LA",
		"taiwan": "TW", "hong kong": "HK", "macau": "MO", "ivory coast": "CI", "turkey": "TR",
	} {
		out[n] = c
	}
	return out
})

// countryCode returns the ISO code of a country name or code; "" if unknown.
func countryCode(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" || n == "null" {
		return ""
	}
	if len(n) == 2 {
		return strings.ToUpper(n)
	}
	return countryCodes()[n]
}

var usStates = map[string]string{
	"alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
	"connecticut": "CT", "delaware": "DE", "district of columbia": "DC", "florida": "FL", "georgia": "GA",
	"hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
	"kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
	"michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
	"nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
	"new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
	"oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
	"tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
	"west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR",
}

// anyStateCode returns the two-letter code of a US state given by code or
// by name.
func anyStateCode(s string) string {
	if s = strings.TrimSpace(s); len(s) == 2 {
		return strings.ToUpper(s)
	}
	return usStateCode(s)
}

// usStateCode returns the two-letter code of a US state name.
func usStateCode(name string) string {
	return usStates[strings.ToLower(strings.TrimSpace(name))]
}
