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
	"reference_phone":    0.5,
	"reference_email":    0.5,
	"profile":            0.6,
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
//
// A referee named by two or three people is often a former manager of
// colleagues who move together: such a link is shown but too weak to make
// a cluster alone. Four or more strangers naming one referee is a ring's
// recycled reference.
func strength(kind string, sharers int) float64 {
	s := baseStrength[kind]
	if kind == "reference_phone" || kind == "reference_email" {
		s = 0.45
		if sharers >= 4 {
			s = 0.6
		}
	}
	if sharers > 8 {
		s *= 8 / float64(sharers)
	}
	return s
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
			refPhones.add(p, occurrence{si, mosaic.EvidenceFrom(a.Origin, ReferenceColumn(a.References, p, "phone")), ""})
		}
		for _, e := range g.Keys.RefEmails.At(i) {
			refEmails.add(e, occurrence{si, mosaic.EvidenceFrom(a.Origin, ReferenceColumn(a.References, e, "email")), ""})
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
	edges = appendEdges(edges, g, "phone", phones, phone.Format)
	edges = appendEdges(edges, g, "reference_phone", refPhones, phone.Format)
	edges = appendEdges(edges, g, "reference_email", refEmails, shown)
	edges = appendEdges(edges, g, "profile", profiles, shown)
	edges = appendEdges(edges, g, "submit_ip", submitIPs, shown)
	edges = appendEdges(edges, g, "ssn", ssn, nil)
	edges = appendEdges(edges, g, "bank_account", bank, nil)
	edges = appendEdges(edges, g, "wallet", wallet, nil)
	edges = appendEdges(edges, g, "ship_to", shipTo, func(k string) string { return shipToLabel[k] })
	edges = appendEdges(edges, g, "device_fingerprint", fingerprint, shown)
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
func appendEdges(edges []Edge, g *Graph, kind string, gr group, show func(string) string) []Edge {
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
		subjects := map[int]bool{}
		contexts := map[string]bool{}
		for _, o := range occ {
			subjects[o.subject] = true
			contexts[o.context] = true
		}
		n := len(subjects)
		if n < 2 || n > MaxSharers {
			continue
		}
		if len(contexts) == 1 && !contexts[""] && !contexts["home:"] {
			continue // one household or one agency: an honest share
		}
		display := ""
		if show != nil {
			display = show(v)
		}
		members := sortedInts(subjects)
		first := members[0]
		for _, other := range members[1:] {
			e := Edge{A: first, B: other, Kind: kind, Value: display, Sharers: n, Strength: strength(kind, n)}
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
