package name

import "testing"

// FuzzNormalize checks that no input panics and that normalising the
// normalised name changes nothing.
func FuzzNormalize(f *testing.F) {
	for _, s := range [][2]string{{"Eun-ji", "Carter"}, {"Carter, Eun-ji", ""}, {"José", "Núñez"}, {"\xff", "🙂"}, {"Dr. A B", "C Jr"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, first, last string) {
		n := Normalize(first, last)
		if n.Key == "" && (n.First != "" || n.Last != "") {
			t.Fatalf("empty key for %+v", n)
		}
		if n.First != "" && n.Last != "" {
			again := Normalize(n.First, n.Last)
			if again.Key != n.Key || again.Phonetic != n.Phonetic {
				t.Fatalf("Normalize(%q, %q) = %+v; then %+v", first, last, n, again)
			}
		}
		_ = Canonical(first)
	})
}
