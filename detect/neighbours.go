package detect

import (
	"math"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
)

// FlaggedNeighbours counts, for each subject, the other subjects joined to
// it by a strong link (at least link.ClusterStrength) whose own score
// already reaches level high. It feeds the cluster.* rules in a second pass,
// so risk flows one hop along strong links and never feeds back on itself.
func FlaggedNeighbours(g *link.Graph, ownScore []float64) []int {
	return flaggedOver(g, ownScore, link.ClusterStrength, math.Inf(1))
}

// WeakLinkStrength is the least strength of a link along which a little
// risk flows: a shared submission address, a referee named by two or three
// people, a partly matching photo backdrop.
const WeakLinkStrength = 0.3

// WeaklyLinkedFlagged counts, for each subject, the subjects joined to it
// only by weaker links (WeakLinkStrength up to link.ClusterStrength) whose
// own score reaches level high. Such a link passes on little risk: an
// office or a carrier's NAT can put strangers behind one address.
func WeaklyLinkedFlagged(g *link.Graph, ownScore []float64) []int {
	return flaggedOver(g, ownScore, WeakLinkStrength, link.ClusterStrength)
}

// flaggedOver counts flagged neighbours over links of strength in [lo, hi).
// Several links between one pair count once.
func flaggedOver(g *link.Graph, ownScore []float64, lo, hi float64) []int {
	out := make([]int, len(g.Subjects))
	seen := map[[2]int]bool{}
	for _, e := range g.Links {
		if e.Strength < lo || e.Strength >= hi {
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
