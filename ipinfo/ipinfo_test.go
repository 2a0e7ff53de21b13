package ipinfo_test

import (
	"bytes"
	"compress/gzip"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/ipinfo"
)

// builtin decodes the embedded database once for all tests of the package.
var builtin = sync.OnceValues(ipinfo.Builtin)

func mustBuiltin(t testing.TB) *ipinfo.DB {
	t.Helper()
	db, err := builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	return db
}

func TestLookupKnownAddresses(t *testing.T) {
	db := mustBuiltin(t)
	tests := []struct {
		addr    string
		country string // "" to skip the check: geolocation drifts between releases
		asn     uint32
		org     string // substring
		hosting bool
		vpn     bool
	}{
		{addr: "8.8.8.8", country: "US", asn: 15169, org: "Google", hosting: true},
		{addr: "1.1.1.1", asn: 13335, org: "Cloudflare", hosting: true},
		{addr: "52.94.76.10", asn: 16509, org: "Amazon", hosting: true},          // AWS us-east-1
		{addr: "2001:4860:4860::8888", asn: 15169, org: "Google", hosting: true}, // Google DNS over IPv6
		{addr: "2606:4700:4700::1111", asn: 13335, org: "Cloudflare", hosting: true},
		{addr: "::ffff:8.8.8.8", country: "US", asn: 15169, org: "Google", hosting: true}, // IPv4-mapped
		{addr: "185.65.135.1", asn: 39351, vpn: true},                                     // Mullvad
		{addr: "81.2.69.142", country: "GB", asn: 20712},                                  // a UK ISP: neither
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			info := db.LookupString(tt.addr)
			if !info.Known {
				t.Fatalf("Known = false: %+v", info)
			}
			if tt.country != "" && info.Country != tt.country {
				t.Errorf("Country = %q, want %q", info.Country, tt.country)
			}
			if len(info.Country) != 2 {
				t.Errorf("Country = %q, want a two-letter code", info.Country)
			}
			if info.ASN != tt.asn {
				t.Errorf("ASN = %d, want %d", info.ASN, tt.asn)
			}
			if !strings.Contains(info.Org, tt.org) {
				t.Errorf("Org = %q, want it to contain %q", info.Org, tt.org)
			}
			if info.Hosting != tt.hosting || info.VPN != tt.vpn {
				t.Errorf("Hosting, VPN = %v, %v; want %v, %v", info.Hosting, info.VPN, tt.hosting, tt.vpn)
			}
			if (tt.hosting || tt.vpn) && (info.Source != ipinfo.SourceASNList || info.Weak) {
				t.Errorf("Source, Weak = %q, %v; want %q, false", info.Source, info.Weak, ipinfo.SourceASNList)
			}
			if info.Tor || info.Corporate {
				t.Errorf("Tor or Corporate set without lists: %+v", info)
			}
		})
	}
}

func TestLookupUnroutableIsUnknown(t *testing.T) {
	db := mustBuiltin(t)
	for _, s := range []string{
		"10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "0.0.0.0", "169.254.1.1",
		"224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "ff02::1",
		"::ffff:10.0.0.1",
	} {
		if info := db.LookupString(s); info != (ipinfo.Info{}) {
			t.Errorf("LookupString(%q) = %+v, want the zero Info", s, info)
		}
	}
}

func TestLookupStringForms(t *testing.T) {
	db := mustBuiltin(t)
	want := db.Lookup(netip.MustParseAddr("8.8.8.8"))
	for _, s := range []string{"8.8.8.8", " 8.8.8.8\t", "8.8.8.8:443", "[::ffff:8.8.8.8]:443", "[::ffff:8.8.8.8]"} {
		if got := db.LookupString(s); got != want {
			t.Errorf("LookupString(%q) = %+v, want %+v", s, got, want)
		}
	}
}

func TestLookupStringMalformed(t *testing.T) {
	db := mustBuiltin(t)
	for _, s := range []string{
		"", " ", "8.8.8", "8.8.8.8.8", "256.1.1.1", "1.2.3.-4", "08.8.8.8", "8.8.8.8/32", "8.8.8.8,1.1.1.1",
		"example.com", "::g", "1:2:3:4:5:6:7:8:9", "[8.8.8.8", "8.8.8.8]", "[]", "[::1]:99999",
		"\x00", "\xff\xfe", strings.Repeat("1", 10000), "8.8.8.8\n1.1.1.1", "null", "-",
	} {
		if info := db.LookupString(s); info != (ipinfo.Info{}) {
			t.Errorf("LookupString(%q) = %+v, want the zero Info", s, info)
		}
	}
}

func TestLookupZeroValues(t *testing.T) {
	db := mustBuiltin(t)
	if info := db.Lookup(netip.Addr{}); info != (ipinfo.Info{}) {
		t.Errorf("Lookup(invalid) = %+v", info)
	}
	var nilDB *ipinfo.DB
	if info := nilDB.LookupString("8.8.8.8"); info != (ipinfo.Info{}) {
		t.Errorf("nil DB lookup = %+v", info)
	}
	var zero ipinfo.DB
	if info := zero.LookupString("8.8.8.8"); info != (ipinfo.Info{}) {
		t.Errorf("zero DB lookup = %+v", info)
	}
}

func TestMetaNamesSources(t *testing.T) {
	meta := mustBuiltin(t).Meta()
	for _, want := range []string{"DB-IP", "RouteViews", "CC BY 4.0"} {
		if !strings.Contains(meta, want) {
			t.Errorf("Meta() = %q, want it to mention %q", meta, want)
		}
	}
}

func TestReadRejectsDamagedData(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("mosaic-ipinfo\x00\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"))
	zw.Close()
	for name, data := range map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("1.0.0.0,1.0.0.255,AU\n"),
		"truncated": gz.Bytes()[:gz.Len()/2],
		"overlong":  gz.Bytes(),
	} {
		t.Run(name, func(t *testing.T) {
			db, err := ipinfo.Read(bytes.NewReader(data))
			if err == nil || db != nil {
				t.Fatalf("Read = %v, %v; want an error", db, err)
			}
			if code := mosaic.ErrorCode(err); code != mosaic.EINVALID {
				t.Errorf("code = %q, want %q", code, mosaic.EINVALID)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := ipinfo.Load("testdata/no-such.bin.gz")
	if code := mosaic.ErrorCode(err); code != mosaic.ENOTFOUND {
		t.Fatalf("Load missing: code %q (%v), want %q", code, err, mosaic.ENOTFOUND)
	}
}

func TestLookupConcurrent(t *testing.T) {
	db := mustBuiltin(t).WithLists(ipinfo.List{Name: "x", Kind: ipinfo.KindTor, Prefixes: []netip.Prefix{netip.MustParsePrefix("8.8.8.0/24")}})
	want := db.LookupString("8.8.8.8")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				if got := db.LookupString("8.8.8.8"); got != want {
					t.Errorf("concurrent lookup = %+v, want %+v", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}
