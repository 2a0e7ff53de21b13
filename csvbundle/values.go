package csvbundle

import (
	"strings"
	"time"
)

// Layouts tried after a mapping's own. Times without a zone are UTC, as the
// contract says; the exports that write them (Greenhouse's BI connector,
// database dumps) write UTC.
const (
	layoutDate      = "2006-01-02"
	layoutSpace     = "2006-01-02 15:04:05"       // fractional seconds are accepted too
	layoutSpaceZone = "2006-01-02 15:04:05Z07:00" // 2026-04-18 14:39:00+02:00
	layoutSpaceHour = "2006-01-02 15:04:05Z07"    // PostgreSQL text output: +00
	layoutLocalT    = "2006-01-02T15:04:05"       // RFC 3339 without its zone
)

// timeParser reads the time and date columns of one file.
type timeParser struct {
	timeLayouts []string // the mapping's layouts, tried first
	dateLayouts []string
}

// parseTime reads a timestamp: RFC 3339 with or without fractional seconds,
// YYYY-MM-DD HH:MM:SS (UTC), or a bare date (midnight UTC). The result is
// in UTC so equal instants compare equal.
func (p timeParser) parseTime(v string) (time.Time, bool) {
	for _, layout := range p.timeLayouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return t.UTC(), true
		}
	}
	if t, ok := parseStandardTime(v); ok {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// parseDate reads a calendar date: YYYY-MM-DD or any form parseTime takes.
// A timestamp keeps the date written in it, not the date in UTC: 00:30 on
// the 16th at UTC-5 is still a hire on the 16th.
func (p timeParser) parseDate(v string) (time.Time, bool) {
	for _, layout := range p.dateLayouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return dateOf(t), true
		}
	}
	for _, layout := range p.timeLayouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return dateOf(t), true
		}
	}
	if t, ok := parseStandardTime(v); ok {
		return dateOf(t), true
	}
	return time.Time{}, false
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parseStandardTime picks the layout from the shape of v, so a good value
// costs one parse and no error allocation.
func parseStandardTime(v string) (time.Time, bool) {
	if len(v) < len(layoutDate) {
		return time.Time{}, false
	}
	if len(v) == len(layoutDate) {
		t, err := time.Parse(layoutDate, v)
		return t, err == nil
	}
	var layouts []string
	switch v[len(layoutDate)] {
	case 'T', 't':
		layouts = []string{time.RFC3339, layoutLocalT}
	case ' ':
		layouts = []string{layoutSpace, layoutSpaceZone, layoutSpaceHour}
	default:
		return time.Time{}, false
	}
	for _, layout := range layouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseBool reads the yes/no forms exports use.
func parseBool(v string) (value, ok bool) {
	switch strings.ToLower(v) {
	case "true", "yes", "y", "1":
		return true, true
	case "false", "no", "n", "0":
		return false, true
	}
	return false, false
}

// Sensitive values are normalised before hashing, so that the same SSN typed
// as 123-45-6789 and 123456789 links. The plain value never leaves here.

func digitsOnly(v string) string {
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// normaliseWallet lower-cases addresses whose case carries no meaning: 0x hex
// (Ethereum and its kin; upper case there is only a checksum) and bech32
// (bc1..., which the spec makes case-insensitive). Base58 addresses are
// case-sensitive and kept as typed.
func normaliseWallet(v string) string {
	lower := strings.ToLower(v)
	if len(v) > 2 && lower[:2] == "0x" && isHex(v[2:]) {
		return lower
	}
	for _, hrp := range []string{"bc1", "tb1", "ltc1"} {
		if strings.HasPrefix(lower, hrp) {
			return lower
		}
	}
	return v
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// isPlaceholderSSN reports SSNs that the Social Security Administration never
// issues and that HR systems use as fillers: area 000, group 00, serial 0000,
// nine equal digits, 123456789. Hashed, such a filler would link every person
// who carries it, and nothing downstream could tell, since only the hash is
// kept; so it is treated as no SSN at all.
func isPlaceholderSSN(digits string) bool {
	if len(digits) != 9 {
		return false
	}
	if digits[:3] == "000" || digits[3:5] == "00" || digits[5:] == "0000" {
		return true
	}
	if digits == "123456789" || strings.Count(digits, digits[:1]) == 9 {
		return true
	}
	return false
}
