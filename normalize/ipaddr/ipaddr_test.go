package ipaddr

import (
	"net/netip"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"104.131.246.148", "104.131.246.148", true},
		{"  51.81.153.166\n", "51.81.153.166", true},
		{"::ffff:203.0.113.9", "203.0.113.9", true},
		{"2001:db8::1", "2001:db8::1", true},
		{"[2001:db8::1]", "2001:db8::1", true},
		{"fe80::1%eth0", "fe80::1", true},
		{"203.0.113.9:443", "203.0.113.9", true},
		{"[2001:db8::1]:443", "2001:db8::1", true},
		{"[::ffff:10.0.0.1]:80", "10.0.0.1", true},
		{"2001:DB8::A", "2001:db8::a", true},
		{"", "", false},
		{"256.1.1.1", "", false},
		{"1.2.3", "", false},
		{"01.2.3.4", "", false},
		{"example.com", "", false},
		{"1.2.3.4 5.6.7.8", "", false},
		{"1.2.3.4\x00", "", false},
		{"\xff", "", false},
		{"🙂", "", false},
		{strings.Repeat("1", 10000), "", false},
	}
	for _, tt := range tests {
		a, ok := Parse(tt.in)
		if ok != tt.ok || (ok && a.String() != tt.want) {
			t.Errorf("Parse(%q) = %v, %v; want %q, %v", tt.in, a, ok, tt.want, tt.ok)
		}
		if ok && (a.Is4In6() || a.Zone() != "") {
			t.Errorf("Parse(%q) = %v: still mapped or zoned", tt.in, a)
		}
	}
}

func TestPrefix24(t *testing.T) {
	tests := []struct{ in, want string }{
		{"104.131.246.148", "104.131.246.0/24"},
		{"::ffff:104.131.246.148", "104.131.246.0/24"},
		{"2001:db8:abcd:12::1", "2001:db8:abcd::/48"},
		{"fe80::1%eth0", "fe80::/48"},
	}
	for _, tt := range tests {
		if got := Prefix24(netip.MustParseAddr(tt.in)); got.String() != tt.want {
			t.Errorf("Prefix24(%s) = %s; want %s", tt.in, got, tt.want)
		}
	}
	if p := Prefix24(netip.Addr{}); p.IsValid() {
		t.Errorf("Prefix24(zero) = %v; want the zero Prefix", p)
	}
}

func TestIsPublic(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"104.131.246.148", true},
		{"8.8.8.8", true},
		{"2606:4700:4700::1111", true},
		{"::ffff:8.8.8.8", true},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"127.0.0.1", false},
		{"::1", false},
		{"169.254.10.1", false},
		{"fe80::1", false},
		{"100.64.0.1", false},
		{"100.127.255.255", false},
		{"100.128.0.1", true},
		{"192.0.2.1", false},
		{"198.51.100.7", false},
		{"203.0.113.9", false},
		{"2001:db8::1", false},
		{"3fff::1", false},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"ff02::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"255.255.255.255", false},
		{"240.0.0.1", false},
		{"198.18.0.1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"::ffff:10.0.0.1", false},
	}
	for _, tt := range tests {
		if got := IsPublic(netip.MustParseAddr(tt.in)); got != tt.want {
			t.Errorf("IsPublic(%s) = %v; want %v", tt.in, got, tt.want)
		}
	}
	if IsPublic(netip.Addr{}) {
		t.Error("IsPublic(zero Addr) = true")
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		a, _ := Parse("104.131.246.148")
		_ = IsPublic(a)
	}
}
