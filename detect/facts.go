package detect

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/ipinfo"
	"github.com/mosaic-sec/mosaic/link"
)

// Facts computes, once per scan, the variables rules read (rules/SCHEMA.md):
// per application, note, shipment and payroll event, and per subject. The
// heavy lifting (indexes, stateful detectors) happens here in Go; rules stay
// small conditions over the results.
type Facts struct {
	g   *link.Graph
	ip  func(string) ipinfo.Info
	now time.Time

	catalog  *RemoteAccessCatalog
	toolOf   map[string]*RemoteAccessTool // remoteTool's memo: program names repeat across the fleet
	feedback *mosaic.Feedback

	phoneTypes map[[2]string]string // typed phone and region -> number type

	// per application
	phonePeople   []int // distinct other people among phoneSharers
	refPeople     []int // distinct other people among refSharers
	ipPeople      []int // distinct other people sending applications from the same public IP
	ipSharers     [][]string
	phoneSharers  [][]string
	refSharers    [][]string
	profileShare  [][]string
	profilePeople []int // distinct other people among profileShare
	// The columns (ref1_email, github_url, ...) holding the shared referees
	// and profile, and their values as typed.
	refColumns     [][]string
	refShared      [][]string
	profileColumns [][]string
	profileURL     []string
	resumeSim      []float64
	resumeSimilar  [][]string
	resumeGroup    []int
	photoSimilar   [][]string
	photoPeople    []int // distinct other people among photoSimilar
	linkedSameJob  []int
	linkedBurst    []int
	// One application per linked persona to the same job (and within
	// BurstWindow), to name them and cite their rows.
	linkedSameJobApps [][]int
	linkedBurstApps   [][]int
	anonBurst         []int     // other people applying to the same job from anonymising networks within AnonBurstWindow
	coBurst           []int     // people met in such bursts on two or more different jobs
	burstShare        []float64 // share of the job's applications in that window that came through anonymising networks
	// coBurstPartners holds, per subject, the people met in anonymous
	// bursts on two or more postings.
	coBurstPartners map[int]map[int]bool
	// burstPartners holds, per subject, the people met in unusual anonymous
	// bursts on any posting.
	burstPartners map[int][]int
	// burstJobs holds, per subject, the postings of those unusual bursts.
	burstJobs map[int][]any

	// per subject
	linksOf   [][]int // indices into g.Links of the links touching the subject, in g.Links order
	cluster   []clusterFacts
	clusterOf []int // cluster index, or -1
	ssnShared []int
	dobShared []int
	// The other people on file with the same SSN or birth date, and their
	// roster rows with the subject's own.
	ssnSharers [][]int
	dobSharers [][]int
	signins    []map[string]any
	signinEv   [][]mosaic.Evidence // the sign-ins behind any finding, for rules that name no fact
	signinAt   []time.Time
	devices    []map[string]any
	deviceEv   [][]mosaic.Evidence
	deviceAt   []time.Time
	// factEv holds the rows behind each subject fact, by fact
	// (subjectFactEvidence), so a signal cites only what it names.
	factEv []subjectEvidence
	// tieLists are the cluster facts naming links ("ties", "weak_ties",
	// "reuse_ties"), per subject.
	tieLists   []map[string][]any
	employee   []int // first employee record index, or -1
	declaredTZ []*time.Location
	screening  []map[string]any         // subject.sanctions, nil when not screened
	review     []mosaic.ScreeningReview // name-only matches for compliance review (screen.go)
	idp        []map[string]any         // subject.idp (facts_identity.go), nil for no identity events

	// per shipment
	employeesAtAddress []int
	// per payroll event
	accountShared []int
	changes90d    []int
}

type clusterFacts struct {
	size, hired, shipTo, cities int
	// linkKinds counts the kinds of identifier (phone, referee, photo
	// backdrop, ...) by which the subject is tied to others; reuseGroup is
	// the size of the group those ties (of any strength from
	// WeakLinkStrength) make.
	linkKinds, reuseGroup int
}

// Options are the inputs facts need besides the graph.
type Options struct {
	IP           func(string) ipinfo.Info // nil: no enrichment
	RemoteAccess *RemoteAccessCatalog     // nil: built-in
	Similarities []link.Similarity        // resume and photo matches, by application index
	Now          time.Time
	// Feedback is what analysts said: verdicts on subjects, and shares they
	// explained away (which no fact counts). Nil for none.
	Feedback *mosaic.Feedback
	// Screen, when set, screens each subject against outside lists
	// (sanctions): subject.sanctions and the rows behind it. Nil: not screened.
	Screen func(ctx context.Context, g *link.Graph) ([]Screening, error)
	// PhoneTypes, when set, is a map the caller keeps between analyses of
	// a growing dataset: a typed phone's number type never changes, and
	// classifying is the costly half of phone parsing. Nil: one map per
	// analysis. Used by one analysis at a time.
	PhoneTypes map[[2]string]string
}

// NewFacts computes every fact of the linked data.
func NewFacts(ctx context.Context, g *link.Graph, opts Options) (*Facts, error) {
	f := &Facts{g: g, ip: opts.IP, now: opts.Now, catalog: opts.RemoteAccess, feedback: opts.Feedback, phoneTypes: opts.PhoneTypes}
	f.factEv = make([]subjectEvidence, len(g.Subjects)) // each made on its first row: most people have none
	if f.ip == nil {
		f.ip = func(string) ipinfo.Info { return ipinfo.Info{} }
	}
	if f.catalog == nil {
		f.catalog = DefaultRemoteAccessCatalog()
	}
	steps := []func(){
		f.indexLinks,
		f.applicationShares,
		func() { f.similarities(opts.Similarities) },
		f.clusters,
		f.clusterTies,
		f.linkedApplications,
		f.anonymousBursts,
		f.identityShares,
		f.subjectEmployees,
		f.signInFacts,
		f.deviceFacts,
		f.shipmentFacts,
		f.payrollFacts,
		f.identityFacts,
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		step()
	}
	if err := f.screen(ctx, opts.Screen); err != nil {
		return nil, err
	}
	return f, nil
}

// remoteTool is catalog.Match, remembered per name: a fleet reports the
// same few hundred program names a million times, and each match tries
// every tool's expressions.
func (f *Facts) remoteTool(name string) (*RemoteAccessTool, bool) {
	if t, ok := f.toolOf[name]; ok {
		return t, t != nil
	}
	if f.toolOf == nil {
		f.toolOf = map[string]*RemoteAccessTool{}
	}
	t, ok := f.catalog.Match(name)
	if !ok {
		t = nil
	}
	f.toolOf[name] = t
	return t, ok
}

// indexLinks lists each subject's links, so evidence for one subject does
// not walk every link of the graph (at a million applications that walk,
// once per flagged subject, took most of detection).
func (f *Facts) indexLinks() {
	f.linksOf = make([][]int, len(f.g.Subjects))
	for i, l := range f.g.Links {
		f.linksOf[l.A] = append(f.linksOf[l.A], i)
		if l.B != l.A {
			f.linksOf[l.B] = append(f.linksOf[l.B], i)
		}
	}
}

// applicationShares finds, for each application, the other people who give
// the same phone (households and agency switchboards excluded), name the
// same reference, or use the same profile URL under another name.
func (f *Facts) applicationShares() {
	g := f.g
	ds := g.DS
	n := len(ds.Applications)
	f.phoneSharers = make([][]string, n)
	f.phonePeople = make([]int, n)
	f.refPeople = make([]int, n)
	f.ipPeople = make([]int, n)
	f.ipSharers = make([][]string, n)
	f.refSharers = make([][]string, n)
	f.profileShare = make([][]string, n)
	f.profilePeople = make([]int, n)
	f.refColumns = make([][]string, n)
	f.refShared = make([][]string, n)
	f.profileColumns = make([][]string, n)
	f.profileURL = make([]string, n)

	byPhone := indexBy(n, func(i int) []string { return []string{g.Keys.AppPhone[i]} })
	for _, apps := range byPhone {
		if distinctSubjects(g, apps) < 2 || distinctSubjects(g, apps) > link.MaxSharers {
			continue
		}
		for _, i := range apps {
			people := map[int]bool{}
			for _, j := range apps {
				si, sj := g.AppSubject[i], g.AppSubject[j]
				if si == sj || sameHome(g, i, j) || bothAgency(ds.Applications[i].Source, ds.Applications[j].Source) || f.allowed(si, sj, "phone") {
					continue
				}
				people[sj] = true
				f.phoneSharers[i] = append(f.phoneSharers[i], ds.Applications[j].ID)
			}
			f.phonePeople[i] = len(people)
		}
	}
	byRef := indexBy(n, func(i int) []string {
		return append(append([]string{}, g.Keys.RefPhones.At(i)...), g.Keys.RefEmails.At(i)...)
	})
	for key, apps := range byRef {
		if distinctSubjects(g, apps) < 2 || distinctSubjects(g, apps) > link.MaxSharers {
			continue
		}
		what := "phone"
		if strings.Contains(key, "@") {
			what = "email"
		}
		for _, i := range apps {
			people := map[int]bool{}
			for _, j := range apps {
				if g.AppSubject[i] != g.AppSubject[j] && !sameHome(g, i, j) && !f.allowed(g.AppSubject[i], g.AppSubject[j], "reference") {
					people[g.AppSubject[j]] = true
					f.refSharers[i] = append(f.refSharers[i], ds.Applications[j].ID)
				}
			}
			f.refPeople[i] = max(f.refPeople[i], len(people))
			if len(people) > 0 {
				a := ds.Applications[i]
				col := link.ReferenceColumn(a.References, key, what)
				f.refColumns[i] = append(f.refColumns[i], col)
				f.refShared[i] = append(f.refShared[i], referenceValue(a.References, col))
			}
		}
	}
	byIP := indexBy(n, func(i int) []string {
		if ip := g.Keys.AppIP[i]; ip != "" && !f.ip(ip).Corporate {
			return []string{ip}
		}
		return nil
	})
	for _, apps := range byIP {
		if distinctSubjects(g, apps) < 2 || distinctSubjects(g, apps) > link.MaxSharers {
			continue
		}
		for _, i := range apps {
			people := map[int]bool{}
			for _, j := range apps {
				if g.AppSubject[i] != g.AppSubject[j] && !sameHome(g, i, j) && !f.allowed(g.AppSubject[i], g.AppSubject[j], "submit_ip") {
					people[g.AppSubject[j]] = true
					f.ipSharers[i] = append(f.ipSharers[i], ds.Applications[j].ID)
				}
			}
			f.ipPeople[i] = len(people)
		}
	}
	byProfile := indexBy(n, func(i int) []string { return g.Keys.AppProfile.At(i) })
	for key, apps := range byProfile {
		if distinctSubjects(g, apps) < 2 || distinctSubjects(g, apps) > link.MaxSharers {
			continue
		}
		for _, i := range apps {
			people := map[int]bool{}
			for _, j := range apps {
				// The same given name under another surname is most often one
				// person who married or changed their name and kept the old
				// handle; operators reuse a profile under unrelated names.
				if g.AppSubject[i] != g.AppSubject[j] && g.Keys.AppName[i] != g.Keys.AppName[j] &&
					givenName(g.Keys.AppName[i]) != givenName(g.Keys.AppName[j]) && !f.allowed(g.AppSubject[i], g.AppSubject[j], "profile") {
					f.profileShare[i] = append(f.profileShare[i], ds.Applications[j].ID)
					people[g.AppSubject[j]] = true
				}
			}
			f.profilePeople[i] = max(f.profilePeople[i], len(people))
			if len(people) > 0 {
				f.profileColumns[i] = append(f.profileColumns[i], link.ProfileColumn(key))
			}
		}
	}
	for i := range f.phoneSharers {
		f.phoneSharers[i] = uniqueSorted(f.phoneSharers[i])
		f.refSharers[i] = uniqueSorted(f.refSharers[i])
		f.profileShare[i] = uniqueSorted(f.profileShare[i])
		f.ipSharers[i] = uniqueSorted(f.ipSharers[i])
		f.profileColumns[i] = uniqueSorted(f.profileColumns[i])
		if len(f.profileColumns[i]) > 0 {
			a := ds.Applications[i]
			f.profileURL[i] = a.LinkedInURL
			if f.profileColumns[i][0] == "github_url" {
				f.profileURL[i] = a.GitHubURL
			}
		}
		// Several keys (a referee's phone and email) can point at one column.
		cols, vals := f.refColumns[i], f.refShared[i]
		order := make([]int, len(cols))
		for k := range order {
			order[k] = k
		}
		sort.Slice(order, func(x, y int) bool { return cols[order[x]] < cols[order[y]] })
		f.refColumns[i], f.refShared[i] = nil, nil
		for _, k := range order {
			if !slices.Contains(f.refColumns[i], cols[k]) {
				f.refColumns[i] = append(f.refColumns[i], cols[k])
				f.refShared[i] = append(f.refShared[i], vals[k])
			}
		}
	}
}

// referenceValue is the referee's phone or email in a column such as
// ref2_email, as typed.
func referenceValue(refs []mosaic.Reference, column string) string {
	var n int
	var what string
	if _, err := fmt.Sscanf(column, "ref%d_%s", &n, &what); err != nil || n < 1 || n > len(refs) {
		return ""
	}
	if what == "email" {
		return strings.TrimSpace(refs[n-1].Email)
	}
	return strings.TrimSpace(refs[n-1].Phone)
}

// clusterTies names, per subject, the links behind its cluster facts and
// keeps their rows: strong links (the cluster's), weaker ones (which carry
// a little risk), and one link per kind of identifier (several kinds of
// reuse).
func (f *Facts) clusterTies() {
	f.tieLists = make([]map[string][]any, len(f.g.Subjects))
	for si := range f.g.Subjects {
		if len(f.linksOf[si]) == 0 {
			continue
		}
		f.tieLists[si] = map[string][]any{
			"ties":       f.ties(si, link.ClusterStrength, math.Inf(1), false, "cluster.ties"),
			"weak_ties":  f.ties(si, WeakLinkStrength, link.ClusterStrength, false, "cluster.weak_ties"),
			"reuse_ties": f.ties(si, WeakLinkStrength, math.Inf(1), true, "cluster.reuse_ties"),
		}
	}
}

// similarities records resume and photo matches between different people.
// MinResumeSimilarity is the least similarity (after template text is
// removed) at which a resume names the other as similar; the rule weighs
// the similarity.
const MinResumeSimilarity = 0.7

func (f *Facts) similarities(sims []link.Similarity) {
	g := f.g
	n := len(g.DS.Applications)
	f.resumeSim = make([]float64, n)
	f.resumeSimilar = make([][]string, n)
	f.resumeGroup = make([]int, n)
	f.photoSimilar = make([][]string, n)
	f.photoPeople = make([]int, n)
	photoPeople := make([]map[int]bool, n)
	uf := map[int]int{}
	var find func(int) int
	find = func(x int) int {
		p, ok := uf[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		uf[x] = r
		return r
	}
	for _, s := range sims {
		if g.AppSubject[s.AppA] == g.AppSubject[s.AppB] {
			continue
		}
		a, b := g.DS.Applications[s.AppA].ID, g.DS.Applications[s.AppB].ID
		switch s.Kind {
		case "resume":
			f.resumeSim[s.AppA] = max(f.resumeSim[s.AppA], s.Score)
			f.resumeSim[s.AppB] = max(f.resumeSim[s.AppB], s.Score)
			if s.Score >= MinResumeSimilarity {
				f.resumeSimilar[s.AppA] = append(f.resumeSimilar[s.AppA], b)
				f.resumeSimilar[s.AppB] = append(f.resumeSimilar[s.AppB], a)
			}
			ra, rb := find(s.AppA), find(s.AppB)
			if ra != rb {
				uf[ra] = rb
			}
		case "photo_background", "photo":
			f.photoSimilar[s.AppA] = append(f.photoSimilar[s.AppA], b)
			f.photoSimilar[s.AppB] = append(f.photoSimilar[s.AppB], a)
			for _, p := range [][2]int{{s.AppA, s.AppB}, {s.AppB, s.AppA}} {
				if photoPeople[p[0]] == nil {
					photoPeople[p[0]] = map[int]bool{}
				}
				photoPeople[p[0]][g.AppSubject[p[1]]] = true
			}
		}
	}
	groups := map[int]int{}
	for i := range uf {
		groups[find(i)]++
	}
	for i := range uf {
		f.resumeGroup[i] = groups[find(i)]
	}
	for i := range f.photoSimilar {
		f.photoPeople[i] = len(photoPeople[i])
		f.resumeSimilar[i] = uniqueSorted(f.resumeSimilar[i])
		f.photoSimilar[i] = uniqueSorted(f.photoSimilar[i])
	}
}

// clusters computes cluster facts per subject, and keeps each subject's
// cluster for the steps that follow.
func (f *Facts) clusters() {
	clusters, of := f.g.Clusters()
	f.clusterOf = of
	f.cluster = make([]clusterFacts, len(f.g.Subjects))
	for si, ci := range of {
		if ci < 0 {
			f.cluster[si] = clusterFacts{size: 1}
			continue
		}
		c := clusters[ci]
		f.cluster[si] = clusterFacts{size: len(c.Members), hired: c.Hired, shipTo: c.ShipTo, cities: c.Cities}
	}
	// Honest coincidences come one kind at a time (a household's address, an
	// agency's phone, a bootcamp's template, a former team's referee);
	// several kinds of reuse converging on the same people is a ring. The
	// group here is wider than a cluster: people joined by any link of at
	// least WeakLinkStrength, since each thread alone may be weak.
	group := f.g.Groups(WeakLinkStrength)
	size := map[int]int{}
	for _, r := range group {
		size[r]++
	}
	kinds := make([]map[string]bool, len(f.g.Subjects))
	for _, e := range f.g.Links {
		// Nearly the same name at one home is most likely one person, not
		// a kind of reuse between people.
		if e.Strength < WeakLinkStrength || e.Kind == "name_at_home" {
			continue
		}
		for _, si := range []int{e.A, e.B} {
			if kinds[si] == nil {
				kinds[si] = map[string]bool{}
			}
			kinds[si][linkFamily(e.Kind)] = true
		}
	}
	for si, k := range kinds {
		f.cluster[si].linkKinds = len(k)
		f.cluster[si].reuseGroup = size[group[si]]
	}
}

// BurstWindow is how close in time linked personas' applications to one
// posting must be to count as a burst.
const BurstWindow = 72 * time.Hour

// linkedApplications counts, per application, the linked personas (other
// subjects in the same cluster) who applied to the same job, and those who
// did so within BurstWindow of this application.
func (f *Facts) linkedApplications() {
	g := f.g
	ds := g.DS
	of := f.clusterOf
	n := len(ds.Applications)
	f.linkedSameJob = make([]int, n)
	f.linkedBurst = make([]int, n)
	f.linkedSameJobApps = make([][]int, n)
	f.linkedBurstApps = make([][]int, n)
	type key struct {
		cluster int
		job     string
	}
	groups := map[key][]int{}
	for i, a := range ds.Applications {
		if ci := of[g.AppSubject[i]]; ci >= 0 && a.JobID != "" {
			k := key{ci, a.JobID}
			groups[k] = append(groups[k], i)
		}
	}
	for _, apps := range groups {
		if len(apps) < 2 {
			continue
		}
		sort.Slice(apps, func(x, y int) bool {
			return ds.Applications[apps[x]].SubmittedAt.Before(ds.Applications[apps[y]].SubmittedAt)
		})
		for _, i := range apps {
			same, burst := map[int]bool{}, map[int]bool{}
			for _, j := range apps {
				sj := g.AppSubject[j]
				if sj == g.AppSubject[i] {
					continue
				}
				if !same[sj] {
					f.linkedSameJobApps[i] = append(f.linkedSameJobApps[i], j)
				}
				same[sj] = true
				if d := ds.Applications[i].SubmittedAt.Sub(ds.Applications[j].SubmittedAt); d < BurstWindow && d > -BurstWindow {
					if !burst[sj] {
						f.linkedBurstApps[i] = append(f.linkedBurstApps[i], j)
					}
					burst[sj] = true
				}
			}
			f.linkedSameJob[i], f.linkedBurst[i] = len(same), len(burst)
		}
	}
}

// identityShares counts, per subject, other people with the same SSN or
// date-of-birth hash.
func (f *Facts) identityShares() {
	g := f.g
	f.ssnShared = make([]int, len(g.Subjects))
	f.dobShared = make([]int, len(g.Subjects))
	f.ssnSharers = make([][]int, len(g.Subjects))
	f.dobSharers = make([][]int, len(g.Subjects))
	count := func(value func(mosaic.Employee) string, out []int, sharers [][]int) {
		by := map[string]map[int]bool{}
		for i, e := range g.DS.Employees {
			if v := value(e); v != "" {
				if by[v] == nil {
					by[v] = map[int]bool{}
				}
				by[v][g.EmpSubject[i]] = true
			}
		}
		for _, subjects := range by {
			if len(subjects) < 2 || len(subjects) > link.MaxSharers {
				continue
			}
			for si := range subjects {
				var others []int
				for sj := range subjects {
					if sj != si && !f.allowed(si, sj, "ssn") {
						others = append(others, sj)
					}
				}
				if len(others) > out[si] {
					out[si] = len(others)
					sort.Ints(others)
					sharers[si] = others
				}
			}
		}
	}
	count(func(e mosaic.Employee) string { return e.SSNHash }, f.ssnShared, f.ssnSharers)
	count(func(e mosaic.Employee) string { return e.DOBHash }, f.dobShared, f.dobSharers)
}

// identityEvidence cites the roster rows (column ssn or date_of_birth) of a
// subject and of the others on file with the same value.
func (f *Facts) identityEvidence(si int, column string) []mosaic.Evidence {
	sharers := f.ssnSharers[si]
	if column == "date_of_birth" {
		sharers = f.dobSharers[si]
	}
	var ev []mosaic.Evidence
	for _, sj := range append([]int{si}, sharers...) {
		for _, i := range f.g.Subjects[sj].Employees() {
			ev = append(ev, mosaic.EvidenceFrom(f.g.DS.Employees[i].Origin, column))
		}
	}
	return ev
}

// labels names subjects as a recruiter finds them.
func (f *Facts) labels(subjects []int) []any {
	out := make([]any, 0, len(subjects))
	for _, sj := range subjects {
		out = append(out, f.subjectLabel(sj))
	}
	return out
}

// subjectEmployees picks each subject's roster record and declared zone.
func (f *Facts) subjectEmployees() {
	g := f.g
	f.employee = make([]int, len(g.Subjects))
	f.declaredTZ = make([]*time.Location, len(g.Subjects))
	for si, s := range g.Subjects {
		f.employee[si] = -1
		if len(s.Employees()) > 0 {
			f.employee[si] = s.Employees()[0]
			if tz := strings.TrimSpace(g.DS.Employees[s.Employees()[0]].Timezone); tz != "" {
				if loc, err := time.LoadLocation(tz); err == nil {
					f.declaredTZ[si] = loc
				}
			}
		}
	}
}

// allowed reports whether an analyst explained away a share of kind
// between two subjects. Reference kinds match "reference" too.
func (f *Facts) allowed(a, b int, kind string) bool {
	if f.feedback == nil || a == b {
		return false
	}
	ka, kb := f.g.Subjects[a].Key, f.g.Subjects[b].Key
	if f.feedback.Allows(ka, kb, kind) {
		return true
	}
	if kind == "reference" {
		return f.feedback.Allows(ka, kb, "reference_phone") || f.feedback.Allows(ka, kb, "reference_email")
	}
	return false
}

// verdict returns the analyst's verdict on a subject, "" when none.
func (f *Facts) verdict(si int) string { return f.feedback.Verdict(f.g.Subjects[si].Key) }

// ConfirmedNeighbours counts, per subject, the subjects strongly linked to
// it that analysts confirmed as fraud.
func (f *Facts) ConfirmedNeighbours() []int {
	out := make([]int, len(f.g.Subjects))
	if f.feedback == nil {
		return out
	}
	seen := map[[2]int]bool{}
	for _, e := range f.g.Links {
		if e.Strength < link.ClusterStrength {
			continue
		}
		if f.verdict(e.B) == mosaic.VerdictConfirmed && !seen[[2]int{e.A, e.B}] {
			seen[[2]int{e.A, e.B}] = true
			out[e.A]++
		}
		if f.verdict(e.A) == mosaic.VerdictConfirmed && !seen[[2]int{e.B, e.A}] {
			seen[[2]int{e.B, e.A}] = true
			out[e.B]++
		}
	}
	return out
}

func indexBy(n int, keys func(i int) []string) map[string][]int {
	out := map[string][]int{}
	for i := 0; i < n; i++ {
		for _, k := range keys(i) {
			if k != "" {
				out[k] = append(out[k], i)
			}
		}
	}
	return out
}

func distinctSubjects(g *link.Graph, apps []int) int {
	seen := map[int]bool{}
	for _, i := range apps {
		seen[g.AppSubject[i]] = true
	}
	return len(seen)
}

func uniqueSorted(xs []string) []string {
	if len(xs) == 0 {
		return []string{}
	}
	sort.Strings(xs)
	out := xs[:1]
	for _, x := range xs[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

// AnonBurstWindow: applications to one posting from anonymising networks
// within this time of each other form a burst. Operators apply in waves,
// through the same VPN and hosting exits, soon after a posting appears.
const AnonBurstWindow = 24 * time.Hour

// MinBurstShare is the least share of a day's applications to a posting that
// must be anonymous for the applicants to count as meeting in a burst.
const MinBurstShare = 0.3

// anonymous reports whether an application came through an anonymising
// network (VPN, hosting, Tor) or from a country the applicant did not claim.
func (f *Facts) anonymous(i int) bool {
	a := f.g.DS.Applications[i]
	if strings.TrimSpace(a.SubmitIP) == "" {
		return false
	}
	in := f.ip(a.SubmitIP)
	if in.Corporate {
		return false
	}
	claimed := strings.ToUpper(strings.TrimSpace(a.Address.Country))
	return in.VPN || in.Tor || in.Hosting || (in.Country != "" && claimed != "" && in.Country != claimed)
}

// anonymousBursts counts, per application, the other people who applied to
// the same job through anonymising networks within AnonBurstWindow, and the
// people met in such bursts on at least two different jobs. Sorting by job
// and time keeps it near-linear.
func (f *Facts) anonymousBursts() {
	g := f.g
	ds := g.DS
	n := len(ds.Applications)
	f.anonBurst = make([]int, n)
	f.coBurst = make([]int, n)
	f.burstShare = make([]float64, n)
	byJob := map[string][]int{}
	allTimes := map[string][]time.Time{}
	for i, a := range ds.Applications {
		if a.JobID == "" {
			continue
		}
		allTimes[a.JobID] = append(allTimes[a.JobID], a.SubmittedAt)
		if f.anonymous(i) {
			byJob[a.JobID] = append(byJob[a.JobID], i)
		}
	}
	for _, ts := range allTimes {
		sort.Slice(ts, func(x, y int) bool { return ts[x].Before(ts[y]) })
	}
	met := map[[2]int]map[string]bool{} // pair of subjects -> jobs where they met in a burst
	for job, apps := range byJob {
		sort.Slice(apps, func(x, y int) bool {
			return ds.Applications[apps[x]].SubmittedAt.Before(ds.Applications[apps[y]].SubmittedAt)
		})
		lo := 0
		for k, i := range apps {
			t := ds.Applications[i].SubmittedAt
			for ds.Applications[apps[lo]].SubmittedAt.Before(t.Add(-AnonBurstWindow)) {
				lo++
			}
			// How unusual the burst is: the share of all applications to the
			// job in the same window that were anonymous. A posting that draws
			// hundreds of applications a day has VPN users in any window.
			ts := allTimes[job]
			from := sort.Search(len(ts), func(x int) bool { return !ts[x].Before(t.Add(-AnonBurstWindow)) })
			to := sort.Search(len(ts), func(x int) bool { return ts[x].After(t.Add(AnonBurstWindow)) })
			anon := 0
			for x := lo; x < len(apps) && !ds.Applications[apps[x]].SubmittedAt.After(t.Add(AnonBurstWindow)); x++ {
				anon++
			}
			if to > from {
				f.burstShare[i] = float64(anon) / float64(to-from)
			}
			people := map[int]bool{}
			for x := lo; x < len(apps); x++ {
				j := apps[x]
				if ds.Applications[j].SubmittedAt.After(t.Add(AnonBurstWindow)) {
					break
				}
				sj := g.AppSubject[j]
				if sj == g.AppSubject[i] {
					continue
				}
				people[sj] = true
				// Only unusual bursts make people partners: on a busy posting VPN
				// users meet by chance.
				if x > k && len(people) <= 50 && f.burstShare[i] >= MinBurstShare {
					a, b := g.AppSubject[i], sj
					if a > b {
						a, b = b, a
					}
					key := [2]int{a, b}
					if met[key] == nil {
						met[key] = map[string]bool{}
					}
					met[key][job] = true
				}
			}
			f.anonBurst[i] = len(people)
		}
	}
	partners := map[int]map[int]bool{}
	f.burstPartners = map[int][]int{}
	jobsOf := map[int]map[string]bool{}
	for pair, jobs := range met {
		f.burstPartners[pair[0]] = append(f.burstPartners[pair[0]], pair[1])
		f.burstPartners[pair[1]] = append(f.burstPartners[pair[1]], pair[0])
		for _, si := range pair {
			if jobsOf[si] == nil {
				jobsOf[si] = map[string]bool{}
			}
			for job := range jobs {
				jobsOf[si][job] = true
			}
		}
		if len(jobs) < 2 {
			continue
		}
		for _, p := range [][2]int{{pair[0], pair[1]}, {pair[1], pair[0]}} {
			if partners[p[0]] == nil {
				partners[p[0]] = map[int]bool{}
			}
			partners[p[0]][p[1]] = true
		}
	}
	for i := range ds.Applications {
		f.coBurst[i] = len(partners[g.AppSubject[i]])
	}
	f.coBurstPartners = partners
	// The postings of a subject's bursts, and its own anonymous
	// applications to them as their evidence.
	f.burstJobs = map[int][]any{}
	for si, jobs := range jobsOf {
		f.burstJobs[si] = sortedSet(jobs)
		for _, i := range g.Subjects[si].Apps {
			if a := ds.Applications[i]; jobs[a.JobID] && f.anonymous(i) {
				f.cite(si, "cluster.burst_jobs", mosaic.EvidenceFrom(a.Origin, "job_id"), 8)
			}
		}
	}
}

// BurstFlagged counts, per subject, the people it met in unusual anonymous
// bursts (on any posting) whose own score already reaches level high.
func (f *Facts) BurstFlagged(ownScore []float64) []int {
	out := make([]int, len(f.g.Subjects))
	for si, partners := range f.burstPartners {
		for _, p := range partners {
			if ownScore[p] >= mosaic.ThresholdHigh {
				out[si]++
			}
		}
	}
	return out
}

// CoBurstFlagged counts, per subject, the people it met in anonymous bursts
// on two or more postings whose own score already reaches level high. Teams
// apply together, posting after posting; an honest VPN user does not keep
// meeting the same flagged applicants.
func (f *Facts) CoBurstFlagged(ownScore []float64) []int {
	out := make([]int, len(f.g.Subjects))
	for si, partners := range f.coBurstPartners {
		for p := range partners {
			if ownScore[p] >= mosaic.ThresholdHigh {
				out[si]++
			}
		}
	}
	return out
}

// givenName is the first word of a folded "first last" name.
func givenName(folded string) string {
	given, _, _ := strings.Cut(folded, " ")
	return given
}

// linkFamily groups link kinds that are one piece of evidence: a referee's
// phone and email, a photo and its backdrop.
func linkFamily(kind string) string {
	switch kind {
	case "reference_phone", "reference_email":
		return "reference"
	case "photo", "photo_background":
		return "photo"
	}
	return kind
}
