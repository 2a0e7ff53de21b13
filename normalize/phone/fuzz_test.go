package phone

import "testing"

// FuzzNormalize checks that no input panics and that a normalised number
// normalises to itself.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"(415) 555-2671", "+1 415 555 2671", "001 415 555 2671", "tel:+1-415-555-2671;ext=5", "020 7946 0958", "\xff", "📞", "+", "00", ""} {
		f.Add(s, "US")
		f.Add(s, "GB")
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		p, ok := Normalize(raw, region)
		_ = Format(raw)
		if !ok {
			return
		}
		again, ok := Normalize(p.E164, "")
		if !ok || again.E164 != p.E164 {
			t.Fatalf("Normalize(%q) = %+v, then Normalize(%q) = %+v, %v", raw, p, p.E164, again, ok)
		}
		if Format(p.E164) == "" {
			t.Fatalf("Format(%q) is empty", p.E164)
		}
	})
}
