package ipinfo_test

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/mosaic-sec/mosaic/ipinfo"
)

func list(name, kind string, prefixes ...string) ipinfo.List {
	l := ipinfo.List{Name: name, Kind: kind}
	for _, p := range prefixes {
		l.Prefixes = append(l.Prefixes, netip.MustParsePrefix(p))
	}
	return l
}

func TestCorporateOverridesHosting(t *testing.T) {
	base := mustBuiltin(t)
	corp, err := ipinfo.LoadList("testdata/corporate-egress.txt", ipinfo.KindCorporate)
	if err != nil {
		t.Fatal(err)
	}
	hostingList := list("dc.txt", ipinfo.KindHosting, "52.94.76.0/24")
	// Either order: corporate is the stronger kind, not the later list.
	for _, db := range []*ipinfo.DB{base.WithLists(hostingList, corp), base.WithLists(corp, hostingList)} {
		egress := db.LookupString("52.94.76.10")
		if !egress.Corporate || egress.Hosting || egress.VPN || egress.Source != "list:corporate-egress.txt" {
			t.Errorf("company egress in AWS = %+v, want Corporate, not Hosting, source the corporate list", egress)
		}
		if egress.ASN != 16509 || !egress.Known {
			t.Errorf("company egress lost its AS data: %+v", egress)
		}
		neighbour := db.LookupString("52.94.76.12")
		if neighbour.Corporate || !neighbour.Hosting || neighbour.Source != "list:dc.txt" {
			t.Errorf("AWS neighbour = %+v, want Hosting from dc.txt", neighbour)
		}
	}
	// Without the hosting list the built-in ASN verdict is what corporate overrides.
	egress := base.WithLists(corp).LookupString("52.94.76.11")
	if !egress.Corporate || egress.Hosting {
		t.Errorf("company egress over the built-in AWS verdict = %+v", egress)
	}
	if base.LookupString("52.94.76.11").Corporate {
		t.Error("WithLists changed the DB it was called on")
	}
}

func TestListKinds(t *testing.T) {
	db := mustBuiltin(t).WithLists(
		list("vpn.txt", ipinfo.KindVPN, "81.2.69.0/24", "2001:db8:1::/48"),
		list("tor.txt", ipinfo.KindTor, "81.2.69.142/32", "2001:db8:1::1/128"),
		list("dc.txt", ipinfo.KindHosting, "81.2.69.128/25"),
		list("private-corp.txt", ipinfo.KindCorporate, "10.0.0.0/8"),
	)
	tests := []struct {
		addr                        string
		hosting, vpn, tor, corp, kn bool
		source                      string
	}{
		{"81.2.69.1", false, true, false, false, true, "list:vpn.txt"},
		{"81.2.69.142", true, true, true, false, true, "list:tor.txt"},
		{"81.2.69.200", true, true, false, false, true, "list:vpn.txt"},
		{"81.2.70.1", false, false, false, false, true, ""},
		{"2001:db8:1::1", false, true, true, false, true, "list:tor.txt"},
		{"2001:db8:1:ffff:ffff:ffff:ffff:ffff", false, true, false, false, true, "list:vpn.txt"},
		{"2001:db8:2::", false, false, false, false, false, ""},
		{"10.20.30.40", false, false, false, true, true, "list:private-corp.txt"}, // listed private space is Known
		{"11.0.0.0", false, false, false, false, true, ""},
	}
	for _, tt := range tests {
		info := db.LookupString(tt.addr)
		if info.Hosting != tt.hosting || info.VPN != tt.vpn || info.Tor != tt.tor || info.Corporate != tt.corp || info.Known != tt.kn || info.Source != tt.source {
			t.Errorf("%s = %+v\nwant hosting=%v vpn=%v tor=%v corporate=%v known=%v source=%q", tt.addr, info, tt.hosting, tt.vpn, tt.tor, tt.corp, tt.kn, tt.source)
		}
	}
}

func TestLaterListOfSameKindNamesSource(t *testing.T) {
	db := mustBuiltin(t).WithLists(list("a.txt", ipinfo.KindVPN, "81.2.69.0/24")).WithLists(list("b.txt", ipinfo.KindVPN, "81.2.69.0/25"))
	if got := db.LookupString("81.2.69.1").Source; got != "list:b.txt" {
		t.Errorf("source = %q, want list:b.txt", got)
	}
	if got := db.LookupString("81.2.69.200").Source; got != "list:a.txt" {
		t.Errorf("source = %q, want list:a.txt", got)
	}
	if n := len(db.Lists()); n != 2 {
		t.Errorf("Lists() has %d lists, want 2", n)
	}
}

func TestListEdgesOfAddressSpace(t *testing.T) {
	db := mustBuiltin(t).WithLists(
		list("all.txt", ipinfo.KindHosting, "0.0.0.0/0", "::/0"),
		list("top.txt", ipinfo.KindTor, "255.255.255.255/32", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "0.0.0.0/32", "::/128"),
		list("junk.txt", "bogus-kind", "1.0.0.0/8"),
		ipinfo.List{Name: "invalid.txt", Kind: ipinfo.KindVPN, Prefixes: []netip.Prefix{{}}},
	)
	for _, s := range []string{"0.0.0.0", "255.255.255.255", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"} {
		if info := db.LookupString(s); !info.Tor || !info.Hosting || info.Source != "list:top.txt" {
			t.Errorf("%s = %+v, want Tor and Hosting from top.txt", s, info)
		}
	}
	for _, s := range []string{"1.2.3.4", "255.255.255.254", "2001:db8::1", "::1"} {
		if info := db.LookupString(s); info.Tor || !info.Hosting || info.VPN || info.Source != "list:all.txt" {
			t.Errorf("%s = %+v, want Hosting only from all.txt", s, info)
		}
	}
}

// TestOverlayMatchesBruteForce checks the flattened overlay against a direct
// scan of every list for random prefixes and probes.
func TestOverlayMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	kinds := []string{ipinfo.KindHosting, ipinfo.KindVPN, ipinfo.KindTor, ipinfo.KindCorporate}
	var lists []ipinfo.List
	for i := 0; i < 6; i++ {
		l := ipinfo.List{Name: string(rune('a' + i)), Kind: kinds[rng.IntN(len(kinds))]}
		for j := 0; j < 200; j++ {
			// Cluster addresses in 198.18.0.0/15 so prefixes overlap often.
			a := netip.AddrFrom4([4]byte{198, 18 + byte(rng.IntN(2)), byte(rng.IntN(256)), byte(rng.IntN(256))})
			l.Prefixes = append(l.Prefixes, netip.PrefixFrom(a, 15+rng.IntN(18)).Masked())
			b := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(rng.IntN(4)), 15: byte(rng.IntN(256))})
			l.Prefixes = append(l.Prefixes, netip.PrefixFrom(b, 32+rng.IntN(97)).Masked())
		}
		lists = append(lists, l)
	}
	db := mustBuiltin(t).WithLists(lists...)
	for i := 0; i < 20000; i++ {
		var a netip.Addr
		if i%2 == 0 {
			a = netip.AddrFrom4([4]byte{198, 18 + byte(rng.IntN(2)), byte(rng.IntN(256)), byte(rng.IntN(256))})
		} else {
			a = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(rng.IntN(4)), 15: byte(rng.IntN(256))})
		}
		var hosting, vpn, tor, corp bool
		for _, l := range lists {
			for _, p := range l.Prefixes {
				if p.Contains(a) {
					switch l.Kind {
					case ipinfo.KindHosting:
						hosting = true
					case ipinfo.KindVPN:
						vpn = true
					case ipinfo.KindTor:
						tor = true
					case ipinfo.KindCorporate:
						corp = true
					}
				}
			}
		}
		if corp {
			hosting, vpn = false, false
		}
		info := db.Lookup(a)
		if info.Tor != tor || info.Corporate != corp || (hosting && !info.Hosting) || (vpn && !info.VPN) {
			t.Fatalf("%s = %+v, want hosting=%v vpn=%v tor=%v corporate=%v", a, info, hosting, vpn, tor, corp)
		}
	}
}
