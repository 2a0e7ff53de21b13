package service

import (
	"context"
	"hash/maphash"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/scan"
)

// The fast path: decisive evidence should not wait for a full analysis.
//
// A full analysis re-runs the engine over everything stored, which on a
// large company takes a minute. When a batch brings hiring records (an
// application, a roster row, a shipment, a payroll change), the loop first
// runs the same engine (scan.Analyze) over the batch's neighbourhood: the
// records of every person who shares an identifier with it in the last
// full analysis, and of their rings and linked neighbours. Whoever among
// the batch's people reaches the alert level there is alerted at once; the
// full analysis follows and is the truth for scores, levels and the
// workbench.
//
// The neighbourhood holds every holder of each identifier the new records
// carry (up to one past link.MaxSharers, past which a shared value is no
// evidence), so how common those identifiers are is counted as in the full
// analysis. What it cannot see exactly are populations beyond one hop
// (how common the neighbours' own other identifiers are, burst
// co-applicants on the same posting, resume boilerplate): they are seen
// smaller than they are, which can only make the neighbourhood's evidence
// weaker or stronger for the neighbours, not for the identifiers the new
// person shares. docs/service.md (Fast path) says how the two are measured
// to agree: TestFastPathAgreesWithBatch.

// maxNeighbourhood bounds the fast path's work: a batch touching more
// people than this waits for the full analysis.
const maxNeighbourhood = 2000

// maxFastBatch is the most new hiring records one fast path looks at: a
// bulk load or an ATS sync is for the full analysis (a soak at 1,000
// applications a second showed fast paths of a thousand records each
// starving it).
const maxFastBatch = 200

// maxClusterPull is the largest ring whose members are all pulled into a
// neighbourhood; a bigger cluster contributes only direct neighbours.
const maxClusterPull = 200

// keyHolders maps each identifier of the last full analysis to the people
// holding it, keeping at most link.MaxSharers+2 of them: enough to tell a
// shared value from a common one.
type keyHolders struct {
	g *link.Graph
	// holders is keyed by a 64-bit hash of kind and value: a collision
	// only adds a person to a neighbourhood, which costs work, never a
	// wrong result, and a large company's identifiers cost a tenth as much
	// as strings.
	seed    maphash.Seed
	holders map[uint64][]int32
	cluster []int         // subject -> cluster index or -1
	members [][]int       // cluster -> subject indices
	adj     map[int][]int // subject -> linked subjects
}

const holdersKept = link.MaxSharers + 2

func newKeyHolders(g *link.Graph) *keyHolders {
	kh := &keyHolders{g: g, seed: maphash.MakeSeed(), holders: map[uint64][]int32{}, adj: map[int][]int{}}
	add := func(kind, key string, si int) {
		if key == "" || si < 0 {
			return
		}
		k := kh.hash(kind, key)
		h := kh.holders[k]
		if len(h) >= holdersKept {
			return
		}
		for _, x := range h {
			if int(x) == si {
				return
			}
		}
		kh.holders[k] = append(h, int32(si))
	}
	for si, s := range g.Subjects {
		for _, k := range subjectKeys(g, s) {
			add(k[0], k[1], si)
		}
	}
	clusters, of := g.Clusters()
	kh.cluster = of
	kh.members = make([][]int, len(clusters))
	for i, c := range clusters {
		kh.members[i] = c.Members
	}
	for _, e := range g.Links {
		kh.adj[e.A] = append(kh.adj[e.A], e.B)
		kh.adj[e.B] = append(kh.adj[e.B], e.A)
	}
	return kh
}

func (kh *keyHolders) hash(kind, key string) uint64 {
	var h maphash.Hash
	h.SetSeed(kh.seed)
	h.WriteString(kind)
	h.WriteByte(0)
	h.WriteString(key)
	return h.Sum64()
}

// subjectKeys lists a person's identifiers as (kind, key) pairs: what the
// linker compares, normalised by it.
func subjectKeys(g *link.Graph, s *link.Subject) [][2]string {
	k := &g.Keys
	ds := g.DS
	var out [][2]string
	for _, i := range s.Apps {
		out = append(out, [2]string{"email", k.AppEmail[i]}, [2]string{"phone", k.AppPhone[i]},
			[2]string{"address", k.AppAddress[i]}, [2]string{"ip", k.AppIP[i]},
			[2]string{"candidate", ds.Applications[i].CandidateID}, [2]string{"application", ds.Applications[i].ID})
		for _, p := range k.AppProfile.At(i) {
			out = append(out, [2]string{"profile", p})
		}
		for _, p := range k.RefPhones.At(i) {
			out = append(out, [2]string{"phone", p})
		}
		for _, e := range k.RefEmails.At(i) {
			out = append(out, [2]string{"email", e})
		}
	}
	for _, i := range s.Employees() {
		e := ds.Employees[i]
		out = append(out, [2]string{"phone", k.EmpPhone[i]}, [2]string{"address", k.EmpAddress[i]},
			[2]string{"email", k.EmpEmail[i]}, [2]string{"ssn", e.SSNHash}, [2]string{"employee", e.ID},
			[2]string{"candidate", e.CandidateID})
	}
	for _, i := range s.Shipments() {
		out = append(out, [2]string{"address", k.ShipTo[i]})
	}
	for _, i := range s.Payroll() {
		p := ds.Payroll[i]
		out = append(out, [2]string{"account", p.AccountHash}, [2]string{"wallet", p.WalletHash})
	}
	return out
}

// newRecordKeys lists the identifiers of new records the way subjectKeys
// does, by linking them on their own.
func newRecordKeys(recs []mosaic.Record) [][2]string {
	mini := dataset.New()
	for _, r := range recs {
		mini.Add(r)
	}
	g := link.Build(mini)
	var out [][2]string
	for _, s := range g.Subjects {
		out = append(out, subjectKeys(g, s)...)
	}
	// Records that joined no one in the mini graph (a shipment or payroll
	// row whose employee is in the store) still name their employee.
	for _, sh := range mini.Shipments {
		out = append(out, [2]string{"employee", sh.EmployeeID})
	}
	for _, p := range mini.Payroll {
		out = append(out, [2]string{"employee", p.EmployeeID}, [2]string{"account", p.AccountHash}, [2]string{"wallet", p.WalletHash})
	}
	for _, n := range mini.Notes {
		if n.SubjectType == "application" {
			out = append(out, [2]string{"application", n.SubjectID})
		} else {
			out = append(out, [2]string{"employee", n.SubjectID})
		}
	}
	return out
}

// decisive reports whether a batch may carry evidence worth the fast path:
// hiring records. Sign-ins and endpoint rows are the bulk of the traffic
// and wait for the full analysis.
func decisive(recs []mosaic.Record) bool {
	for _, r := range recs {
		switch r.(type) {
		case mosaic.Application, mosaic.Employee, mosaic.Shipment, mosaic.PayrollEvent:
			return true
		}
	}
	return false
}

// neighbourhood returns the subjects of the last full analysis that the
// new records touch, with their rings and linked neighbours; ok is false
// when it is too large for the fast path.
func (kh *keyHolders) neighbourhood(recs []mosaic.Record) (subjects []int, ok bool) {
	seen := map[int]bool{}
	var touched []int
	take := func(si int) {
		if !seen[si] {
			seen[si] = true
			subjects = append(subjects, si)
		}
	}
	for _, k := range newRecordKeys(recs) {
		if k[1] == "" {
			continue
		}
		for _, si := range kh.holders[kh.hash(k[0], k[1])] {
			if !seen[int(si)] {
				touched = append(touched, int(si))
			}
			take(int(si))
		}
	}
	for _, si := range touched {
		if c := kh.cluster[si]; c >= 0 && len(kh.members[c]) <= maxClusterPull {
			for _, m := range kh.members[c] {
				take(m)
			}
		}
		for _, n := range kh.adj[si] {
			take(n)
		}
	}
	return subjects, len(subjects) <= maxNeighbourhood
}

// subset copies the records of the given subjects, every job, and the new
// records into a dataset of their own.
func subset(g *link.Graph, subjects []int, recs []mosaic.Record) *dataset.Dataset {
	ds := g.DS
	out := dataset.New()
	out.TrackEvents()
	for _, j := range ds.Jobs {
		out.Add(j)
	}
	for _, si := range subjects {
		s := g.Subjects[si]
		for _, i := range s.Apps {
			out.Add(ds.Applications[i])
		}
		for _, i := range s.Employees() {
			out.Add(ds.Employees[i])
		}
		for _, i := range s.Shipments() {
			out.Add(ds.Shipments[i])
		}
		for _, i := range s.Payroll() {
			out.Add(ds.Payroll[i])
		}
		for _, i := range s.Notes() {
			out.Add(ds.Notes[i])
		}
		for _, i := range s.Resumes() {
			out.Add(ds.Resumes[i])
		}
		for _, i := range s.Photos() {
			out.Add(ds.Photos[i])
		}
		for _, i := range s.SignIns() {
			out.Add(ds.SignIns.At(i))
		}
		for _, i := range s.HostRows() {
			out.Add(ds.HostRows[i])
		}
	}
	for _, r := range recs {
		out.Add(r)
	}
	return out
}

// fastPath analyses the neighbourhood of a batch of new records and raises
// alerts for the people holding them who reach the alert level there. It
// changes nothing else: the full analysis publishes results. recent are
// records already in the dataset but not yet in the index (those of the
// full analysis in progress); they join the neighbourhood.
//
// It runs in the detection loop before a full analysis, or beside one
// (see preemptible): it only reads the dataset, which the loop changes only
// between analyses, and keeps its own phone-type cache.
func (s *Service) fastPath(ctx context.Context, cfg scan.Config, recs, recent []mosaic.Record) {
	kh := s.holders
	if kh == nil || !decisive(recs) {
		return
	}
	t0 := time.Now()
	subjects, ok := kh.neighbourhood(recs)
	if !ok {
		s.cfg.Log.Debug("fast path skipped: the batch touches too many people", "people", len(subjects))
		return
	}
	if len(recent) > maxFastBatch {
		recent = nil
	}
	sub := subset(kh.g, subjects, append(append([]mosaic.Record(nil), recent...), recs...))
	// The neighbourhood's resumes and photos are searched among themselves
	// (the full analysis searches everyone's); the memo is shared, since a
	// rule's firing depends only on its variables.
	cfg.Similarity = nil
	cfg.PhoneTypes = nil
	rep, _, err := scan.Analyze(ctx, cfg, sub)
	if err != nil {
		if ctx.Err() == nil {
			s.cfg.Log.Warn("fast path failed; the full analysis follows", "error", err)
		}
		return
	}
	ids := map[string]bool{}
	for _, r := range recs {
		switch v := r.(type) {
		case mosaic.Application:
			ids[v.ID] = true
		case mosaic.Employee:
			ids[v.ID] = true
		case mosaic.Shipment:
			ids[v.EmployeeID] = true
		case mosaic.PayrollEvent:
			ids[v.EmployeeID] = true
		}
	}
	var mine []mosaic.Subject
	for _, sub := range rep.Subjects {
		for _, id := range append(append([]string(nil), sub.ApplicationIDs...), sub.EmployeeIDs...) {
			if ids[id] {
				mine = append(mine, sub)
				break
			}
		}
	}
	raised, err := s.raiseAlertsFor(ctx, mine)
	if err != nil && ctx.Err() == nil {
		s.cfg.Log.Warn("fast path could not queue alerts; the full analysis follows", "error", err)
	}
	if len(raised) > 0 {
		s.fastAlerts.Add(int64(len(raised)))
		s.mu.Lock()
		if s.fastAlerted == nil {
			s.fastAlerted = map[string]mosaic.Level{}
		}
		for _, a := range raised {
			s.fastAlerted[a.SubjectID] = mosaic.Level(a.Level)
		}
		s.mu.Unlock()
	}
	s.fastRuns.Add(1)
	s.cfg.Log.Debug("fast path done", "people", len(subjects), "alerts", len(raised), "took", time.Since(t0).Round(time.Millisecond))
}

// recordKey names a hiring record, to remember which a fast path saw.
func recordKey(r mosaic.Record) string {
	switch v := r.(type) {
	case mosaic.Application:
		return "a:" + v.ID
	case mosaic.Employee:
		return "e:" + v.ID
	case mosaic.Shipment:
		return "s:" + v.ID
	case mosaic.PayrollEvent:
		return "p:" + v.ID
	}
	return ""
}

// newEvidence keeps the hiring records the dataset does not hold as they
// are: new ones and changed ones. It reads the dataset, so it runs in the
// loop, or beside an analysis (which only reads it too).
func (s *Service) newEvidence(recs []mosaic.Record) []mosaic.Record {
	var out []mosaic.Record
	for _, r := range recs {
		if isHiringRecord(r) && !s.ds.Holds(r) {
			out = append(out, r)
		}
	}
	return out
}

// notFastPathed drops the records a fast path beside the last analysis
// already looked at.
func (s *Service) notFastPathed(recs []mosaic.Record) []mosaic.Record {
	if len(s.fastSeen) == 0 {
		return recs
	}
	var out []mosaic.Record
	for _, r := range recs {
		if k := recordKey(r); k == "" || !s.fastSeen[k] {
			out = append(out, r)
		}
	}
	return out
}

// FastPathAlerted returns who the fast path alerted and at which level.
func (s *Service) FastPathAlerted() map[string]mosaic.Level {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]mosaic.Level, len(s.fastAlerted))
	for id, l := range s.fastAlerted {
		out[id] = l
	}
	return out
}

// maxStale is how long a stream of hiring records may keep pre-empting
// the full analysis: at least this long, or twice the last analysis, the
// full analysis runs to its end however busy ingest is, so the published
// scores are never further behind.
const maxStale = 10 * time.Second

// preemptible returns a context for a full analysis, and a function that
// tells, once the analysis returned, whether it was pre-empted. While the
// analysis runs, hiring records that arrive get their fast path at once:
// with a queue that can peek (the in-process one), beside the analysis,
// which goes on; with one that cannot (NATS), by cancelling the analysis,
// so the loop drains them, runs their fast path and starts over. The
// queue's signal is passed on to the loop either way. recent are the
// records the analysis covers that the fast path's index does not.
func (s *Service) preemptible(ctx context.Context, cfg scan.Config, recent []mosaic.Record) (context.Context, func() bool) {
	actx, cancel := context.WithCancel(ctx)
	if s.holders == nil || s.lastFull.IsZero() {
		return actx, func() bool { cancel(); return false }
	}
	peeker, canPeek := s.queue.(interface {
		Peek(func(mosaic.Record) bool) []mosaic.Record
	})
	stale := max(maxStale, 2*s.lastFullTook)
	deadline := s.lastFull.Add(stale)
	stop := make(chan struct{})
	done := make(chan bool, 1)
	seen := map[string]bool{}
	go func() {
		for {
			select {
			case <-stop:
				s.fastSeen = seen
				done <- false
				return
			case <-s.queue.Ready():
				s.poke() // the loop still has to fold these records in
				if canPeek {
					var fresh []mosaic.Record
					for _, r := range peeker.Peek(isHiringRecord) {
						if k := recordKey(r); !seen[k] {
							seen[k] = true
							fresh = append(fresh, r)
						}
					}
					fresh = s.newEvidence(fresh)
					if len(fresh) > 0 && len(fresh) <= maxFastBatch {
						s.fastPath(actx, cfg, fresh, recent)
					}
					continue
				}
				if time.Now().After(deadline) {
					continue
				}
				cancel()
				done <- true
				return
			}
		}
	}()
	return actx, func() bool {
		close(stop)
		pre := <-done
		cancel()
		return pre
	}
}

func isHiringRecord(r mosaic.Record) bool { return decisive([]mosaic.Record{r}) }
