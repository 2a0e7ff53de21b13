package link

import (
	"fmt"
	"sort"

	"github.com/mosaic-sec/mosaic"
)

// Similarity is a fuzzy match between two applications' attachments (near-
// duplicate resumes, a reused photo background), found outside this package.
type Similarity struct {
	AppA, AppB int // application indices
	Kind       string
	Score      float64 // 0-1
	Evidence   []mosaic.Evidence
}

// similarityKind is how a kind of fuzzy match weighs as a link.
type similarityKind struct {
	strength float64 // at a perfect match
	// weakens: the link weakens as more people share the value (8/n
	// beyond 8), as a shared phone does.
	weakens bool
}

// similarityKinds: a resume passed around a team is strong; a photo
// background weaker (a studio or an office reuses its wall), just enough
// to join a cluster when most of the border agrees. A shared document or
// picture weakens with the number who share it. A backdrop does not: the
// matcher reports only patterned backdrops behind the sitter, and scan
// leaves out any that more than 15 people share (a studio, an office);
// below that, a dozen personas on one tablecloth is a ring.
var similarityKinds = map[string]similarityKind{
	"resume":           {strength: 0.7, weakens: true},
	"photo_background": {strength: 0.5},
	"photo":            {strength: 0.8, weakens: true},
}

// fullBackgroundAgreement is the share of border tiles agreeing at which a
// background match reaches its full strength; the sitter hides some tiles.
const fullBackgroundAgreement = 0.6

// AddSimilarities turns fuzzy matches into edges between subjects. Matches
// within one subject (a person reusing their own resume) are not links.
// Values shared by many (a template half the applicants used) arrive here
// already filtered by the matcher, which discounts common content.
func (g *Graph) AddSimilarities(sims []Similarity) {
	// How many other people each person's document matches: a template
	// matched by dozens is common content, not a shared document.
	partners := map[[2]int]map[int]bool{}
	note := func(a, b int, kind string) {
		k := [2]int{a, kindIndex(kind)}
		if partners[k] == nil {
			partners[k] = map[int]bool{}
		}
		partners[k][b] = true
	}
	for _, s := range sims {
		a, b := g.AppSubject[s.AppA], g.AppSubject[s.AppB]
		if a == b {
			continue
		}
		note(a, b, s.Kind)
		note(b, a, s.Kind)
	}
	degree := func(a int, kind string) int { return len(partners[[2]int{a, kindIndex(kind)}]) }
	seen := map[[3]int]bool{}
	for _, s := range sims {
		a, b := g.AppSubject[s.AppA], g.AppSubject[s.AppB]
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		k := [3]int{a, b, kindIndex(s.Kind)}
		if seen[k] {
			continue
		}
		seen[k] = true
		n := max(degree(a, s.Kind), degree(b, s.Kind)) + 1
		if n > MaxSharers {
			continue
		}
		score := s.Score
		if s.Kind == "photo_background" {
			score = min(1, score/fullBackgroundAgreement)
		}
		kind := similarityKinds[s.Kind]
		st := kind.strength * score
		if n > 8 && kind.weakens {
			st *= 8 / float64(n)
		}
		appA, appB := g.DS.Applications[s.AppA].ID, g.DS.Applications[s.AppB].ID
		g.Links = append(g.Links, Edge{
			A: a, B: b, Kind: s.Kind, Sharers: n, Strength: st, Evidence: s.Evidence,
			Value:       fmt.Sprintf("%s~%s", appA, appB),
			Explanation: fmt.Sprintf("%s of %s is %.0f%% similar to %s", KindLabel[s.Kind], appA, s.Score*100, appB),
		})
	}
	sort.SliceStable(g.Links, func(i, j int) bool {
		if g.Links[i].A != g.Links[j].A {
			return g.Links[i].A < g.Links[j].A
		}
		if g.Links[i].B != g.Links[j].B {
			return g.Links[i].B < g.Links[j].B
		}
		return g.Links[i].Kind < g.Links[j].Kind
	})
}

func kindIndex(k string) int {
	switch k {
	case "resume":
		return 1
	case "photo_background":
		return 2
	}
	return 3
}

// DropAllowed removes the links an analyst explained away (allowed reports
// whether a link of kind between the two subject keys is allowed).
func (g *Graph) DropAllowed(allowed func(a, b, kind string) bool) {
	if allowed == nil {
		return
	}
	kept := g.Links[:0]
	for _, e := range g.Links {
		if !allowed(g.Subjects[e.A].Key, g.Subjects[e.B].Key, e.Kind) {
			kept = append(kept, e)
		}
	}
	g.Links = kept
}
