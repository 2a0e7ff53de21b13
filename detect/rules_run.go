package detect

import (
	"context"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/rules"
)

// Engine runs a rule set over the facts of a scan.
type Engine struct {
	Rules *rules.Set
	// SubjectOnly evaluates only the subject scope (the second, cluster-aware
	// pass needs nothing else).
	SubjectOnly bool
	// Propagation holds, per subject, what the previous pass flagged around
	// it (second pass).
	Propagation Propagation
	// Memo, when set, answers evaluations of variables already seen (the
	// service re-analysing a growing dataset); nil evaluates everything.
	Memo *rules.Memo
}

// evaluate runs the scope's rules over vars, through the memo when there
// is one.
func (e Engine) evaluate(ctx context.Context, scope string, vars map[string]any) ([]rules.Firing, error) {
	return e.Memo.Evaluate(ctx, e.Rules, scope, vars)
}

// Propagation is what the previous pass found around each subject, indexed
// by subject.
type Propagation struct {
	// CoBurstFlagged: flagged people met in anonymous application bursts
	// on several postings.
	CoBurstFlagged []int
	// BurstFlagged: flagged people met in anonymous application bursts,
	// on any number of postings.
	BurstFlagged []int
	// WeakFlagged: flagged people joined only by weaker links.
	WeakFlagged []int
}

// Run evaluates every rule in every scope and returns the signals.
// flagged and confirmed give, per subject, the number of strongly linked
// neighbours already flagged (from a first pass) or confirmed by analysts;
// nil for none.
func (e Engine) Run(ctx context.Context, f *Facts, flagged, confirmed []int) ([]mosaic.Signal, error) {
	g := f.g
	ds := g.DS
	var out []mosaic.Signal
	subjectVars := make([]map[string]any, len(g.Subjects))
	subject := func(si int) map[string]any {
		if subjectVars[si] == nil {
			subjectVars[si] = f.subjectVars(si, at(flagged, si), at(confirmed, si))
			c := subjectVars[si]["cluster"].(map[string]any)
			c["coburst_flagged"] = int64(at(e.Propagation.CoBurstFlagged, si))
			c["burst_flagged"] = int64(at(e.Propagation.BurstFlagged, si))
			c["weak_flagged_neighbours"] = int64(at(e.Propagation.WeakFlagged, si))
		}
		return subjectVars[si]
	}
	// What each rule's evidence rests on, read once per rule.
	paths := map[string]evidencePaths{}
	pathsFor := func(r *rules.Rule) evidencePaths {
		p, ok := paths[r.ID]
		if !ok {
			p = pathsOf(r)
			paths[r.ID] = p
		}
		return p
	}
	emit := func(si int, fs []rules.Firing, when time.Time, evidence func(evidencePaths) []mosaic.Evidence, defaultKey string) {
		for _, fr := range fs {
			if !fr.Scores() {
				continue // context-only rules never score
			}
			key := fr.Key
			if key == "" {
				key = defaultKey
			}
			out = append(out, mosaic.Signal{
				RuleID: fr.Rule.ID, Title: fr.Rule.Title, Silo: fr.Rule.Silo, Family: fr.Rule.Family,
				Subject: g.Subjects[si].Key, Key: key, At: when, Weight: fr.Weight,
				Explanation: fr.Explanation, Evidence: evidence(pathsFor(fr.Rule)),
			})
		}
	}
	record := func(o mosaic.Origin, scope string, vars map[string]any, more func(string) []mosaic.Evidence) func(evidencePaths) []mosaic.Evidence {
		return func(p evidencePaths) []mosaic.Evidence { return recordEvidence(o, scope, vars, p, more) }
	}
	jobs := map[string]time.Time{}
	for _, j := range ds.Jobs {
		jobs[j.ID] = j.PostedAt
	}
	for i, a := range ds.Applications {
		if e.SubjectOnly {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		si := g.AppSubject[i]
		vars := map[string]any{"app": f.applicationVars(i, jobs), "subject": subject(si)}
		fs, err := e.evaluate(ctx, "application", vars)
		if err != nil {
			return nil, err
		}
		emit(si, fs, a.SubmittedAt, record(a.Origin, rules.ScopeApplication, vars, f.applicationEvidence(i)), a.ID)
	}
	for si, s := range g.Subjects {
		if e.SubjectOnly {
			s = &link.Subject{}
		}
		for _, i := range s.Notes() {
			n := ds.Notes[i]
			vars := map[string]any{"note": f.noteVars(i), "subject": subject(si)}
			fs, err := e.evaluate(ctx, "note", vars)
			if err != nil {
				return nil, err
			}
			emit(si, fs, n.OccurredAt, record(n.Origin, rules.ScopeNote, vars, nil), n.ID)
		}
		for _, i := range s.Shipments() {
			sh := ds.Shipments[i]
			vars := map[string]any{"shipment": f.shipmentVars(i, si), "subject": subject(si)}
			fs, err := e.evaluate(ctx, "shipment", vars)
			if err != nil {
				return nil, err
			}
			when := sh.AddressChangeRequestedAt
			if when.IsZero() {
				when = firstTime(sh.ShippedAt, sh.RequestedAt, sh.DeliveredAt)
			}
			emit(si, fs, when, record(sh.Origin, rules.ScopeShipment, vars, nil), sh.ID)
		}
		for _, i := range s.Payroll() {
			p := ds.Payroll[i]
			vars := map[string]any{"pay": f.payrollVars(i, si), "subject": subject(si)}
			fs, err := e.evaluate(ctx, "payroll", vars)
			if err != nil {
				return nil, err
			}
			emit(si, fs, p.OccurredAt, record(p.Origin, rules.ScopePayroll, vars, nil), p.ID)
		}
		fs, err := e.evaluate(ctx, "subject", map[string]any{"subject": subject(si)})
		if err != nil {
			return nil, err
		}
		for _, fr := range fs {
			ev, when := f.groupEvidence(si, fr.Rule.EvidenceGroups, pathsFor(fr.Rule))
			emit(si, []rules.Firing{fr}, when, func(evidencePaths) []mosaic.Evidence { return ev }, fr.Rule.ID)
		}
	}
	return dedupe(out), nil
}

// dedupe keeps one signal per subject, rule and key: the earliest, since a
// finding counts from the first moment it was there.
func dedupe(signals []mosaic.Signal) []mosaic.Signal {
	best := map[string]int{}
	out := signals[:0]
	for _, s := range signals {
		k := s.Subject + "\x00" + s.RuleID + "\x00" + s.Key
		if i, ok := best[k]; ok {
			if s.At.Before(out[i].At) && !s.At.IsZero() {
				out[i] = s
			}
			continue
		}
		best[k] = len(out)
		out = append(out, s)
	}
	return out
}

// groupEvidence gathers the evidence of the fact groups a subject-scope rule
// rests on, and the time it was all there. The rows cited are those of the
// facts the rule names (factEvidence); a group's whole evidence only when it
// names none that rest on rows.
func (f *Facts) groupEvidence(si int, groups []string, paths evidencePaths) ([]mosaic.Evidence, time.Time) {
	g := f.g
	ev := f.factEvidence(si, groups, paths)
	named := len(ev) > 0
	cite := func(more []mosaic.Evidence) {
		if !named {
			ev = append(ev, more...)
		}
	}
	var when time.Time
	later := func(t time.Time) {
		if t.After(when) {
			when = t
		}
	}
	for _, grp := range groups {
		switch grp {
		case "signins":
			cite(f.signinEv[si])
			later(f.signinAt[si])
		case "devices":
			cite(f.deviceEv[si])
			later(f.deviceAt[si])
		case "ssn_shared_with", "dob_shared_with":
			// The person's roster rows and those of the others on file with
			// the same value.
			field := strings.TrimSuffix(grp, "_shared_with")
			if field == "dob" {
				field = "date_of_birth"
			}
			cite(f.identityEvidence(si, field))
			// As of the person's own records, as before the rows were cited.
			for _, i := range g.Subjects[si].Employees() {
				later(g.DS.Employees[i].HireDate)
			}
			for _, i := range g.Subjects[si].Apps {
				later(g.DS.Applications[i].SubmittedAt)
			}
		case "cluster":
			cite(f.factEv[si]["cluster.ties"])
			for _, i := range g.Subjects[si].Apps {
				later(g.DS.Applications[i].SubmittedAt)
			}
			for _, i := range g.Subjects[si].Apps {
				later(g.DS.Applications[i].SubmittedAt)
			}
		}
	}
	if len(ev) == 0 {
		// Every signal points at rows: fall back to the person's own records.
		s := g.Subjects[si]
		for _, i := range s.Employees() {
			ev = append(ev, mosaic.EvidenceFrom(g.DS.Employees[i].Origin, ""))
			later(g.DS.Employees[i].HireDate)
		}
		for _, i := range s.Apps {
			if len(ev) < 3 {
				ev = append(ev, mosaic.EvidenceFrom(g.DS.Applications[i].Origin, ""))
			}
			later(g.DS.Applications[i].SubmittedAt)
		}
	}
	return ev, when
}

func at(xs []int, i int) int {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// IsSubjectScope reports whether a rule id belongs to the subject scope.
func (e Engine) IsSubjectScope(id string) bool {
	r, ok := e.Rules.Rule(id)
	return ok && r.Scope == "subject"
}
