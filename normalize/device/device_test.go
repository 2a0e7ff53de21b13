package device

import (
	"strings"
	"testing"
)

func TestSerial(t *testing.T) {
	tests := []struct{ in, want string }{
		{"XF718256", "XF718256"},
		{" c02x-1234 abcd ", "C02X1234ABCD"},
		{"pf-1a2b3c", "PF1A2B3C"},
		{"VMware-56 4d 9e 1a", "VMWARE564D9E1A"},
		{"0", ""},
		{"None", ""},
		{"NONE", ""},
		{"Default string", ""},
		{"To Be Filled By O.E.M.", ""},
		{"TO-BE-FILLED-BY-OEM", ""},
		{"System Serial Number", ""},
		{"N/A", ""},
		{"000000000", ""},
		{"XXXXXXXX", ""},
		{"0123456789", ""},
		{"", ""},
		{"  ", ""},
		{"--", ""},
		{"\x00\x1b", ""},
		{"\xffAB12", "AB12"},
		{"🙂", ""},
		{strings.Repeat("A1", 1000), ""},
	}
	for _, tt := range tests {
		if got := Serial(tt.in); got != tt.want {
			t.Errorf("Serial(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestHostname(t *testing.T) {
	tests := []struct{ in, want string }{
		{"NW-LT-8270", "nw-lt-8270"},
		{"NW-MBP-3942.corp.northwind.example", "nw-mbp-3942"},
		{" nw-lt-1.local. \n", "nw-lt-1"},
		{"DESKTOP-AB12CD", "desktop-ab12cd"},
		{"localhost", ""},
		{"localhost.localdomain", ""},
		{"10.1.2.3", ""},
		{"[::1]", ""},
		{"fe80::1", ""},
		{"", ""},
		{".example.com", ""},
		{"bad host", ""},
		{"\xffhost", "host"},
		{strings.Repeat("a", 1000), ""},
	}
	for _, tt := range tests {
		if got := Hostname(tt.in); got != tt.want {
			t.Errorf("Hostname(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
