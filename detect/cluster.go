package detect

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
)

// LinkedToFlaggedRule lets risk flow along strong links: a persona that
// shares a bank account or a phone with someone the evidence already flags
// inherits much of it; one linked by a weak identifier inherits little.
// It runs after a first fusion, on the subjects' own scores, and looks one
// hop only, so risk never feeds back on itself.
func LinkedToFlaggedRule() Rule {
	return Rule{
		ID:          "cluster.linked_to_flagged_subject",
		Title:       "Linked to a flagged person",
		Description: "The person shares a strong identifier (phone, bank account, SSN, ship-to address, device) with someone whose own evidence already reaches level high.",
		Silo:        mosaic.SiloCluster,
		Severity:    "high",
		Weight:      10,
		References: []string{
			"Mandiant, UNC5267 (2024): operators run many personas with shared infrastructure",
			"FBI PSA I-051624-PSA (May 2024): facilitators and shared accounts",
		},
		FalsePositives: []string{"honest people linked through a shared household or agency are not linked to begin with (those shares are not links)"},
	}
}

// Flag is a subject's own fused score, before cluster signals.
type Flag struct {
	Probability float64 // 0-1
	At          *time.Time
}

// LinkedToFlagged returns the cluster signals given each subject's own
// score (indexed like g.Subjects).
func LinkedToFlagged(g *link.Graph, own []Flag) []mosaic.Signal {
	r := LinkedToFlaggedRule()
	type best struct {
		lr       float64
		at       time.Time
		names    []string
		kinds    map[string]bool
		evidence []mosaic.Evidence
	}
	acc := map[int]*best{}
	consider := func(self, other int, e link.Edge) {
		f := own[other]
		if e.Strength < link.ClusterStrength || f.Probability*100 < mosaic.ThresholdHigh || f.At == nil {
			return
		}
		lr := 1 + (r.Weight-1)*e.Strength*f.Probability
		b := acc[self]
		if b == nil {
			b = &best{kinds: map[string]bool{}}
			acc[self] = b
		}
		if lr > b.lr {
			b.lr = lr
		}
		if b.at.IsZero() || f.At.Before(b.at) {
			b.at = *f.At
		}
		b.names = append(b.names, g.Subjects[other].Key)
		b.kinds[link.KindLabel[e.Kind]] = true
		if len(b.evidence) < 6 {
			b.evidence = append(b.evidence, e.Evidence...)
		}
	}
	for _, e := range g.Links {
		consider(e.A, e.B, e)
		consider(e.B, e.A, e)
	}
	var out []mosaic.Signal
	for si, b := range acc {
		names := dedupe(b.names)
		kinds := make([]string, 0, len(b.kinds))
		for k := range b.kinds {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		out = append(out, mosaic.Signal{
			RuleID: r.ID, Title: r.Title, Silo: r.Silo,
			Subject: g.Subjects[si].Key,
			Key:     "linked",
			At:      b.at,
			Weight:  round2(b.lr),
			Explanation: fmt.Sprintf("shares %s with %d flagged %s (%s)",
				joinAnd(kinds), len(names), pluralWord(len(names), "person", "people"), listIDs(names, 4)),
			Evidence: b.evidence,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Subject < out[j].Subject })
	return out
}

func dedupe(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// joinAnd writes "a phone", "a phone and an SSN", "a phone, a bank account and an SSN".
func joinAnd(kinds []string) string {
	for i, k := range kinds {
		art := "a "
		if strings.ContainsAny(k[:1], "aeiouAEIOS") {
			art = "an "
		}
		kinds[i] = art + k
	}
	switch len(kinds) {
	case 0:
		return "an identifier"
	case 1:
		return kinds[0]
	}
	return strings.Join(kinds[:len(kinds)-1], ", ") + " and " + kinds[len(kinds)-1]
}
