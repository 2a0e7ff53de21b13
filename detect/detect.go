// Package detect runs the detections over a linked dataset. Each detection
// names its rule (id, title, silo, weight, references, known false
// positives) and explains every signal in one plain sentence, pointing at the
// rows behind it.
//
// Weights are likelihood ratios: how much more often the finding is seen for
// a fraudulent worker than for an honest one. The score package fuses them.
package detect

import (
	"context"
	"sort"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
)

// Rule describes a detection, in the manner of Sigma and Elastic rules.
type Rule struct {
	ID             string
	Title          string
	Description    string
	Silo           mosaic.Silo
	Severity       string  // informational, low, medium, high, critical
	Weight         float64 // likelihood ratio of one firing
	References     []string
	FalsePositives []string
}

// Input is what detectors read.
type Input struct {
	Graph *link.Graph
}

// Detector is one detection.
type Detector interface {
	Rule() Rule
	Detect(ctx context.Context, in *Input, emit func(mosaic.Signal)) error
}

// Builtin returns the detections mosaic ships.
func Builtin() []Detector {
	return []Detector{
		phoneShared{},
		lateShipAddressChange{},
		newRemoteAccess(DefaultRemoteAccessCatalog()),
		anonymizingSignIn{},
	}
}

// Run runs every detector and returns their signals, ordered by subject,
// time and rule so output is deterministic.
func Run(ctx context.Context, in *Input, detectors []Detector) ([]mosaic.Signal, error) {
	var out []mosaic.Signal
	seen := map[string]bool{}
	for _, d := range detectors {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := d.Rule()
		err := d.Detect(ctx, in, func(s mosaic.Signal) {
			s.RuleID, s.Title, s.Silo = r.ID, r.Title, r.Silo
			k := s.Subject + "\x00" + s.RuleID + "\x00" + s.Key
			if seen[k] {
				return
			}
			seen[k] = true
			out = append(out, s)
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Key < b.Key
	})
	return out, nil
}
