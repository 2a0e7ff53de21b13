package photohash

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

// TestColourDiffsMatchesColourDiff compares the packed difference with
// colourDiff on every value of one channel against every other, in every
// channel, and on random colours.
func TestColourDiffsMatchesColourDiff(t *testing.T) {
	check := func(d1, l1, d2, l2 [3]uint8) {
		t.Helper()
		dark, light := colourDiffs(packColours(d1, l1), packColours(d2, l2))
		if dark != colourDiff(d1, d2) || light != colourDiff(l1, l2) {
			t.Fatalf("colourDiffs(%v %v, %v %v) = %d, %d; colourDiff says %d, %d",
				d1, l1, d2, l2, dark, light, colourDiff(d1, d2), colourDiff(l1, l2))
		}
	}
	for x := range 256 {
		for y := range 256 {
			for c := range 3 {
				var a, b [3]uint8
				a[c], b[c] = uint8(x), uint8(y)
				check(a, b, b, a)
				check(b, a, a, b)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	rnd := func() [3]uint8 { return [3]uint8{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256))} }
	for range 100_000 {
		check(rnd(), rnd(), rnd(), rnd())
	}
}

// TestMayMatchNeverRejectsAMatch checks the prefilter against compare on
// every pair of the synthetic photos, planted copies and backgrounds
// included: whatever compare accepts, mayMatch must let through.
func TestMayMatchNeverRejectsAMatch(t *testing.T) {
	photos := syntheticPhotos(1500, 3)
	opts := Options{}.withDefaults()
	tiles, err := validate(photos)
	if err != nil {
		t.Fatal(err)
	}
	s := newTileSummaries(photos, tiles)
	accepted, dismissed := 0, 0
	for i := range photos {
		for j := i + 1; j < len(photos); j++ {
			d := bits.OnesCount64(photos[i].FP.Whole ^ photos[j].FP.Whole)
			may := s.mayMatch(int32(i), int32(j), d, &opts)
			if _, ok := compare(&photos[i], &photos[j], opts); ok {
				accepted++
				if !may {
					t.Fatalf("photos %d and %d match but mayMatch dismissed them", i, j)
				}
			} else if !may {
				dismissed++
			}
		}
	}
	if accepted < 50 || dismissed == 0 {
		t.Errorf("%d pairs accepted, %d dismissed: the fixture does not exercise the prefilter", accepted, dismissed)
	}
}
