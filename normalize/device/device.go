// Package device normalises hardware serial numbers and host names, which
// join the laptop shipping log to osquery and identity-provider logs.
package device

import (
	"net/netip"
	"strings"
	"unicode"
)

const maxInput = 256

// placeholders are values firmware and imaging tools put where a serial
// number belongs. Compared after squeeze (upper case, letters and digits
// only), so "To be filled by O.E.M." and "TO-BE-FILLED-BY-OEM" both match.
var placeholders = map[string]bool{
	"0": true, "NONE": true, "NULL": true, "NIL": true, "NA": true, "NOTAVAILABLE": true,
	"UNKNOWN": true, "DEFAULT": true, "DEFAULTSTRING": true, "TOBEFILLEDBYOEM": true,
	"TOBEFILLEDBYOEMINTEL": true, "OEM": true, "SYSTEMSERIALNUMBER": true, "SERIALNUMBER": true,
	"SERIAL": true, "CHASSISSERIALNUMBER": true, "BASEBOARDSERIALNUMBER": true,
	"NOTSPECIFIED": true, "NOTAPPLICABLE": true, "INVALID": true, "EMPTY": true, "TBD": true,
	"123456789": true, "1234567890": true, "0123456789": true, "ABCDEFGHIJ": true,
	"XXXXXXXXXX": true, "SYSTEMPRODUCTNAME": true, "SYSTEMMANUFACTURER": true, "TYPE1PRODUCTCONFIGID": true,
}

// Serial returns a serial number in upper case without spaces or dashes,
// or "" for an empty value, a known firmware placeholder ("Default string",
// "To Be Filled By O.E.M.", "System Serial Number", "0", "None"), or one
// character repeated ("000000", "XXXXXXXX"): those are shared by thousands
// of machines and would link strangers.
func Serial(s string) string {
	if len(s) > maxInput {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.ToValidUTF8(s, "")) {
		switch {
		case unicode.IsSpace(r), r == '-', unicode.IsControl(r), unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(r)
		}
	}
	serial := b.String()
	sq := squeeze(serial)
	if sq == "" || placeholders[sq] || strings.Count(sq, sq[:1]) == len(sq) {
		return ""
	}
	return serial
}

// squeeze keeps ASCII letters and digits.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// Hostname returns a host name in lower case without its domain
// ("NW-LT-8270.corp.example.com" -> "nw-lt-8270"), or "" for an empty
// value, an IP address, or "localhost", which name no particular machine.
func Hostname(s string) string {
	if len(s) > maxInput {
		return ""
	}
	h := trimInvisible(strings.ToValidUTF8(s, ""))
	if isIP(h) {
		return ""
	}
	if i := strings.IndexByte(h, '.'); i >= 0 {
		// Trimmed again: cutting the domain can leave an invisible
		// character at the new end ("0\u0600.corp"), which a second pass
		// would trim, and a normal form must not change when applied again.
		h = trimInvisible(h[:i])
	}
	h = strings.ToLower(h)
	if h == "localhost" || isIP(h) || strings.ContainsFunc(h, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return ""
	}
	return h
}

// trimInvisible trims spaces, control and format characters from both ends.
func trimInvisible(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	})
}

// isIP reports an IP address, bracketed or not: it names a network
// interface, not a machine.
func isIP(s string) bool {
	_, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return err == nil
}
