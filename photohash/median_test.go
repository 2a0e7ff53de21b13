package photohash

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMiddlePairIsWhatSortingGives checks the selection against a sort on
// random values, on values with many ties, and on sorted and reversed input.
func TestMiddlePairIsWhatSortingGives(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	check := func(v []float64) {
		t.Helper()
		want := slices.Clone(v)
		slices.Sort(want)
		w32 := make([]float32, len(v))
		for i, x := range v {
			w32[i] = float32(x)
		}
		s32 := slices.Clone(w32)
		slices.Sort(s32)
		lo, hi := middlePair(slices.Clone(v))
		if n := len(v) / 2; lo != want[n-1] || hi != want[n] {
			t.Fatalf("middlePair(%v) = %v, %v; sorting gives %v, %v", v, lo, hi, want[n-1], want[n])
		}
		lo32, hi32 := middlePair(w32)
		if n := len(v) / 2; lo32 != s32[n-1] || hi32 != s32[n] {
			t.Fatalf("float32 middlePair(%v) = %v, %v; sorting gives %v, %v", v, lo32, hi32, s32[n-1], s32[n])
		}
	}
	for range 20_000 {
		n := 2 * (1 + r.IntN(40))
		v := make([]float64, n)
		for i := range v {
			if r.IntN(2) == 0 {
				v[i] = float64(r.IntN(4)) // ties
			} else {
				v[i] = r.NormFloat64() * 1000
			}
		}
		check(v)
		slices.Sort(v)
		check(v)
		slices.Reverse(v)
		check(v)
	}
	check(make([]float64, 64)) // all equal
}
