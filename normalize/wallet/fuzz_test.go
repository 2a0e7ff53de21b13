package wallet

import "testing"

// FuzzNormalize checks that no input panics and that a normalised address
// normalises to itself.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"0x52908400098527886E0F7030069857D2E4169EE7", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "bitcoin:?", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, ok := Normalize(s)
		if !ok {
			return
		}
		again, ok := Normalize(w.Address)
		if !ok || again != w {
			t.Fatalf("Normalize(%q) = %+v, then %+v, %v", s, w, again, ok)
		}
	})
}
