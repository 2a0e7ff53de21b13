package address

import "strings"

// countryNames maps country names people type instead of ISO codes.
// Only the common ones: anything else is kept as typed, upper-cased.
var countryNames = map[string]string{
	"usa": "US", "us": "US", "u s": "US", "united states": "US", "united states of america": "US",
	"america": "US", "us of a": "US",
	"uk": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
	"wales": "GB", "northern ireland": "GB",
	"canada": "CA", "mexico": "MX", "india": "IN", "germany": "DE", "deutschland": "DE",
	"france": "FR", "spain": "ES", "espana": "ES", "italy": "IT", "italia": "IT",
	"netherlands": "NL", "the netherlands": "NL", "singapore": "SG", "japan": "JP",
	"china": "CN", "south korea": "KR", "korea": "KR", "republic of korea": "KR",
	"philippines": "PH", "vietnam": "VN", "viet nam": "VN", "brazil": "BR", "brasil": "BR",
	"poland": "PL", "ukraine": "UA", "russia": "RU", "russian federation": "RU",
	"australia": "AU", "new zealand": "NZ", "ireland": "IE", "pakistan": "PK",
	"nigeria": "NG", "united arab emirates": "AE", "uae": "AE",
}

// country returns the ISO 3166-1 alpha-2 code for what was typed, or the
// folded text upper-cased when it is not a name we know.
func country(raw string) string {
	w := words(raw)
	if code, ok := countryNames[w]; ok {
		return code
	}
	return strings.ToUpper(w)
}
