package eval

import (
	"cmp"
	"slices"
)

// scored is one person in the ranking.
type scored struct {
	score float64
	fraud bool
}

// Tie orders of averagePrecision.
const (
	tiesPessimistic = "pessimistic" // within a tie, fraud ranked after honest
	tiesOptimistic  = "optimistic"  // within a tie, fraud ranked before honest
)

// averagePrecision is the mean, over fraud persons, of the precision of the
// ranking cut just after them: 1 when every fraud person outranks every
// honest one. A score shared by several people gives no order among them, so
// ties are broken one way or the other: the pessimistic order puts fraud last
// within a tie, so a detector cannot gain by giving everyone the same score.
// With no fraud person at all it is 0.
func averagePrecision(people []scored, ties string) float64 {
	ranked := slices.Clone(people)
	fraudFirst := ties == tiesOptimistic
	slices.SortFunc(ranked, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		switch {
		case a.fraud == b.fraud:
			return 0
		case a.fraud == fraudFirst:
			return -1
		}
		return 1
	})
	var found int
	var sum float64
	for i, p := range ranked {
		if p.fraud {
			found++
			sum += float64(found) / float64(i+1)
		}
	}
	if found == 0 {
		return 0
	}
	return sum / float64(found)
}
