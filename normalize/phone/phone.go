// Package phone turns phone numbers as people type them into E.164, so that
// "(415) 555-2671", "415.555.2671" and "+1 415 555 2671" link as one number.
package phone

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// Phone is a normalised phone number.
type Phone struct {
	E164   string // "+14155552671"; the key to link on
	Region string // ISO 3166-1 alpha-2 of the number itself, e.g. "US"
	Type   string // mobile, fixed_line, fixed_line_or_mobile, voip, toll_free, ... or unknown
}

// fallbackRegion is assumed when the caller knows no country for a number
// typed without a + prefix: most exports mosaic reads come from US companies.
const fallbackRegion = "US"

// maxInput bounds the work done on hostile input; phonenumbers rejects
// anything longer than 250 bytes anyway.
const maxInput = 250

// Normalize parses raw with defaultRegion (the ISO country of the address
// that goes with the number; "US" when empty or unknown) used only when raw
// has no international prefix. Extensions are dropped: they do not tell
// people apart.
//
// Numbers that parse but fail phonenumbers' validity check are still
// returned, with Type "unknown", when their length is possible for their
// country. Synthetic and fictional numbers (555-01xx) and numbers from
// ranges allocated after the metadata was built fail that check, yet two
// records carrying the same such number are still linked by it. Placeholders
// (all one digit, 1234567890) and numbers of impossible length return false.
func Normalize(raw, defaultRegion string) (Phone, bool) {
	num, nsn, ok := parse(raw, defaultRegion)
	if !ok {
		return Phone{}, false
	}
	p := Phone{E164: e164(num, nsn), Type: typeUnknown}
	// GetNumberType is UNKNOWN exactly when IsValidNumber is false (both
	// match the number against its region's patterns); asking once saves
	// a third of the work.
	if t := phonenumbers.GetNumberType(num); t != phonenumbers.UNKNOWN {
		p.Region = phonenumbers.GetRegionCodeForNumber(num)
		p.Type = typeName(t)
	}
	if p.Region == "" {
		// The main country of the calling code: "US" for +1, even though
		// the number might be Canadian. Good enough for display and hints.
		p.Region = phonenumbers.GetRegionCodeForCountryCode(int(num.GetCountryCode()))
	}
	if p.Region == "001" || p.Region == "ZZ" {
		p.Region = "" // non-geographic (+800, +881 ...) or unknown
	}
	return p, true
}

// E164 returns only the E.164 form of a number, by the same rules as
// Normalize but without classifying it: linking needs equality, not the
// number's type, and the classification costs half of the work.
func E164(raw, defaultRegion string) (string, bool) {
	s, region := cleanInput(raw), regionOrFallback(defaultRegion)
	if s == "" {
		return "", false
	}
	if nsn, ok := plainNANP(s, region); ok {
		if isPlaceholder(nsn) {
			return "", false
		}
		return "+1" + nsn, true
	}
	return cleanE164(s, region)
}

// parsedE164 is E164 through the phonenumbers parser alone.
func parsedE164(raw, defaultRegion string) (string, bool) {
	return cleanE164(cleanInput(raw), regionOrFallback(defaultRegion))
}

// cleanE164 is parsedE164 for input already through cleanInput and a
// region already through regionOrFallback.
func cleanE164(s, region string) (string, bool) {
	num, nsn, ok := parseClean(s, region)
	if !ok {
		return "", false
	}
	// E.164 is "+", the country code and the national significant number,
	// which is how phonenumbers.Format writes it; building it here spares
	// the library's formatting buffers (a gigabyte of garbage when linking
	// a million applications).
	return e164(num, nsn), true
}

// e164 is "+", the country code and the national significant number.
func e164(num *phonenumbers.PhoneNumber, nsn string) string {
	return "+" + strconv.Itoa(int(num.GetCountryCode())) + nsn
}

// parse reads a number and checks its length and that it is no
// placeholder; it returns the number and its national significant number.
func parse(raw, defaultRegion string) (*phonenumbers.PhoneNumber, string, bool) {
	return parseClean(cleanInput(raw), regionOrFallback(defaultRegion))
}

// parseClean is parse for input already through cleanInput and a region
// already through regionOrFallback.
func parseClean(s, region string) (*phonenumbers.PhoneNumber, string, bool) {
	if s == "" {
		return nil, "", false
	}
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return nil, "", false
	}
	if phonenumbers.IsPossibleNumberWithReason(num) != phonenumbers.IS_POSSIBLE {
		return nil, "", false
	}
	nsn := phonenumbers.GetNationalSignificantNumber(num)
	for range 4 {
		if !strings.HasPrefix(nsn, "0") {
			break
		}
		// Read after an international prefix, a number can keep its
		// national trunk prefix ("00 20 0 10...": Egypt's 0), which the
		// library drops when the E.164 form is read again. The form read
		// again is the canonical one, so E.164 stays a fixed point. Only
		// numbers whose significant part starts with 0 are read twice
		// (Italy's keep their 0 either way): the phone parser is most of
		// linking's work.
		// Each reading drops one prefix, so it is repeated until the
		// form stays.
		again, err := phonenumbers.Parse("+"+strconv.Itoa(int(num.GetCountryCode()))+nsn, "")
		if err != nil || phonenumbers.IsPossibleNumberWithReason(again) != phonenumbers.IS_POSSIBLE {
			break
		}
		next := phonenumbers.GetNationalSignificantNumber(again)
		if next == nsn {
			break
		}
		num, nsn = again, next
	}
	if isPlaceholder(nsn) {
		return nil, "", false
	}
	num.Extension = nil
	return num, nsn, true
}

// Format returns an E.164 number in international format for display:
// "+1 602 555 0143". Input that is not an E.164 number is returned trimmed,
// so a report can still show what was typed.
func Format(e164 string) string {
	s := strings.TrimSpace(e164)
	if !strings.HasPrefix(s, "+") || len(s) > maxInput {
		return s
	}
	num, err := phonenumbers.Parse(s, "")
	if err != nil {
		return s
	}
	num.Extension = nil
	// phonenumbers writes US numbers as "+1 602-555-0143"; spaces read the
	// same in every country and copy-paste back into Normalize.
	return strings.ReplaceAll(phonenumbers.Format(num, phonenumbers.INTERNATIONAL), "-", " ")
}

// cleanInput strips what phonenumbers does not expect: a "tel:" scheme,
// control characters, invalid UTF-8, and the "00" international prefix that
// people outside North America type even when writing to a US form.
func cleanInput(raw string) string {
	if len(raw) > 4*maxInput {
		return ""
	}
	s := strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, raw)
	s = strings.TrimSpace(s)
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = strings.TrimSpace(s[4:])
	}
	if len(s) > maxInput {
		return ""
	}
	// "001 415 555 2671" means +1 415 555 2671 to anyone dialling from a
	// country whose exit code is 00. No region's national numbers start
	// with 00, so reading it as "+" is safe whatever the default region.
	if leadingDigits(s, 2) == "00" {
		s = "+" + s[2:]
	}
	return s
}

// leadingDigits returns the first n characters of s if they are ASCII digits.
func leadingDigits(s string, n int) string {
	if len(s) < n {
		return ""
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return ""
		}
	}
	return s[:n]
}

// regionOrFallback upper-cases region and returns it when phonenumbers
// knows it, "GB" for the common "UK", and "US" otherwise.
func regionOrFallback(region string) string {
	r := strings.ToUpper(strings.TrimSpace(region))
	if r == "UK" {
		r = "GB"
	}
	if len(r) == 2 && phonenumbers.GetCountryCodeForRegion(r) != 0 {
		return r
	}
	return fallbackRegion
}

// isPlaceholder reports national numbers people type to get past a form:
// one digit repeated, or counting up or down. Linking on them would merge
// strangers.
func isPlaceholder(national string) bool {
	if national == "" || strings.Count(national, national[:1]) == len(national) {
		return true
	}
	return countingNumbers[national]
}

// countingNumbers are the counting runs people type as fake numbers.
var countingNumbers = map[string]bool{
	"1234567": true, "12345678": true, "123456789": true, "1234567890": true, "0123456789": true,
	"2345678901": true, "9876543210": true, "987654321": true, "98765432": true,
}
