package eval

// RingReconstruction says how well the report's clusters recover the rings.
type RingReconstruction struct {
	// Pairwise compares, over pairs of fraud people, "same ring" in the
	// truth with "same cluster" in the report.
	Pairwise PairScores   `json:"pairwise"`
	Rings    []RingResult `json:"rings"`
}

// PairScores are pairwise precision, recall and F1 over pairs of people.
type PairScores struct {
	TruePairs      int     `json:"true_pairs"`      // pairs in the same ring
	PredictedPairs int     `json:"predicted_pairs"` // pairs in the same cluster
	CorrectPairs   int     `json:"correct_pairs"`   // pairs in both
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
}

// RingResult is how one ring came out of the report.
type RingResult struct {
	Ring     string   `json:"ring"`
	TTPs     []string `json:"ttps,omitempty"`
	Declared int      `json:"declared_members"` // as truth_rings.csv says
	Members  int      `json:"members"`          // fraud people of truth.csv in this ring (and in scope)
	Seen     int      `json:"seen"`             // members the report holds
	Flagged  int      `json:"flagged"`          // members flagged at the level
	// Cluster is the cluster holding the most members; empty when no two
	// members share a cluster and the best group is a lone subject.
	Cluster string `json:"cluster,omitempty"`
	// Together is how many members that cluster (or subject) holds, and
	// Share is Together / Members: 1 when the whole ring is one cluster.
	Together int     `json:"together"`
	Share    float64 `json:"share"`
	// Honest and OtherFraud count the people outside the ring with records
	// in that cluster: honest people caught up with the ring, and fraud
	// people of other rings.
	Honest     int `json:"honest_in_cluster"`
	OtherFraud int `json:"other_fraud_in_cluster"`
}

// pairs is n choose 2.
func pairs(n int) int { return n * (n - 1) / 2 }

func (x *index) rings(truth []Ring, out []outcome, flagged []bool) RingReconstruction {
	res := RingReconstruction{Rings: []RingResult{}}

	// Pairwise scores from the contingency table of ring x group. A fraud
	// person without a ring is a ring of their own; an unseen person is in
	// no group and so in no predicted pair.
	type ringGroup struct {
		ring string
		g    group
	}
	inRing := map[string]int{}
	inGroup := map[group]int{}
	inBoth := map[ringGroup]int{}
	for p, person := range x.people {
		if !person.Fraud() {
			continue
		}
		ring := "r:" + person.Ring
		if person.Ring == "" {
			ring = "p:" + person.ID
		}
		inRing[ring]++
		if g := out[p].group; g != noGroup {
			inGroup[g]++
			inBoth[ringGroup{ring, g}]++
		}
	}
	pw := &res.Pairwise
	for _, n := range inRing {
		pw.TruePairs += pairs(n)
	}
	for _, n := range inGroup {
		pw.PredictedPairs += pairs(n)
	}
	for _, n := range inBoth {
		pw.CorrectPairs += pairs(n)
	}
	pw.Precision = ratio(pw.CorrectPairs, pw.PredictedPairs)
	pw.Recall = ratio(pw.CorrectPairs, pw.TruePairs)
	pw.F1 = f1(pw.Precision, pw.Recall)

	// Per ring, in truth_rings.csv order.
	members := map[string][]int{}
	for p, person := range x.people {
		if person.Fraud() && person.Ring != "" {
			members[person.Ring] = append(members[person.Ring], p)
		}
	}
	for _, ring := range truth {
		r := RingResult{Ring: ring.ID, TTPs: ring.TTPs, Declared: ring.Members, Members: len(members[ring.ID])}
		together := map[group]int{}
		for _, p := range members[ring.ID] {
			if out[p].seen {
				r.Seen++
			}
			if flagged[p] {
				r.Flagged++
			}
			if g := out[p].group; g != noGroup {
				together[g]++
			}
		}
		if best := bestRingGroup(together); best != noGroup {
			r.Together = together[best]
			if best.isCluster() {
				r.Cluster = x.clusters[best]
			}
			r.Honest, r.OtherFraud = x.outsiders(best, ring.ID)
		}
		r.Share = ratio(r.Together, r.Members)
		res.Rings = append(res.Rings, r)
	}
	return res
}

// bestRingGroup is the group holding the most members of a ring; on a tie a
// real cluster beats a lone subject, then group order decides.
func bestRingGroup(together map[group]int) group {
	best := noGroup
	for g, n := range together {
		if best == noGroup || n > together[best] || (n == together[best] && g.before(best)) {
			best = g
		}
	}
	return best
}

// outsiders counts the people outside a ring with ids in a group's subjects.
func (x *index) outsiders(g group, ring string) (honest, otherFraud int) {
	seen := map[int]bool{}
	for _, si := range x.groupSubjects(g) {
		for _, sh := range x.subjects[si].shares {
			if seen[sh.person] {
				continue
			}
			seen[sh.person] = true
			switch p := x.people[sh.person]; {
			case !p.Fraud():
				honest++
			case p.Ring != ring || ring == "":
				otherFraud++
			}
		}
	}
	return honest, otherFraud
}
