// Package ipaddr parses IP addresses as logs write them and says which are
// public, so that sign-ins and applications can be grouped by network.
package ipaddr

import (
	"net/netip"
	"strings"
)

// Parse reads an IP address: surrounding space, brackets ("[::1]") and a
// port ("203.0.113.9:443", "[2001:db8::1]:443") are allowed; an IPv6 zone
// ("fe80::1%eth0") is dropped; an IPv4-mapped IPv6 address
// ("::ffff:203.0.113.9") is returned as IPv4, so one client has one form.
func Parse(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 128 {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}

// Prefix24 returns the network an address belongs to for grouping: its /24
// for IPv4 and its /48 (a typical site allocation) for IPv6. It returns
// the zero Prefix for the zero Addr.
func Prefix24(a netip.Addr) netip.Prefix {
	a = a.Unmap().WithZone("")
	bits := 48
	if a.Is4() {
		bits = 24
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return netip.Prefix{}
	}
	return p
}

// nonPublic are special-purpose ranges (IANA IPv4 and IPv6 Special-Purpose
// Address Registries) that no one on the internet signs in from.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation (TEST-NET-1)
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation (TEST-NET-2)
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation (TEST-NET-3)
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use IPv4/IPv6 translation
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("3fff::/20"),       // documentation (RFC 9637)
	netip.MustParsePrefix("2001:2::/48"),     // benchmarking
	netip.MustParsePrefix("5f00::/16"),       // segment routing SIDs
	netip.MustParsePrefix("::/96"),           // deprecated IPv4-compatible
}

// IsPublic reports whether a is a global unicast address someone could
// connect from: false for the zero Addr, unspecified, loopback, private
// (RFC 1918, fc00::/7), link-local, multicast, carrier-grade NAT
// (100.64.0.0/10), documentation and other special-purpose ranges.
func IsPublic(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || !a.IsGlobalUnicast() || a.IsPrivate() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a.WithZone("")) {
			return false
		}
	}
	return true
}
