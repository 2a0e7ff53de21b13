// Package score fuses signals into one explainable risk score per subject.
//
// It combines evidence, not alarms: each signal's weight is a likelihood
// ratio, added in log-odds to a prior; repeated findings of one rule and
// many findings from one silo count with diminishing returns, and agreement
// between independent silos counts extra. The score is the posterior
// probability, 0-100.
package score

import (
	"math"
	"sort"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// Params tune the fusion. The defaults are documented in docs/detection.md.
type Params struct {
	// Prior is the probability that a person is a fraudulent worker before
	// any evidence: the base rate among remote applicants and hires.
	Prior float64
	// RuleDecay discounts the k-th firing of the same rule by RuleDecay^k.
	RuleDecay float64
	// SiloDecay discounts the k-th rule within one silo and family by
	// SiloDecay^k: rules of one family share a cause. Families within a
	// silo (a shared phone, a copied resume, a VPN, an interviewer's note)
	// are independent observations and do not discount each other.
	SiloDecay float64
	// SiloAgreement is the likelihood ratio added for each further silo that
	// contributes evidence, up to MaxAgreeingSilos.
	SiloAgreement    float64
	MaxAgreeingSilos int
	// Behavioural findings (network, endpoint and HR observations) age: their
	// log-likelihood ratio halves every HalfLife before AsOf, the newest
	// moment in the data. Identity, hiring and payroll facts do not age: a
	// shared SSN stays shared. A zero AsOf or HalfLife turns ageing off.
	HalfLife time.Duration
	AsOf     time.Time
}

// ages reports whether a silo's findings describe behaviour that can change.
func ages(s mosaic.Silo) bool {
	return s == mosaic.SiloNetwork || s == mosaic.SiloEndpoint || s == mosaic.SiloHR
}

// DefaultParams are the fusion parameters mosaic ships with.
func DefaultParams() Params {
	return Params{Prior: 0.01, RuleDecay: 0.7, SiloDecay: 0.75, SiloAgreement: 2, MaxAgreeingSilos: 3, HalfLife: 180 * 24 * time.Hour}
}

// Result is the fused score of one subject.
type Result struct {
	Score          float64
	Level          mosaic.Level
	FirstFlaggedAt *time.Time
	// Signals are the input signals with Share set, largest share first.
	Signals []mosaic.Signal
}

// Fuse scores one subject's signals.
func Fuse(signals []mosaic.Signal, p Params) Result {
	contrib := contributions(signals, p)
	logit := logitOf(p.Prior) + total(contrib, signals, p)
	score := round1(100 * sigmoid(logit))
	out := make([]mosaic.Signal, len(signals))
	copy(out, signals)
	pos := 0.0
	for _, c := range contrib {
		pos += math.Max(c, 0)
	}
	for i := range out {
		if pos > 0 {
			out[i].Share = round3(math.Max(contrib[i], 0) / pos)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Share != out[j].Share {
			return out[i].Share > out[j].Share
		}
		return out[i].At.Before(out[j].At)
	})
	return Result{Score: score, Level: mosaic.LevelFor(score), FirstFlaggedAt: firstFlagged(signals, p), Signals: out}
}

// contributions returns each signal's effective log-likelihood-ratio after
// the rule and silo discounts. Within a rule, the strongest firing counts
// fully; within a silo, the strongest rule counts fully.
func contributions(signals []mosaic.Signal, p Params) []float64 {
	contrib := make([]float64, len(signals))
	byRule := map[string][]int{}
	for i, s := range signals {
		byRule[s.RuleID] = append(byRule[s.RuleID], i)
	}
	type ruleTotal struct {
		group string // silo and family
		value float64
		idx   []int
	}
	var rules []ruleTotal
	for _, idx := range byRule {
		sort.SliceStable(idx, func(a, b int) bool { return aged(signals[idx[a]], p) > aged(signals[idx[b]], p) })
		v := 0.0
		for k, i := range idx {
			contrib[i] = aged(signals[i], p) * math.Pow(p.RuleDecay, float64(k))
			v += contrib[i]
		}
		s := signals[idx[0]]
		rules = append(rules, ruleTotal{string(s.Silo) + "/" + s.Family, v, idx})
	}
	bySilo := map[string][]int{}
	for ri, r := range rules {
		bySilo[r.group] = append(bySilo[r.group], ri)
	}
	for _, ris := range bySilo {
		sort.SliceStable(ris, func(a, b int) bool {
			if rules[ris[a]].value != rules[ris[b]].value {
				return rules[ris[a]].value > rules[ris[b]].value
			}
			return signals[rules[ris[a]].idx[0]].RuleID < signals[rules[ris[b]].idx[0]].RuleID
		})
		for k, ri := range ris {
			f := math.Pow(p.SiloDecay, float64(k))
			for _, i := range rules[ri].idx {
				contrib[i] *= f
			}
		}
	}
	return contrib
}

// total adds the contributions and the silo-agreement bonus.
func total(contrib []float64, signals []mosaic.Signal, p Params) float64 {
	t := 0.0
	silos := map[mosaic.Silo]bool{}
	for i, c := range contrib {
		t += c
		if c > 0 {
			silos[signals[i].Silo] = true
		}
	}
	if n := len(silos) - 1; n > 0 {
		t += float64(min(n, p.MaxAgreeingSilos)) * math.Log(p.SiloAgreement)
	}
	return t
}

// firstFlagged replays the signals in time order and returns the first
// moment the evidence so far reached level high.
func firstFlagged(signals []mosaic.Signal, p Params) *time.Time {
	order := make([]int, len(signals))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return signals[order[a]].At.Before(signals[order[b]].At) })
	var sofar []mosaic.Signal
	for n, i := range order {
		sofar = append(sofar, signals[i])
		if n+1 < len(order) && signals[order[n+1]].At.Equal(signals[i].At) {
			continue // take all evidence of one instant together
		}
		// Judge the evidence as it stood then: ageing runs to this moment.
		at := p
		if !at.AsOf.IsZero() {
			at.AsOf = signals[i].At
		}
		c := contributions(sofar, at)
		if 100*sigmoid(logitOf(p.Prior)+total(c, sofar, at)) >= mosaic.ThresholdHigh {
			t := signals[i].At
			if t.IsZero() {
				return nil
			}
			return &t
		}
	}
	return nil
}

// aged is a signal's log-likelihood ratio after ageing.
func aged(s mosaic.Signal, p Params) float64 {
	v := llr(s)
	if p.HalfLife <= 0 || p.AsOf.IsZero() || s.At.IsZero() || !ages(s.Silo) {
		return v
	}
	if age := p.AsOf.Sub(s.At); age > 0 {
		v *= math.Pow(0.5, float64(age)/float64(p.HalfLife))
	}
	return v
}

// llr is a signal's log-likelihood-ratio; weights below 1 would be evidence
// of honesty, which no detection claims, so they count as nothing.
func llr(s mosaic.Signal) float64 {
	if s.Weight <= 1 {
		return 0
	}
	return math.Log(s.Weight)
}

func logitOf(p float64) float64 { return math.Log(p / (1 - p)) }
func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
func round1(x float64) float64  { return math.Round(x*10) / 10 }
func round3(x float64) float64  { return math.Round(x*1000) / 1000 }
