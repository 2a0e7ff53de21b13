package score

import (
	"math"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

var t0 = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)

func sig(rule string, silo mosaic.Silo, lr float64, day int) mosaic.Signal {
	return mosaic.Signal{RuleID: rule, Silo: silo, Weight: lr, At: t0.AddDate(0, 0, day)}
}

func TestNoSignalsScoresLow(t *testing.T) {
	r := Fuse(nil, DefaultParams())
	if r.Level != mosaic.LevelNone || r.Score > 1 || r.FirstFlaggedAt != nil {
		t.Fatalf("%+v", r)
	}
}

func TestOneWeakSignalIsNotAnAlarm(t *testing.T) {
	r := Fuse([]mosaic.Signal{sig("network.proxy", mosaic.SiloNetwork, 3, 0)}, DefaultParams())
	if r.Level.Rank() >= mosaic.LevelMedium.Rank() {
		t.Fatalf("one weak signal reached %s (%.1f)", r.Level, r.Score)
	}
}

func TestIndependentSilosAgreeing(t *testing.T) {
	p := DefaultParams()
	sameSilo := Fuse([]mosaic.Signal{
		sig("hiring.a", mosaic.SiloHiring, 12, 0), sig("hiring.b", mosaic.SiloHiring, 12, 1), sig("hiring.c", mosaic.SiloHiring, 12, 2),
	}, p)
	threeSilos := Fuse([]mosaic.Signal{
		sig("hiring.a", mosaic.SiloHiring, 12, 0), sig("endpoint.b", mosaic.SiloEndpoint, 12, 1), sig("payroll.c", mosaic.SiloPayroll, 12, 2),
	}, p)
	if !(threeSilos.Score > sameSilo.Score) {
		t.Fatalf("three silos %.1f should beat one silo %.1f", threeSilos.Score, sameSilo.Score)
	}
	if threeSilos.Level.Rank() < mosaic.LevelHigh.Rank() {
		t.Fatalf("three strong independent signals only reach %s (%.1f)", threeSilos.Level, threeSilos.Score)
	}
}

func TestRepeatsOfOneRuleDiminish(t *testing.T) {
	p := DefaultParams()
	one := Fuse([]mosaic.Signal{sig("x", mosaic.SiloHiring, 10, 0)}, p)
	var many []mosaic.Signal
	for i := 0; i < 20; i++ {
		many = append(many, sig("x", mosaic.SiloHiring, 10, i))
	}
	r := Fuse(many, p)
	// 20 firings of one rule count at most 1/(1-RuleDecay) times one firing
	// in log-odds: a geometric series, not a sum of alarms.
	bound := math.Pow(10, 1/(1-p.RuleDecay))
	if r.Score > Fuse([]mosaic.Signal{sig("x", mosaic.SiloHiring, bound, 0)}, p).Score {
		t.Fatalf("20 repeats %.1f not diminished (one firing %.1f)", r.Score, one.Score)
	}
}

func TestSharesAndFirstFlagged(t *testing.T) {
	p := DefaultParams()
	sigs := []mosaic.Signal{
		sig("hiring.a", mosaic.SiloHiring, 20, 0),
		sig("endpoint.b", mosaic.SiloEndpoint, 20, 5),
		sig("payroll.c", mosaic.SiloPayroll, 20, 9),
	}
	r := Fuse(sigs, p)
	total := 0.0
	for _, s := range r.Signals {
		total += s.Share
	}
	if total < 0.99 || total > 1.01 {
		t.Fatalf("shares add to %v", total)
	}
	if r.FirstFlaggedAt == nil {
		t.Fatalf("never flagged: %+v", r)
	}
	// The first signal alone is not enough; the flag comes with a later one.
	if !r.FirstFlaggedAt.After(t0) {
		t.Fatalf("flagged at %v, before the evidence allowed", r.FirstFlaggedAt)
	}
}

func TestScoreBounds(t *testing.T) {
	var sigs []mosaic.Signal
	for i, silo := range []mosaic.Silo{mosaic.SiloHiring, mosaic.SiloEndpoint, mosaic.SiloPayroll, mosaic.SiloNetwork, mosaic.SiloHR} {
		sigs = append(sigs, sig(string(silo), silo, 1e6, i))
	}
	r := Fuse(sigs, DefaultParams())
	if r.Score < 0 || r.Score > 100 || r.Level != mosaic.LevelCritical {
		t.Fatalf("%+v", r)
	}
}

func TestBehaviourAgesButIdentityDoesNot(t *testing.T) {
	p := DefaultParams()
	p.AsOf = t0.AddDate(2, 0, 0) // two years after the findings
	old := []mosaic.Signal{sig("network.proxy", mosaic.SiloNetwork, 20, 0), sig("endpoint.rmm", mosaic.SiloEndpoint, 20, 0)}
	fresh := Fuse(old, DefaultParams())
	if aged := Fuse(old, p); aged.Score >= fresh.Score {
		t.Fatalf("two-year-old behaviour scores %.1f, as much as when new (%.1f)", aged.Score, fresh.Score)
	}
	ssn := []mosaic.Signal{sig("identity.ssn_shared", mosaic.SiloIdentity, 50, 0)}
	if a, b := Fuse(ssn, p).Score, Fuse(ssn, DefaultParams()).Score; a != b {
		t.Fatalf("a shared SSN aged: %.1f vs %.1f", a, b)
	}
}
