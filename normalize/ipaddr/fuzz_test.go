package ipaddr

import "testing"

// FuzzParse checks that no input panics and that a parsed address parses
// back to itself from its string form.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"104.131.246.148", "::ffff:1.2.3.4", "fe80::1%eth0", "[::1]:80", "\xff", "["} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := Parse(s)
		if !ok {
			return
		}
		again, ok := Parse(a.String())
		if !ok || again != a {
			t.Fatalf("Parse(%q) = %v, then %v, %v", s, a, again, ok)
		}
		_ = IsPublic(a)
		_ = Prefix24(a)
	})
}
