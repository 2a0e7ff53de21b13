package detect

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/rules"
)

// A signal cites the rows that prove what its explanation says: the rows
// holding the values the explanation names (the phone, the program, the
// address). Which values those are is read off the rule itself: the
// variables its explanation shows, or, when the explanation shows none that
// come from a row, those its condition tests.

// factReference matches a variable path in CEL text: app.phone_e164,
// subject.devices.ipkvm, subject.devices.?remote_access_days_after_hire.
var factReference = regexp.MustCompile(`\b(app|note|shipment|pay|subject)((?:\s*\.\s*\??\s*[A-Za-z_][A-Za-z0-9_]*)+)`)

// factsRead lists the variable paths a CEL text (or an explanation
// template) reads, without optional markers: "subject.devices.ipkvm".
func factsRead(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range factReference.FindAllStringSubmatchIndex(text, -1) {
		path := text[m[2]:m[3]] + strings.NewReplacer(" ", "", "\t", "", "\n", "", "?", "").Replace(text[m[4]:m[5]])
		// A last name followed by "(" is a method (.orValue(1.0)), not a field.
		if strings.HasPrefix(strings.TrimLeft(text[m[1]:], " \t\n"), "(") {
			path = path[:strings.LastIndex(path, ".")]
		}
		if !seen[path] && strings.Contains(path, ".") {
			seen[path] = true
			out = append(out, path)
		}
	}
	return out
}

// evidencePaths are the variable paths a rule's evidence rests on: those its
// explanation shows, then those its condition tests. Both lists are kept;
// callers take the first that yields rows.
type evidencePaths struct{ shown, tested []string }

func pathsOf(r *rules.Rule) evidencePaths {
	return evidencePaths{shown: factsRead(r.Explanation), tested: factsRead(r.Condition)}
}

// recordColumns names the input column each record-scope variable is read
// from, where the column holds the value the variable shows. Counts and
// flags computed across records (phone_shared_with) point at the column of
// the value they count.
var recordColumns = map[string]string{
	"app.id": "application_id", "app.job_id": "job_id", "app.source": "source",
	"app.phone_e164": "phone", "app.phone_type": "phone", "app.phone_shared_with": "phone", "app.phone_sharers": "phone",
	"app.email_domain": "email", "app.email_disposable": "email", "app.email_freemail": "email",
	"app.ip.address": "submit_ip", "app.ip_shared_with": "submit_ip", "app.ip_sharers": "submit_ip",
	"app.claimed_country": "country",
	"app.anonymous_burst": "job_id", "app.anonymous_burst_share": "job_id", "app.anonymous_coburst_people": "job_id",
	"app.linked_same_job": "job_id", "app.linked_in_burst": "job_id",
	"app.resume_similarity": "resume_file", "app.resume_similar_to": "resume_file", "app.resume_template_group": "resume_file",
	"app.photo_background_matches": "photo_file", "app.photo_background_similar_to": "photo_file",
	"note.text": "text", "note.text_lower": "text",
	"shipment.asset_tag": "asset_tag", "shipment.ship_to": "ship_to_line1", "shipment.ship_to_name": "ship_to_name",
	"shipment.reason": "address_change_reason", "shipment.city": "ship_to_city", "shipment.region": "ship_to_region",
	"pay.provider": "payment_provider", "pay.bank_country": "bank_country", "pay.kind": "kind",
	"pay.account_shared_with": "account_number",
}

// recordIDColumn is the column naming each kind of record: the row itself
// is the evidence when no variable shown comes from one column.
var recordIDColumn = map[string]string{
	rules.ScopeApplication: "application_id", rules.ScopeNote: "note_id", rules.ScopeShipment: "shipment_id", rules.ScopePayroll: "event_id",
}

// recordEvidence cites a record's row once per column holding a value the
// rule rests on (an empty value proves nothing and is left out); more names
// the columns (of this row or others) a fact computed across records points
// at (a shared referee, a profile URL), or nil. vars are the rule's
// variables.
func recordEvidence(o mosaic.Origin, scope string, vars map[string]any, paths evidencePaths, more func(path string) []mosaic.Evidence) []mosaic.Evidence {
	for _, list := range [][]string{paths.shown, paths.tested} {
		var ev []mosaic.Evidence
		seen := map[mosaic.Evidence]bool{}
		add := func(e mosaic.Evidence) {
			if !seen[e] {
				seen[e] = true
				ev = append(ev, e)
			}
		}
		for _, p := range list {
			if col, ok := recordColumns[p]; ok && !emptyText(lookup(vars, p)) {
				add(mosaic.EvidenceFrom(o, col))
			}
			if more != nil {
				for _, e := range more(p) {
					add(e)
				}
			}
		}
		if len(ev) > 0 {
			return ev
		}
	}
	return []mosaic.Evidence{mosaic.EvidenceFrom(o, recordIDColumn[scope])}
}

// applicationEvidence is the evidence of application facts that rest on
// more than the application's own column: the referee or profile shared,
// and the other personas' applications to the same job.
func (f *Facts) applicationEvidence(i int) func(path string) []mosaic.Evidence {
	a := f.g.DS.Applications[i]
	return func(path string) []mosaic.Evidence {
		var cols []string
		switch path {
		case "app.reference_shared", "app.reference_shared_with", "app.reference_sharers":
			cols = f.refColumns[i]
		case "app.profile_url", "app.profile_shared_with", "app.profile_sharers":
			cols = f.profileColumns[i]
		case "app.linked_same_job_people":
			return f.linkedJobEvidence(f.linkedSameJobApps[i])
		case "app.linked_in_burst_people":
			return f.linkedJobEvidence(f.linkedBurstApps[i])
		}
		ev := make([]mosaic.Evidence, 0, len(cols))
		for _, c := range cols {
			ev = append(ev, mosaic.EvidenceFrom(a.Origin, c))
		}
		return ev
	}
}

func (f *Facts) linkedJobEvidence(apps []int) []mosaic.Evidence {
	ev := make([]mosaic.Evidence, 0, len(apps))
	for _, j := range apps {
		ev = append(ev, mosaic.EvidenceFrom(f.g.DS.Applications[j].Origin, "job_id"))
	}
	return ev
}

// subjectEvidence holds, per subject, the rows behind each subject fact
// that rests on rows, keyed by the fact's path ("devices.ipkvm").
type subjectEvidence map[string][]mosaic.Evidence

// cite keeps a row as evidence of a subject's fact, once, up to limit rows
// per fact.
func (f *Facts) cite(si int, fact string, e mosaic.Evidence, limit int) {
	if fact == "" {
		return
	}
	if f.factEv[si] == nil {
		f.factEv[si] = subjectEvidence{}
	}
	se := f.factEv[si]
	for _, have := range se[fact] {
		if have == e {
			return
		}
	}
	if len(se[fact]) < limit {
		se[fact] = append(se[fact], e)
	}
}

// subjectFactEvidence names, for each subject fact, the evidence key its
// rows are kept under: facts derived from the same rows share one.
var subjectFactEvidence = map[string]string{
	// Identity-provider events beyond sign-ins (detect/facts_identity.go).
	"idp.sms_phones": "idp.sms_phone", "idp.sms_phone_shared_with": "idp.sms_phone", "idp.sms_phone_sharers": "idp.sms_phone",
	"idp.device_shared_with": "idp.device", "idp.device_sharers": "idp.device",
	"idp.identity_verification_denials": "idp.verification",
	"idp.resets_soon_after_hire":        "idp.resets", "idp.first_reset_days_after_hire": "idp.resets",
	"signins.proxy_count": "signins.anonymous", "signins.proxy_share": "signins.anonymous", "signins.vpn_share": "signins.anonymous",
	"signins.tor_count": "signins.anonymous", "signins.anonymous_ips": "signins.anonymous",
	"signins.countries": "signins.undeclared", "signins.undeclared_countries": "signins.undeclared",
	"signins.impossible_travel":   "signins.travel",
	"signins.shared_ip_employees": "signins.shared_ip", "signins.shared_ip_with": "signins.shared_ip", "signins.shared_ips": "signins.shared_ip",
	"signins.shared_fingerprint_accounts": "signins.shared_fingerprint", "signins.shared_fingerprints": "signins.shared_fingerprint",
	"signins.asia_hours_share": "signins.asia_hours", "signins.workday_center_utc": "signins.asia_hours",
	"signins.declared_zone_consistent": "signins.asia_hours",
	"signins.far_from_home_days":       "signins.away",
	"devices.remote_access":            "devices.remote_access", "devices.remote_access_count": "devices.remote_access",
	"devices.remote_access_days_after_hire": "devices.remote_access",
	"devices.ipkvm":                         "devices.ipkvm", "devices.keep_awake": "devices.keep_awake",
	"devices.device_timezone": "devices.timezone", "devices.device_timezone_mismatch": "devices.timezone",
	"cluster.ties": "cluster.ties", "cluster.weak_ties": "cluster.weak_ties", "cluster.reuse_ties": "cluster.reuse_ties",
	"cluster.burst_jobs": "cluster.burst_jobs",
	// The sanctions screening's rows (detect/screen.go).
	"sanctions.identifier_matches": "sanctions.identifier", "sanctions.identifier_list": "sanctions.identifier",
	"sanctions.name_matches": "sanctions.name", "sanctions.name_list": "sanctions.name",
	"sanctions.name_only_matches": "sanctions.name_only", "sanctions.name_only_list": "sanctions.name_only",
}

// factEvidence gathers the rows of the subject facts a rule shows (or, if it
// shows none resting on rows, tests) within the groups it declares.
func (f *Facts) factEvidence(si int, groups []string, paths evidencePaths) []mosaic.Evidence {
	declared := map[string]bool{}
	for _, g := range groups {
		declared[g] = true
	}
	for _, list := range [][]string{paths.shown, paths.tested} {
		var ev []mosaic.Evidence
		seen := map[string]bool{}
		for _, p := range list {
			fact := strings.TrimPrefix(p, "subject.")
			group, _, _ := strings.Cut(fact, ".")
			key, ok := subjectFactEvidence[fact]
			if !ok || !declared[group] || seen[key] {
				continue
			}
			seen[key] = true
			ev = append(ev, f.factEv[si][key]...)
		}
		if len(ev) > 0 {
			return ev
		}
	}
	return nil
}

// MaxTies is how many links a cluster explanation names.
const MaxTies = 4

// ties describes the links of a subject of strength in [lo, hi), strongest
// first, up to MaxTies other people, as "E00061 and E00076 (same laptop
// ship-to address ...)": people tied by the same thing are named together.
// The links' rows are kept as the fact's evidence. onePerKind names only
// the first link of each kind of identifier (to show several kinds of
// reuse).
func (f *Facts) ties(si int, lo, hi float64, onePerKind bool, key string) []any {
	links := make([]int, 0, len(f.linksOf[si]))
	for _, li := range f.linksOf[si] {
		l := f.g.Links[li]
		if l.Strength >= lo && l.Strength < hi && l.Kind != "name_at_home" {
			links = append(links, li)
		}
	}
	sort.SliceStable(links, func(a, b int) bool { return f.g.Links[links[a]].Strength > f.g.Links[links[b]].Strength })
	var order []string
	named := map[string][]string{}
	people, kinds := map[int]bool{}, map[string]bool{}
	for _, li := range links {
		l := f.g.Links[li]
		other := l.A
		if other == si {
			other = l.B
		}
		family := linkFamily(l.Kind)
		if people[other] || (onePerKind && kinds[family]) {
			continue
		}
		people[other], kinds[family] = true, true
		what := linkDescription(l)
		if named[what] == nil {
			order = append(order, what)
		}
		named[what] = append(named[what], f.subjectLabel(other))
		for _, e := range l.Evidence {
			f.cite(si, key, e, 4*MaxTies)
		}
		if len(people) == MaxTies {
			break
		}
	}
	out := make([]any, 0, len(order))
	for _, what := range order {
		out = append(out, andList(named[what])+" ("+what+")")
	}
	return out
}

// andList joins names as a sentence does: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// subjectLabel names a subject as a recruiter finds them: the employee id,
// else the first application id.
func (f *Facts) subjectLabel(si int) string {
	s := f.g.Subjects[si]
	if e := s.Employees(); len(e) > 0 {
		return f.g.DS.Employees[e[0]].ID
	}
	if len(s.Apps) > 0 {
		return f.g.DS.Applications[s.Apps[0]].ID
	}
	return s.Key
}

// linkDescription says what a link shares, in plain words.
func linkDescription(l link.Edge) string {
	label := link.KindLabel[l.Kind]
	if label == "" {
		label = strings.ReplaceAll(l.Kind, "_", " ")
	}
	switch l.Kind {
	case "resume":
		return "near-identical resume"
	case "photo", "photo_background":
		return "same " + label
	}
	if l.Value == "" {
		return "same " + label
	}
	return fmt.Sprintf("same %s %s", label, l.Value)
}

// linkedVia says how another subject is tied to this one: the strongest
// direct link, or through others in the same cluster.
func (f *Facts) linkedVia(si, other int) string {
	best := -1
	for _, li := range f.linksOf[si] {
		l := f.g.Links[li]
		if (l.A == other || l.B == other) && l.Kind != "name_at_home" && (best < 0 || l.Strength > f.g.Links[best].Strength) {
			best = li
		}
	}
	if best < 0 {
		return "through other linked people"
	}
	return linkDescription(f.g.Links[best])
}

// lookup reads a variable by its path ("app.ip.address"); nil when absent.
func lookup(vars map[string]any, path string) any {
	var v any = vars
	for _, name := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[name]
	}
	return v
}

func emptyText(v any) bool {
	s, ok := v.(string)
	return ok && strings.TrimSpace(s) == ""
}
