package scan

import (
	"strconv"
	"testing"

	"github.com/mosaic-sec/mosaic/photohash"
)

// A ring of 12 personas sending 4 photos each on one backdrop matches 47
// photos but only 11 other people: evidence. A backdrop shared by 20
// strangers is a common setting.
func TestCrowdedBackgroundsCountPeopleNotPhotos(t *testing.T) {
	var matches []photohash.Match
	allPairs := func(ids []string) {
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				matches = append(matches, photohash.Match{A: ids[i], B: ids[j], Kind: photohash.KindBackground})
			}
		}
	}
	person := map[string]int{}
	var ring, studio []string
	for p := range 12 {
		for k := range 4 {
			id := "r" + strconv.Itoa(p) + "-" + strconv.Itoa(k)
			ring, person[id] = append(ring, id), p
		}
	}
	for p := range 20 {
		id := "s" + strconv.Itoa(p)
		studio, person[id] = append(studio, id), 100+p
	}
	allPairs(ring)
	allPairs(studio)
	crowded := crowdedBackgrounds(matches, func(photo string) int { return person[photo] })
	if crowded[ring[0]] {
		t.Error("a ring's photos were taken for a common setting: photos were counted, not people")
	}
	if !crowded[studio[0]] {
		t.Error("a backdrop shared by 20 strangers should count as a common setting")
	}
}
