package link

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/normalize/phone"
)

// Edge says that two subjects share an identifier.
type Edge struct {
	A, B        int // subject indices, A < B
	Kind        string
	Value       string // display form of what is shared (never a secret: hashes are not shown)
	Sharers     int    // how many subjects share the value
	Strength    float64
	Explanation string
	Evidence    []mosaic.Evidence
}

// Base strength by how personal an identifier is: a bank account or an SSN
// belongs to one person; a phone usually does; an address is shared by a
// household; a sign-in IP by a whole office.
var baseStrength = map[string]float64{
	"ssn":                1.0,
	"bank_account":       1.0,
	"wallet":             1.0,
	"phone":              0.8,
	"device_fingerprint": 0.7,
	"ship_to":            0.7,
	// A referee in a ring's pool; a lone shared referee is weaker
	// (refereeStrength).
	"reference_phone": 0.6,
	"reference_email": 0.6,
	"profile":         0.6,
	// An address applications were sent from: shared by a household (left
	// out), an office or a mobile carrier's NAT, so too weak to make a
	// cluster alone.
	"submit_ip": 0.45,
	// Nearly the same name at the same home: probably one person, but a
	// father and son can share both, so it is shown and never clusters.
	"name_at_home": 0.45,
}

// MaxSharers is where a shared value stops being evidence: a switchboard
// given by dozens of contractors, or a corporate VPN exit, links no one.
const MaxSharers = 25

// ClusterStrength is the least strength of an edge that joins a cluster.
const ClusterStrength = 0.5

// strength falls with how common a value is: full up to eight sharers (a
// ring reuses one phone across that many personas), then in proportion, so
// a value shared by 16 counts half and one shared by more than MaxSharers
// nothing.
func strength(kind string, sharers int) float64 {
	return weaken(baseStrength[kind], sharers)
}

// weaken is the 8/n fall of a value shared by more than eight people.
func weaken(s float64, sharers int) float64 {
	if sharers > 8 {
		s *= 8 / float64(sharers)
	}
	return s
}

// RefereePool is the least number of shared referees, named together by
// applicants, that makes a ring's recycled pool (see refereeStrength).
const RefereePool = 3

// refereeStrength weighs a referee named by sharers people who are not one
// household. A ring keeps a small pool of referees (its own members or
// accomplices) and has each persona name two of them, so its shared
// referees hang together: persona 1 names A and B, persona 2 names B and
// C. Honest people share a referee one at a time: colleagues from one
// former employer name their old manager (some also the same senior
// colleague, the two always together), new graduates a popular professor.
// A referee in a pool of RefereePool or more shared referees, joined by
// applicants who name two of them in a cycle (refereePools: a chain of
// colleagues is no pool), is therefore a clustering link (0.6);
// a lone shared referee, or a pair always named together, is shown and
// carries risk but never makes a cluster alone (0.45), however many name
// it. Both fall as 8/n beyond eight sharers, as a phone does.
func refereeStrength(sharers, pool int) float64 {
	if pool >= RefereePool {
		return weaken(baseStrength["reference_phone"], sharers)
	}
	return weaken(0.45, sharers)
}

// agencyContext explains a phone shared by people a staffing agency put
// forward or employs through it: its switchboard. Applications do not say
// which agency, so one context covers them all.
const agencyContext = "agency"

// agencyWords mark an application source as a staffing agency or recruiter.
var agencyWords = []string{"agency", "staffing", "recruit", "vendor", "third party", "third-party", "contracting firm", "consultancy"}

// ViaAgency reports whether an application's source names a staffing agency
// or an outside recruiter ("agency", "Staffing firm: Apex", "Recruiter").
func ViaAgency(source string) bool {
	s := strings.ToLower(source)
	for _, w := range agencyWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

type occurrence struct {
	subject  int
	evidence mosaic.Evidence
	context  string // household or vendor key that explains an honest share
}

// group collects occurrences of identifier values.
type group map[string][]occurrence

func (gr group) add(value string, o occurrence) {
	if value != "" {
		gr[value] = append(gr[value], o)
	}
}

func findLinks(g *Graph, homes [][]int32) []Edge {
	ds := g.DS
	phones, refPhones, refEmails, profiles, submitIPs := group{}, group{}, group{}, group{}, group{}
	ssn, bank, wallet, shipTo, fingerprint := group{}, group{}, group{}, group{}, group{}
	// People a staffing agency put forward or employs through it often
	// give the agency's number: all such sharers together are its
	// switchboard, whichever record carries the number.
	agency := make([]bool, len(g.Subjects))
	for i, a := range ds.Applications {
		agency[g.AppSubject[i]] = agency[g.AppSubject[i]] || ViaAgency(a.Source)
	}
	for i, e := range ds.Employees {
		agency[g.EmpSubject[i]] = agency[g.EmpSubject[i]] || strings.TrimSpace(e.Vendor) != ""
	}
	for i, a := range ds.Applications {
		si := g.AppSubject[i]
		phoneCtx := "home:" + g.Keys.AppAddress[i]
		if agency[si] {
			phoneCtx = agencyContext
		}
		phones.add(g.Keys.AppPhone[i], occurrence{si, mosaic.EvidenceFrom(a.Origin, "phone"), phoneCtx})
		submitIPs.add(g.Keys.AppIP[i], occurrence{si, mosaic.EvidenceFrom(a.Origin, "submit_ip"), "home:" + g.Keys.AppAddress[i]})
		for _, p := range g.Keys.AppProfile.At(i) {
			profiles.add(p, occurrence{si, mosaic.EvidenceFrom(a.Origin, ProfileColumn(p)), ""})
		}
		for _, p := range g.Keys.RefPhones.At(i) {
			refPhones.add(p, occurrence{si, mosaic.EvidenceFrom(a.Origin, ReferenceColumn(a.References, p, "phone")), "home:" + g.Keys.AppAddress[i]})
		}
		for _, e := range g.Keys.RefEmails.At(i) {
			refEmails.add(e, occurrence{si, mosaic.EvidenceFrom(a.Origin, ReferenceColumn(a.References, e, "email")), "home:" + g.Keys.AppAddress[i]})
		}
	}
	home := make([]string, len(g.Subjects))
	vendor := make([]string, len(g.Subjects))
	for i, e := range ds.Employees {
		si := g.EmpSubject[i]
		home[si] = g.Keys.EmpAddress[i]
		vendor[si] = strings.ToLower(strings.TrimSpace(e.Vendor))
		ctx := "home:" + g.Keys.EmpAddress[i]
		if agency[si] {
			ctx = agencyContext
		}
		phones.add(g.Keys.EmpPhone[i], occurrence{si, mosaic.EvidenceFrom(e.Origin, "phone"), ctx})
		ssn.add(e.SSNHash, occurrence{si, mosaic.EvidenceFrom(e.Origin, "ssn"), ""})
	}
	shipToLabel := map[string]string{}
	spellings := map[string][]string{} // the street lines of each address, as typed
	for i, s := range ds.Shipments {
		si, ok := g.SubjectOfEmployee(s.EmployeeID)
		if !ok || g.Keys.ShipTo[i] == "" || g.Keys.ShipTo[i] == home[si] {
			continue // a laptop sent to the employee's own home links no one
		}
		shipTo.add(g.Keys.ShipTo[i], occurrence{si, mosaic.EvidenceFrom(s.Origin, "ship_to_line1"), ""})
		key := g.Keys.ShipTo[i]
		if _, ok := shipToLabel[key]; !ok {
			shipToLabel[key] = strings.Join(nonEmpty(s.ShipTo.Line1, s.ShipTo.Line2, s.ShipTo.City, s.ShipTo.Region), ", ")
		}
		// Every way the street was typed (a typo, "RD" for "Road"), so the
		// rows cited show what the explanation names.
		spellings[key] = appendNew(spellings[key], strings.TrimSpace(s.ShipTo.Line1))
	}
	for key, lines := range spellings {
		if len(lines) > 1 {
			shipToLabel[key] += " (typed as " + strings.Join(lines, "; ") + ")"
		}
	}
	for _, p := range ds.Payroll {
		si, ok := g.SubjectOfEmployee(p.EmployeeID)
		if !ok {
			continue
		}
		bank.add(p.AccountHash, occurrence{si, mosaic.EvidenceFrom(p.Origin, "account_number"), ""})
		wallet.add(p.WalletHash, occurrence{si, mosaic.EvidenceFrom(p.Origin, "wallet_address"), ""})
	}
	for si, s := range g.Subjects {
		seen := map[string]bool{}
		for _, i := range s.SignIns() {
			raw := ds.SignIns.Fingerprint(i)
			fp := strings.Trim(raw, "0")
			if fp == "" || seen[fp] {
				continue
			}
			seen[fp] = true
			fingerprint.add(raw, occurrence{si, signInEvidence(ds.SignIns.At(i), "debugContext.debugData.deviceFingerprint"), ""})
		}
	}
	var edges []Edge
	pools := refereePools(g, refPhones, refEmails)
	edges = appendEdges(edges, g, "phone", phones, phone.Format, nil)
	edges = appendEdges(edges, g, "reference_phone", refPhones, phone.Format, func(v string, n int) float64 { return refereeStrength(n, pools["p:"+v]) })
	edges = appendEdges(edges, g, "reference_email", refEmails, shown, func(v string, n int) float64 { return refereeStrength(n, pools["e:"+v]) })
	edges = appendEdges(edges, g, "profile", profiles, shown, nil)
	edges = appendEdges(edges, g, "submit_ip", submitIPs, shown, nil)
	edges = appendEdges(edges, g, "ssn", ssn, nil, nil)
	edges = appendEdges(edges, g, "bank_account", bank, nil, nil)
	edges = appendEdges(edges, g, "wallet", wallet, nil, nil)
	edges = appendEdges(edges, g, "ship_to", shipTo, func(k string) string { return shipToLabel[k] }, nil)
	edges = appendEdges(edges, g, "device_fingerprint", fingerprint, shown, nil)
	edges = append(edges, nameAtHomeEdges(g, homes)...)
	sort.SliceStable(edges, func(i, j int) bool {
		if edges[i].A != edges[j].A {
			return edges[i].A < edges[j].A
		}
		if edges[i].B != edges[j].B {
			return edges[i].B < edges[j].B
		}
		return edges[i].Kind < edges[j].Kind
	})
	return edges
}

// KindLabel names each kind of link in plain words.
var KindLabel = map[string]string{
	"phone":              "phone",
	"reference_phone":    "reference phone",
	"reference_email":    "reference email",
	"ssn":                "SSN",
	"bank_account":       "bank account",
	"wallet":             "crypto wallet",
	"ship_to":            "laptop ship-to address",
	"device_fingerprint": "sign-in device fingerprint",
	"profile":            "profile URL",
	"resume":             "resume",
	"photo_background":   "photo background",
	"photo":              "photo",
	"submit_ip":          "submission IP address",
	"name_at_home":       "name at the same home",
}

func shown(v string) string { return v }

// appendEdges turns each shared value into edges from its first subject to
// each other sharer (a star, not all pairs: connectivity is the same and the
// cost stays linear). Values whose sharers are all explained by one honest
// context (one household, one staffing vendor) are left out. show turns a
// value into words; nil means the value is a keyed hash and is never shown.
// weigh, when not nil, gives a value's strength in place of
// strength(kind, sharers).
func appendEdges(edges []Edge, g *Graph, kind string, gr group, show func(string) string, weigh func(value string, sharers int) float64) []Edge {
	// Most values occur once and link no one: only the others are sorted
	// (for a stable output order) and examined.
	var values []string
	for v, occ := range gr {
		if len(occ) > 1 && !oneSubject(occ) {
			values = append(values, v)
		}
	}
	sort.Strings(values)
	for _, v := range values {
		occ := gr[v]
		subjects, n := sharedBy(occ)
		if n == 0 {
			continue
		}
		display := ""
		if show != nil {
			display = show(v)
		}
		members := sortedInts(subjects)
		first := members[0]
		st := strength(kind, n)
		if weigh != nil {
			st = weigh(v, n)
		}
		for _, other := range members[1:] {
			e := Edge{A: first, B: other, Kind: kind, Value: display, Sharers: n, Strength: st}
			if display != "" {
				e.Explanation = fmt.Sprintf("same %s %s (shared by %d people)", KindLabel[kind], display, n)
			} else {
				e.Explanation = fmt.Sprintf("same %s (matched on its keyed hash; shared by %d people)", KindLabel[kind], n)
			}
			for _, o := range occ {
				if o.subject == first || o.subject == other {
					e.Evidence = append(e.Evidence, o.evidence)
				}
			}
			edges = append(edges, e)
		}
	}
	return edges
}

// sharedBy returns the subjects who share a value and how many they are,
// or n = 0 when the share is no evidence: one subject, more than
// MaxSharers, or every sharer explained by one honest context (one
// household, one agency).
func sharedBy(occ []occurrence) (subjects map[int]bool, n int) {
	subjects = map[int]bool{}
	contexts := map[string]bool{}
	for _, o := range occ {
		subjects[o.subject] = true
		contexts[o.context] = true
	}
	n = len(subjects)
	if n < 2 || n > MaxSharers {
		return subjects, 0
	}
	if len(contexts) == 1 && !contexts[""] && !contexts["home:"] {
		return subjects, 0 // one household or one agency: an honest share
	}
	return subjects, n
}

// refereePools sizes the pool of every shared referee value (keys "p:" +
// phone, "e:" + email): how many shared referees are joined to it by people
// who name two of them, when those people and referees hold a cycle, and 1
// otherwise. A referee is the phone and email of one reference on one
// application, so a referee's phone and email count once.
//
// The cycle is what tells a ring's pool from a chain of honest colleagues:
// Ann names her old manager and a teammate, Bob that teammate and his next
// manager, Cat that manager and another: every referee is shared, but
// people and referees form a tree. A ring's personas draw two each from a
// small pool, so there are more namings than a tree holds (personas 1, 2
// and 3 naming A and B, B and C, C and A). Only applications naming a
// shared referee are looked at again.
func refereePools(g *Graph, phones, emails group) map[string]int {
	node := map[string]int{}
	for _, gr := range []struct {
		prefix string
		g      group
	}{{"p:", phones}, {"e:", emails}} {
		for v, occ := range gr.g {
			if len(occ) < 2 || oneSubject(occ) {
				continue
			}
			if _, n := sharedBy(occ); n > 0 {
				node[gr.prefix+v] = len(node)
			}
		}
	}
	if len(node) == 0 {
		return nil
	}
	shared := len(node)
	id := func(key string) int {
		if k, ok := node[key]; ok {
			return k
		}
		node[key] = len(node)
		return node[key]
	}
	// The referees (slots) of each application that names a shared one,
	// as node ids, with the applicant.
	type naming struct {
		subject int
		ids     []int
	}
	var slots []naming
	for i, a := range g.DS.Applications {
		named := false
		for _, p := range g.Keys.RefPhones.At(i) {
			_, ok := node["p:"+p]
			named = named || ok
		}
		for _, e := range g.Keys.RefEmails.At(i) {
			_, ok := node["e:"+e]
			named = named || ok
		}
		if !named {
			continue
		}
		for _, r := range a.References {
			var ids []int
			if p := normPhone(r.Phone, a.Address.Country); p != "" {
				ids = append(ids, id("p:"+p))
			}
			if e := normEmail(r.Email); e != "" {
				ids = append(ids, id("e:"+e))
			}
			if len(ids) > 0 {
				slots = append(slots, naming{g.AppSubject[i], ids})
			}
		}
	}
	referee := newUnionFind(len(node)) // the values of one referee
	for _, s := range slots {
		for _, x := range s.ids[1:] {
			referee.union(s.ids[0], x)
		}
	}
	// Each person's shared referees, over all their applications.
	isShared := make(map[int]bool) // referee roots with a shared value
	for x := 0; x < shared; x++ {
		isShared[referee.find(x)] = true
	}
	names := map[int]map[int]bool{}
	for _, s := range slots {
		r := referee.find(s.ids[0])
		if !isShared[r] {
			continue
		}
		if names[s.subject] == nil {
			names[s.subject] = map[int]bool{}
		}
		names[s.subject][r] = true
	}
	pool := newUnionFind(len(node)) // referees named by one person
	for _, refs := range names {
		first := -1
		for r := range refs {
			if first < 0 {
				first = r
			} else {
				pool.union(first, r)
			}
		}
	}
	type size struct{ people, referees, namings int }
	sizes := map[int]*size{}
	at := func(r int) *size {
		p := pool.find(r)
		if sizes[p] == nil {
			sizes[p] = &size{}
		}
		return sizes[p]
	}
	for r := range isShared {
		at(r).referees++
	}
	for _, refs := range names {
		for r := range refs {
			at(r).namings++
		}
		for r := range refs {
			at(r).people++
			break
		}
	}
	// The people of each pool, to tell a former team (colleagues listing
	// one employer, see colleagues.go) from a ring's pool.
	people := map[int][]int{}
	for si, refs := range names {
		for r := range refs {
			p := pool.find(r)
			people[p] = append(people[p], si)
			break
		}
	}
	colleagues := map[int]bool{}
	out := make(map[string]int, shared)
	for key, x := range node {
		if x >= shared {
			continue
		}
		root := pool.find(referee.find(x))
		z := at(referee.find(x))
		out[key] = 1
		if z.namings-z.people-z.referees+1 < 1 {
			continue
		}
		known, ok := colleagues[root]
		if !ok {
			known = formerColleagues(g, people[root])
			colleagues[root] = known
		}
		if !known {
			out[key] = z.referees
		}
	}
	return out
}

// oneSubject reports whether every occurrence is the same subject's: a
// person's own applications repeating their own phone.
func oneSubject(occ []occurrence) bool {
	for _, o := range occ[1:] {
		if o.subject != occ[0].subject {
			return false
		}
	}
	return true
}

func sortedInts(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// appendNew appends s unless it is already there, ignoring case.
func appendNew(list []string, s string) []string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return list
		}
	}
	return append(list, s)
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// ProfileColumn names the column a profile key was read from, so evidence
// points at the URL that is shared, not at its neighbour.
func ProfileColumn(key string) string {
	if strings.HasPrefix(key, "github:") {
		return "github_url"
	}
	return "linkedin_url"
}

// ReferenceColumn names the column (ref1_phone, ref2_email, ...) of the
// referee whose phone or email has the key: evidence cites the referee that
// is shared. Keys are normalised, so a phone matches on its last digits and
// an email case-insensitively on its address before any +tag.
func ReferenceColumn(refs []mosaic.Reference, key, what string) string {
	for r, ref := range refs {
		raw := ref.Phone
		if what == "email" {
			raw = ref.Email
		}
		if raw != "" && sameReferenceValue(raw, key, what) {
			return fmt.Sprintf("ref%d_%s", r+1, what)
		}
	}
	return "ref1_" + what
}

func sameReferenceValue(raw, key, what string) bool {
	if what == "phone" {
		d := digitsOf(raw)
		return len(d) >= 7 && strings.HasSuffix(digitsOf(key), d[len(d)-7:])
	}
	local, domain, _ := strings.Cut(strings.ToLower(strings.TrimSpace(raw)), "@")
	klocal, kdomain, _ := strings.Cut(key, "@")
	local, _, _ = strings.Cut(local, "+")
	return strings.ReplaceAll(local, ".", "") == strings.ReplaceAll(klocal, ".", "") &&
		(domain == kdomain || strings.TrimPrefix(domain, "google") == strings.TrimPrefix(kdomain, "g"))
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// signInEvidence points at a sign-in by its line and its event id.
func signInEvidence(e mosaic.SignIn, field string) mosaic.Evidence {
	return mosaic.Evidence{File: e.Origin.File, Line: e.Origin.Line, EventID: e.ID, Field: field}
}
