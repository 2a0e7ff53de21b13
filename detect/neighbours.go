package detect

import (
	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
)

// FlaggedNeighbours counts, for each subject, the other subjects joined to
// it by a strong link (at least link.ClusterStrength) whose own score
// already reaches level high. It feeds the cluster.* rules in a second pass,
// so risk flows one hop along strong links and never feeds back on itself.
func FlaggedNeighbours(g *link.Graph, ownScore []float64) []int {
	out := make([]int, len(g.Subjects))
	seen := map[[2]int]bool{}
	for _, e := range g.Links {
		if e.Strength < link.ClusterStrength {
			continue
		}
		if ownScore[e.B] >= mosaic.ThresholdHigh && !seen[[2]int{e.A, e.B}] {
			seen[[2]int{e.A, e.B}] = true
			out[e.A]++
		}
		if ownScore[e.A] >= mosaic.ThresholdHigh && !seen[[2]int{e.B, e.A}] {
			seen[[2]int{e.B, e.A}] = true
			out[e.B]++
		}
	}
	return out
}
