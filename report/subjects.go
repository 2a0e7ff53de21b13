package report

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// ranked is a subject with its place in the report, 1 for the highest score.
type ranked struct {
	Rank int
	*mosaic.Subject
}

// rankSubjects returns the subjects scoring at least minScore, highest score
// first. The producer already sorts them; sorting again (stably, so ties
// keep the producer's order) makes every format agree even when it did not.
// A NaN score sorts last and never passes a positive minScore.
func rankSubjects(r *mosaic.Report, minScore float64) []ranked {
	out := make([]ranked, 0, len(r.Subjects))
	for i := range r.Subjects {
		s := &r.Subjects[i]
		if minScore > 0 && !(s.Score >= minScore) {
			continue
		}
		out = append(out, ranked{Subject: s})
	}
	slices.SortStableFunc(out, func(a, b ranked) int {
		return cmp.Compare(sortableScore(b.Score), sortableScore(a.Score))
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

func sortableScore(f float64) float64 {
	if math.IsNaN(f) {
		return math.Inf(-1)
	}
	return f
}

// topSignals returns up to n signals with the largest share of the score,
// heaviest weight first among equal shares, skipping repeated explanations.
func topSignals(s *mosaic.Subject, n int) []*mosaic.Signal {
	sigs := make([]*mosaic.Signal, 0, len(s.Signals))
	for i := range s.Signals {
		sigs = append(sigs, &s.Signals[i])
	}
	slices.SortStableFunc(sigs, func(a, b *mosaic.Signal) int {
		if c := cmp.Compare(sortableScore(b.Share), sortableScore(a.Share)); c != 0 {
			return c
		}
		return cmp.Compare(sortableScore(b.Weight), sortableScore(a.Weight))
	})
	out := make([]*mosaic.Signal, 0, n)
	seen := make(map[string]bool, n)
	for _, sig := range sigs {
		if len(out) == n {
			break
		}
		text := reasonText(sig)
		if seen[text] {
			continue
		}
		seen[text] = true
		out = append(out, sig)
	}
	return out
}

// reasonText is what a recruiter reads about a signal: its explanation, or
// its title when a rule left the explanation empty.
func reasonText(sig *mosaic.Signal) string {
	if sig.Explanation != "" {
		return sig.Explanation
	}
	return sig.Title
}

// topReasons returns the plain-English reasons of the n strongest signals.
func topReasons(s *mosaic.Subject, n int) []string {
	sigs := topSignals(s, n)
	out := make([]string, len(sigs))
	for i, sig := range sigs {
		out[i] = strings.TrimSpace(cleanText(reasonText(sig)))
	}
	return out
}

// compactIDs names a subject in one short cell: its first application id
// (else employee id, else candidate id) and "+N" for the other records.
func compactIDs(s *mosaic.Subject) string {
	first, more := idParts(s)
	return first + more
}

// fitIDs is compactIDs in at most w cells: the first id gives way before the
// "+N", which tells that there is more to see.
func fitIDs(s *mosaic.Subject, w int) string {
	first, more := idParts(s)
	if textWidth(first+more) <= w || textWidth(more)+2 > w {
		return truncate(first+more, w)
	}
	return truncate(first, w-textWidth(more)) + more
}

func idParts(s *mosaic.Subject) (first, more string) {
	n := len(s.ApplicationIDs) + len(s.EmployeeIDs)
	switch {
	case len(s.ApplicationIDs) > 0:
		first = s.ApplicationIDs[0]
	case len(s.EmployeeIDs) > 0:
		first = s.EmployeeIDs[0]
	case len(s.CandidateIDs) > 0:
		first, n = s.CandidateIDs[0], len(s.CandidateIDs)
	default:
		return "-", ""
	}
	if n > 1 {
		more = " +" + strconv.Itoa(n-1)
	}
	return cleanText(first), more
}

// levelCounts counts subjects per level, highest level first; unknown
// levels are left out.
func levelCounts(subjects []ranked) []levelCount {
	counts := make([]levelCount, len(mosaic.Levels))
	for i, l := range mosaic.Levels {
		counts[i].Level = l
	}
	for _, s := range subjects {
		for i := range counts {
			if counts[i].Level == s.Level {
				counts[i].N++
				break
			}
		}
	}
	return counts
}

type levelCount struct {
	Level mosaic.Level
	N     int
}
