package ipinfo_test

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/ipinfo"
)

// realdataIP is the folder of public IP lists shared with the project; the
// files are read in place and never copied into the repository.
const realdataIP = "../../shared/realdata/ip"

func TestParseList(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"empty", "", nil},
		{"comments and blanks", "# header\n\n   \n; other comment\n", nil},
		{"cidr and bare", "1.2.3.0/24\n5.6.7.8\n2001:db8::/32\n2001:db8::1\n", []string{"1.2.3.0/24", "5.6.7.8/32", "2001:db8::/32", "2001:db8::1/128"}},
		{"trailing comments and spaces", "  1.2.3.0/24   # office\n5.6.7.8;vpn\n", []string{"1.2.3.0/24", "5.6.7.8/32"}},
		{"host bits masked", "1.2.3.4/24\n", []string{"1.2.3.0/24"}},
		{"ipv4-mapped unmapped", "::ffff:1.2.3.4\n::ffff:1.2.3.0/120\n", []string{"1.2.3.4/32", "1.2.3.0/24"}},
		{"zone dropped", "fe80::1%eth0\n", []string{"fe80::1/128"}},
		{"tor exit-addresses", "ExitNode ABC\nPublished 2026-01-01 00:00:00\nLastStatus 2026-01-01 01:00:00\nExitAddress 9.9.9.9 2026-01-01 01:02:03\n", []string{"9.9.9.9/32"}},
		{"whole space", "0.0.0.0/0\n::/0\n", []string{"0.0.0.0/0", "::/0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := ipinfo.ParseList(strings.NewReader(tt.input), "test.txt", ipinfo.KindVPN)
			if err != nil {
				t.Fatalf("ParseList: %v", err)
			}
			var got []string
			for _, p := range l.Prefixes {
				got = append(got, p.String())
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("prefixes = %v, want %v", got, tt.want)
			}
			if l.Name != "test.txt" || l.Kind != ipinfo.KindVPN {
				t.Errorf("Name, Kind = %q, %q", l.Name, l.Kind)
			}
		})
	}
}

func TestParseListRejects(t *testing.T) {
	tests := []struct {
		name, input, kind, wantLine string
	}{
		{"bad kind", "1.2.3.4\n", "bogus", ""},
		{"empty kind", "1.2.3.4\n", "", ""},
		{"bad octet", "1.2.3.0/24\n1.2.3.300\n", ipinfo.KindVPN, "line 2"},
		{"bad prefix length", "1.2.3.0/33\n", ipinfo.KindVPN, "line 1"},
		{"two fields", "1.2.3.4 5.6.7.8\n", ipinfo.KindVPN, "line 1"},
		{"hostname", "vpn.example.com\n", ipinfo.KindVPN, "line 1"},
		{"range syntax", "1.2.3.4-1.2.3.9\n", ipinfo.KindVPN, "line 1"},
		{"exitaddress without address", "ExitAddress\n", ipinfo.KindTor, "line 1"},
		{"binary", "\x00\x01\x02\n", ipinfo.KindVPN, "line 1"},
		{"too long line", strings.Repeat("1", 10000) + "\n", ipinfo.KindVPN, "longer"},
		{"sensitive-looking text", "123-45-6789\n", ipinfo.KindVPN, "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ipinfo.ParseList(strings.NewReader(tt.input), "l.txt", tt.kind)
			if err == nil {
				t.Fatal("ParseList accepted bad input")
			}
			if code := mosaic.ErrorCode(err); code != mosaic.EINVALID {
				t.Errorf("code = %q, want %q", code, mosaic.EINVALID)
			}
			if !strings.Contains(err.Error(), tt.wantLine) {
				t.Errorf("error %q does not mention %q", err, tt.wantLine)
			}
			// Errors name the line, never quote it: a wrong file could
			// hold anything.
			if strings.Contains(err.Error(), "123-45-6789") || strings.Contains(err.Error(), "300") {
				t.Errorf("error quotes the input: %q", err)
			}
		})
	}
}

func TestLoadListTestdata(t *testing.T) {
	tests := []struct {
		file, kind string
		want       []string
	}{
		{"corporate-egress.txt", ipinfo.KindCorporate, []string{"52.94.76.10/32", "52.94.76.11/32", "198.51.100.0/24", "2001:db8:1000::/48"}},
		{"tor-exit-addresses.txt", ipinfo.KindTor, []string{"185.220.101.1/32", "2a0b:f4c2::1/128"}},
		{"bom-crlf.txt", ipinfo.KindHosting, []string{"203.0.113.0/25", "203.0.113.200/32"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			l, err := ipinfo.LoadList(filepath.Join("testdata", tt.file), tt.kind)
			if err != nil {
				t.Fatalf("LoadList: %v", err)
			}
			var got []string
			for _, p := range l.Prefixes {
				got = append(got, p.String())
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("prefixes = %v, want %v", got, tt.want)
			}
			if l.Name != tt.file {
				t.Errorf("Name = %q, want %q", l.Name, tt.file)
			}
		})
	}
}

func TestLoadListErrors(t *testing.T) {
	_, err := ipinfo.LoadList("testdata/broken.txt", ipinfo.KindVPN)
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(err.Error(), "broken.txt line 3") {
		t.Errorf("broken list: %v, want EINVALID naming broken.txt line 3", err)
	}
	_, err = ipinfo.LoadList("testdata/missing.txt", ipinfo.KindVPN)
	if mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Errorf("missing list: %v, want ENOTFOUND", err)
	}
	_, err = ipinfo.LoadList("testdata", ipinfo.KindVPN) // a folder
	if mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Errorf("folder as list: %v, want EINVALID", err)
	}
}

// loadRealList loads one of the shared public lists or skips the test.
func loadRealList(tb testing.TB, file, kind string) ipinfo.List {
	tb.Helper()
	path := filepath.Join(realdataIP, file)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("public list %s not present (shared/realdata is not part of the repo): %v", path, err)
	}
	l, err := ipinfo.LoadList(path, kind)
	if err != nil {
		tb.Fatalf("LoadList(%s): %v", path, err)
	}
	return l
}

func TestRealLists(t *testing.T) {
	db := mustBuiltin(t)
	tests := []struct {
		file, kind string
		minLen     int
		check      func(ipinfo.Info) bool
	}{
		{"x4bnet_datacenter_ipv4.txt", ipinfo.KindHosting, 40000, func(i ipinfo.Info) bool { return i.Hosting }},
		{"x4bnet_vpn_ipv4.txt", ipinfo.KindVPN, 10000, func(i ipinfo.Info) bool { return i.VPN }},
		{"tor-exit-nodes.lst", ipinfo.KindTor, 1000, func(i ipinfo.Info) bool { return i.Tor }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			l := loadRealList(t, tt.file, tt.kind)
			if len(l.Prefixes) < tt.minLen {
				t.Fatalf("%d prefixes, want at least %d", len(l.Prefixes), tt.minLen)
			}
			withList := db.WithLists(l)
			// Every listed prefix's first and last address must come back
			// flagged, with this list named as the source.
			for _, p := range l.Prefixes {
				for _, a := range []netip.Addr{p.Addr(), lastAddr(p)} {
					info := withList.Lookup(a)
					if !tt.check(info) || !info.Known || info.Source != "list:"+tt.file {
						t.Fatalf("Lookup(%s) in %s = %+v", a, p, info)
					}
				}
			}
		})
	}
}

// lastAddr is the highest address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}
