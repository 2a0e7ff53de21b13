package address

import "strings"

// usZIP returns the 5-digit ZIP of a US postal code: "75238", "75238-1234"
// and "752381234" give "75238". Spreadsheets drop leading zeros, so a
// 3- or 4-digit code ("2160") and an 8-digit ZIP+4 are padded back
// ("02160"): no US ZIP is shorter than five digits. pad is false when the
// country is not known to be the US, where a 4-digit code may be Swiss.
func usZIP(raw string, pad bool) (string, bool) {
	var digits strings.Builder
	for _, r := range strings.TrimSpace(raw) {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '-' || r == ' ':
		default:
			return "", false
		}
	}
	d := digits.String()
	switch len(d) {
	case 5, 9:
		return d[:5], true
	case 3, 4:
		if !pad {
			return "", false
		}
		return strings.Repeat("0", 5-len(d)) + d, true
	case 8:
		if !pad {
			return "", false
		}
		return "0" + d[:4], true
	}
	return "", false
}

// generalPostal folds a postal code and removes its spaces and dashes:
// "SW1A 1AA" and "sw1a1aa" are one code.
func generalPostal(raw string) string {
	return strings.Join(withoutHash(tokens(strings.ReplaceAll(fold(raw), "-", " "))), "")
}

// guessCountry fills in a missing country as US when the region is a US
// state and the postal code is a ZIP, which is how US-only exports look.
func guessCountry(regionWords, postal string) string {
	if _, ok := usStates[regionWords]; !ok {
		return ""
	}
	if _, ok := usZIP(postal, false); !ok {
		return ""
	}
	return "US"
}

// usCity spells the words that US city names abbreviate at will one way:
// "Saint Louis" and "St. Louis", "Fort Worth" and "Ft Worth".
func usCity(city string) string {
	toks := strings.Fields(city)
	for i, t := range toks {
		switch t {
		case "saint":
			toks[i] = "st"
		case "fort":
			toks[i] = "ft"
		case "mount":
			toks[i] = "mt"
		}
	}
	return strings.Join(toks, " ")
}
