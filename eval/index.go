package eval

import (
	"math"
	"slices"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// index joins the report's subjects to the truth's people through the ids
// both hold. It is built once per evaluation and read by every metric.
type index struct {
	report *mosaic.Report
	people []Person // the people in scope for the stage, in truth order

	subjects []subjectLink // parallel to report.Subjects
	// holdings lists, for each person, the subjects holding their ids.
	holdings [][]holding
	// clusters names the report's clusters; clusterSubjects lists the
	// subjects of each, by the same index.
	clusters        []string
	clusterSubjects [][]int
}

// subjectLink is what one subject holds of the truth.
type subjectLink struct {
	shares  []share // people whose ids the subject holds, most ids first
	unknown int     // ids no person in scope holds
	score   float64
	rank    int // level rank, from the level or, when unknown, the score
	group   group
}

type share struct {
	person int
	ids    int
}

// holding is one subject holding ids of one person.
type holding struct {
	subject int
	ids     int
}

// holders finds the person holding an id, one map per kind of id: the ids
// of different files may look alike.
type holders struct {
	application, candidate, employee map[string]int
}

func newHolders(people []Person) holders {
	h := holders{
		application: make(map[string]int, 2*len(people)),
		candidate:   make(map[string]int, len(people)),
		employee:    make(map[string]int, len(people)/2),
	}
	for i, p := range people {
		for _, id := range p.ApplicationIDs {
			h.application[id] = i
		}
		for _, id := range p.CandidateIDs {
			h.candidate[id] = i
		}
		if p.EmployeeID != "" {
			h.employee[p.EmployeeID] = i
		}
		for _, id := range p.FormerEmployeeIDs {
			h.employee[id] = i
		}
	}
	return h
}

func newIndex(r *mosaic.Report, people []Person) *index {
	x := &index{
		report:   r,
		people:   people,
		subjects: make([]subjectLink, len(r.Subjects)),
		holdings: make([][]holding, len(people)),
	}
	h := newHolders(people)
	clusterOf := x.clusterMembership()
	for si := range r.Subjects {
		s := &r.Subjects[si]
		link := &x.subjects[si]
		link.score = finite(s.Score)
		link.rank = s.Level.Rank()
		if link.rank < 0 {
			link.rank = mosaic.LevelFor(link.score).Rank()
		}
		var held []int // the person behind each known id, one entry per distinct id
		count := func(ids []string, holder map[string]int) {
			for _, id := range distinct(ids) {
				if p, ok := holder[id]; ok {
					held = append(held, p)
				} else {
					link.unknown++
				}
			}
		}
		count(s.ApplicationIDs, h.application)
		count(s.CandidateIDs, h.candidate)
		count(s.EmployeeIDs, h.employee)
		link.shares = tally(held)
		// Most ids first; ties in truth order, so the majority is stable.
		slices.SortFunc(link.shares, func(a, b share) int {
			if a.ids != b.ids {
				return b.ids - a.ids
			}
			return a.person - b.person
		})
		for _, sh := range link.shares {
			x.holdings[sh.person] = append(x.holdings[sh.person], holding{subject: si, ids: sh.ids})
		}
		link.group = clusterOf(si)
		if link.group.isCluster() {
			x.clusterSubjects[link.group] = append(x.clusterSubjects[link.group], si)
		}
	}
	return x
}

// smallList is the length up to which a nested scan beats a map. Subjects and
// people hold a handful of ids; a hostile report with thousands of ids on one
// subject takes the map path and stays linear.
const smallList = 32

// distinct returns ids without repeats (an id listed twice is still one id),
// ids itself when there are none.
func distinct(ids []string) []string {
	if len(ids) <= smallList {
		for i := 1; i < len(ids); i++ {
			if slices.Contains(ids[:i], ids[i]) {
				return dedupe(ids)
			}
		}
		return ids
	}
	return dedupe(ids)
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// tally counts equal keys: share.person is the key, share.ids its count, in
// order of first appearance.
func tally(keys []int) []share {
	var out []share
	if len(keys) <= smallList {
	next:
		for _, k := range keys {
			for i := range out {
				if out[i].person == k {
					out[i].ids++
					continue next
				}
			}
			out = append(out, share{person: k, ids: 1})
		}
		return out
	}
	at := make(map[int]int, len(keys))
	for _, k := range keys {
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, share{person: k})
		}
		out[i].ids++
	}
	return out
}

// outcome is what the report says about one person.
type outcome struct {
	seen         bool
	score        float64 // max over the subjects holding their ids; 0 when unseen
	rank         int     // max level rank; -1 when unseen
	firstFlagged *time.Time
	group        group // the group holding most of their ids; noGroup when unseen
}

func (x *index) outcomes() []outcome {
	out := make([]outcome, len(x.people))
	var groupOfID []int // the group of each of the person's ids, one entry per id
	for p, hs := range x.holdings {
		o := outcome{rank: -1, group: noGroup}
		groupOfID = groupOfID[:0]
		for _, h := range hs {
			link := &x.subjects[h.subject]
			if !o.seen || link.score > o.score {
				o.score = link.score
			}
			if link.rank > o.rank {
				o.rank = link.rank
			}
			o.seen = true
			if at := x.report.Subjects[h.subject].FirstFlaggedAt; at != nil && (o.firstFlagged == nil || at.Before(*o.firstFlagged)) {
				first := *at // a copy: the result must not alias the report
				o.firstFlagged = &first
			}
			for range h.ids {
				groupOfID = append(groupOfID, int(link.group))
			}
		}
		o.group = largestGroup(tally(groupOfID))
		out[p] = o
	}
	return out
}

// largestGroup picks the group with the most ids; ties go to the first group
// in group order, so that results are the same run after run.
func largestGroup(groups []share) group {
	best, bestN := noGroup, 0
	for _, s := range groups {
		g := group(s.person)
		if s.ids > bestN || (s.ids == bestN && g.before(best)) {
			best, bestN = g, s.ids
		}
	}
	return best
}

// finite turns NaN into 0 and clamps infinities, so a broken score cannot
// break sorting or JSON encoding.
func finite(f float64) float64 {
	switch {
	case math.IsNaN(f):
		return 0
	case math.IsInf(f, 1):
		return math.MaxFloat64
	case math.IsInf(f, -1):
		return -math.MaxFloat64
	}
	return f
}
