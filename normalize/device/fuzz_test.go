package device

import "testing"

// FuzzDevice checks that no input panics and that both functions are
// idempotent.
func FuzzDevice(f *testing.F) {
	for _, s := range []string{"XF718256", "To Be Filled By O.E.M.", "NW-MBP-3942.corp.example", "10.0.0.1", "\xff", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if serial := Serial(s); Serial(serial) != serial {
			t.Fatalf("Serial not idempotent: %q -> %q -> %q", s, serial, Serial(serial))
		}
		if host := Hostname(s); Hostname(host) != host {
			t.Fatalf("Hostname not idempotent: %q -> %q -> %q", s, host, Hostname(host))
		}
	})
}
