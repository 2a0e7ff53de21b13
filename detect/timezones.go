package detect

import (
	"strings"
	"time"
	_ "time/tzdata" // declared time zones resolve on machines without a zoneinfo database
)

// windowsZones maps Windows time-zone key names (the registry's
// TimeZoneKeyName, which osquery reports) to their standard UTC offsets in
// hours. Daylight saving is within the tolerance of the comparison.
var windowsZones = map[string]float64{
	"dateline standard time": -12, "utc-11": -11, "hawaiian standard time": -10, "alaskan standard time": -9,
	"pacific standard time": -8, "pacific standard time (mexico)": -8, "us mountain standard time": -7,
	"mountain standard time": -7, "mountain standard time (mexico)": -7, "central standard time": -6,
	"central america standard time": -6, "central standard time (mexico)": -6, "canada central standard time": -6,
	"eastern standard time": -5, "us eastern standard time": -5, "sa pacific standard time": -5,
	"eastern standard time (mexico)": -5, "atlantic standard time": -4, "venezuela standard time": -4,
	"sa western standard time": -4, "pacific sa standard time": -4, "newfoundland standard time": -3.5,
	"e. south america standard time": -3, "argentina standard time": -3, "sa eastern standard time": -3,
	"utc": 0, "gmt standard time": 0, "greenwich standard time": 0, "w. europe standard time": 1,
	"central europe standard time": 1, "romance standard time": 1, "central european standard time": 1,
	"w. central africa standard time": 1, "e. europe standard time": 2, "fle standard time": 2,
	"gtb standard time": 2, "south africa standard time": 2, "israel standard time": 2, "egypt standard time": 2,
	"russian standard time": 3, "turkey standard time": 3, "arab standard time": 3, "arabian standard time": 4,
	"pakistan standard time": 5, "india standard time": 5.5, "nepal standard time": 5.75,
	"bangladesh standard time": 6, "se asia standard time": 7, "china standard time": 8,
	"singapore standard time": 8, "taipei standard time": 8, "w. australia standard time": 8,
	"north asia east standard time": 8, "ulaanbaatar standard time": 8, "korea standard time": 9,
	"north korea standard time": 9, "tokyo standard time": 9, "yakutsk standard time": 9,
	"aus eastern standard time": 10, "e. australia standard time": 10, "vladivostok standard time": 10,
	"new zealand standard time": 12,
}

// abbreviations unix systems report (osquery's time table). Ambiguous ones
// (CST: US Central or China) are left out rather than guessed.
var zoneAbbreviations = map[string]float64{
	"pst": -8, "pdt": -7, "mst": -7, "mdt": -6, "cdt": -5, "est": -5, "edt": -4, "akst": -9, "hst": -10,
	"utc": 0, "gmt": 0, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "msk": 3, "kst": 9, "jst": 9,
	"hkt": 8, "sgt": 8, "awst": 8, "aest": 10, "nzst": 12,
}

// deviceOffset returns the standard offset of a device's time zone, named as
// Windows, an abbreviation, or an IANA name.
func deviceOffset(tz string) (float64, bool) {
	k := strings.ToLower(strings.TrimSpace(tz))
	if v, ok := windowsZones[k]; ok {
		return v, true
	}
	if v, ok := zoneAbbreviations[k]; ok {
		return v, true
	}
	if loc, err := time.LoadLocation(strings.TrimSpace(tz)); err == nil {
		_, off := time.Date(2026, 1, 15, 12, 0, 0, 0, loc).Zone()
		return float64(off) / 3600, true
	}
	return 0, false
}

// usStateOffsets is the standard-time UTC offset of most of each US state
// (states split between zones take their most populous one). It places a
// laptop's ship-to address in time, so a laptop set to the clock of the
// place it was shipped to is consistent.
var usStateOffsets = map[string]float64{
	"CT": -5, "DE": -5, "DC": -5, "FL": -5, "GA": -5, "IN": -5, "KY": -5, "ME": -5, "MD": -5, "MA": -5,
	"MI": -5, "NH": -5, "NJ": -5, "NY": -5, "NC": -5, "OH": -5, "PA": -5, "RI": -5, "SC": -5, "VT": -5,
	"VA": -5, "WV": -5,
	"AL": -6, "AR": -6, "IL": -6, "IA": -6, "KS": -6, "LA": -6, "MN": -6, "MS": -6, "MO": -6, "NE": -6,
	"ND": -6, "OK": -6, "SD": -6, "TN": -6, "TX": -6, "WI": -6,
	"AZ": -7, "CO": -7, "ID": -7, "MT": -7, "NM": -7, "UT": -7, "WY": -7,
	"CA": -8, "NV": -8, "OR": -8, "WA": -8,
	"AK": -9, "HI": -10, "PR": -4,
}
