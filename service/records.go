package service

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
)

// RecordView is one stored record as the workbench shows it: its kind, its
// id, its main date, where it came from and its fields in reading order.
type RecordView struct {
	Kind   string        `json:"kind"`
	ID     string        `json:"id"`
	At     time.Time     `json:"at"`
	Origin mosaic.Origin `json:"origin"`
	Fields []Field       `json:"fields"`
}

// Field is one named value of a record. Personal values (names, contact
// details, addresses, network addresses, hashed identifiers) are masked for
// readers who may not see them.
type Field struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Personal bool   `json:"personal,omitempty"`
}

// TimelineEvent is one dated thing that happened to a person, in any silo.
type TimelineEvent struct {
	At     time.Time     `json:"at"`
	Silo   string        `json:"silo"`
	What   string        `json:"what"`
	RuleID string        `json:"rule_id,omitempty"` // set for a signal
	Level  string        `json:"-"`
	Origin mosaic.Origin `json:"origin"`
}

// SubjectDetail is what the person page shows beside the subject: its
// records, one timeline across silos, and the records its signals cite,
// by EvidenceKey.
type SubjectDetail struct {
	Records  []RecordView          `json:"records"`
	Timeline []TimelineEvent       `json:"timeline"`
	Cited    map[string]RecordView `json:"cited"`
}

// EvidenceKey names the record a piece of evidence cites.
func EvidenceKey(e mosaic.Evidence) string {
	if e.File != "" && e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line)
	}
	if e.EventID != "" {
		return "event:" + e.EventID
	}
	return ""
}

func originKeys(o mosaic.Origin) []string {
	var keys []string
	if k := EvidenceKey(mosaic.Evidence{File: o.File, Line: o.Line}); k != "" {
		keys = append(keys, k)
	}
	if o.EventID != "" {
		keys = append(keys, "event:"+o.EventID)
	}
	return keys
}

// details is the snapshot's copy of what the person page needs of the
// dataset: the detection loop owns the dataset and changes it in place, so
// HTTP goroutines read only these copies, made when the snapshot is built.
type details struct {
	records     map[string][]RecordView // subject id -> its records
	cited       map[string]RecordView   // evidence key -> the cited record
	firstSignIn map[string]time.Time
	lastSignIn  map[string]time.Time
	jobs        map[string]string // job id -> title
}

func buildDetails(ds *dataset.Dataset, rep *mosaic.Report, byRecord map[string]string) *details {
	d := &details{records: map[string][]RecordView{}, cited: map[string]RecordView{},
		firstSignIn: map[string]time.Time{}, lastSignIn: map[string]time.Time{}, jobs: map[string]string{}}
	want := map[string]bool{}
	wantEvents := false
	for _, sub := range rep.Subjects {
		for _, g := range sub.Signals {
			for _, e := range g.Evidence {
				if k := EvidenceKey(e); k != "" {
					want[k] = true
				}
				if e.EventID != "" {
					want["event:"+e.EventID] = true
					wantEvents = true
				}
			}
		}
	}
	keep := func(subject string, v RecordView) {
		if subject != "" {
			d.records[subject] = append(d.records[subject], v)
		}
		for _, k := range originKeys(v.Origin) {
			if want[k] {
				d.cited[k] = v
			}
		}
	}
	for _, j := range ds.Jobs {
		d.jobs[j.ID] = j.Title
		keep("", jobView(j))
	}
	actors := map[string]string{}
	for _, a := range ds.Applications {
		keep(byRecord[a.ID], applicationView(a, d.jobs[a.JobID]))
	}
	empSubject := map[string]string{}
	for _, e := range ds.Employees {
		sid := byRecord[e.ID]
		empSubject[e.ID] = sid
		if sid != "" && e.WorkEmail != "" {
			actors[strings.ToLower(e.WorkEmail)] = sid
		}
		keep(sid, employeeView(e))
	}
	for _, s := range ds.Shipments {
		keep(empSubject[s.EmployeeID], shipmentView(s))
	}
	for _, p := range ds.Payroll {
		keep(empSubject[p.EmployeeID], payrollView(p))
	}
	for _, n := range ds.Notes {
		keep(byRecord[n.SubjectID], noteView(n))
	}
	for _, h := range ds.HostRows {
		if len(originKeys(h.Origin)) > 0 && (want["event:"+h.Origin.EventID] || want[EvidenceKey(mosaic.Evidence{File: h.Origin.File, Line: h.Origin.Line})]) {
			keep("", hostView(h))
		}
	}
	// Sign-ins are the bulk of the data: keep only the first and last per
	// person, and the events a signal cites.
	for i := range ds.SignIns.Len() {
		sid, ok := actors[ds.SignIns.Actor(i)]
		if ok {
			at := ds.SignIns.Published(i)
			if f, seen := d.firstSignIn[sid]; !at.IsZero() && (!seen || at.Before(f)) {
				d.firstSignIn[sid] = at
			}
			if at.After(d.lastSignIn[sid]) {
				d.lastSignIn[sid] = at
			}
		}
		if wantEvents && want["event:"+ds.SignIns.ID(i)] {
			keep("", signInView(ds.SignIns.At(i)))
		}
	}
	return d
}

// SubjectDetail returns a subject's records, timeline and cited records
// from the latest analysis.
func (s *Service) SubjectDetail(id string) (*SubjectDetail, error) {
	sub, err := s.Subject(id)
	if err != nil {
		return nil, err
	}
	snap := s.Snapshot()
	out := &SubjectDetail{Cited: map[string]RecordView{}}
	if snap.detail == nil {
		return out, nil
	}
	d := snap.detail
	out.Records = d.records[sub.ID]
	for _, g := range sub.Signals {
		for _, e := range g.Evidence {
			for _, k := range []string{EvidenceKey(e), "event:" + e.EventID} {
				if v, ok := d.cited[k]; ok {
					out.Cited[EvidenceKey(e)] = v
					break
				}
			}
		}
	}
	var tl []TimelineEvent
	for _, r := range out.Records {
		tl = append(tl, recordEvents(r)...)
	}
	if t, ok := d.firstSignIn[sub.ID]; ok {
		tl = append(tl, TimelineEvent{At: t, Silo: "identity", What: "First sign-in"})
		if l := d.lastSignIn[sub.ID]; l.After(t) {
			tl = append(tl, TimelineEvent{At: l, Silo: "identity", What: "Latest sign-in"})
		}
	}
	for _, g := range sub.Signals {
		if g.At.IsZero() {
			continue
		}
		ev := TimelineEvent{At: g.At, Silo: string(g.Silo), What: g.Title, RuleID: g.RuleID}
		if len(g.Evidence) > 0 {
			ev.Origin = mosaic.Origin{File: g.Evidence[0].File, Line: g.Evidence[0].Line, EventID: g.Evidence[0].EventID}
		}
		tl = append(tl, ev)
	}
	sort.SliceStable(tl, func(i, j int) bool { return tl[i].At.Before(tl[j].At) })
	out.Timeline = tl
	return out, nil
}

// recordEvents are the dated steps one record tells of.
func recordEvents(r RecordView) []TimelineEvent {
	get := func(name string) string {
		for _, f := range r.Fields {
			if f.Name == name {
				return f.Value
			}
		}
		return ""
	}
	ev := func(at, silo, what string) []TimelineEvent {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil || at == "" {
			t, err = time.Parse(time.DateOnly, at)
		}
		if err != nil {
			return nil
		}
		return []TimelineEvent{{At: t, Silo: silo, What: what, Origin: r.Origin}}
	}
	var out []TimelineEvent
	switch r.Kind {
	case "application":
		what := "Applied"
		if j := get("job"); j != "" {
			what += " for " + j
		}
		out = append(out, ev(get("submitted_at"), "hiring", what+" ("+r.ID+")")...)
	case "note":
		what := strings.TrimSpace(strings.ReplaceAll(get("kind"), "_", " "))
		if what == "" {
			what = "note"
		}
		what = strings.ToUpper(what[:1]) + what[1:]
		if o := get("outcome"); o != "" && o != "none" {
			what += ": " + o
		}
		if a := get("author_role"); a != "" {
			what += " (" + a + ")"
		}
		out = append(out, ev(get("occurred_at"), "hiring", what)...)
	case "employee":
		out = append(out, ev(get("hire_date"), "hr", "Hired as "+get("title")+" ("+r.ID+")")...)
		out = append(out, ev(get("termination_date"), "hr", "Left")...)
	case "shipment":
		out = append(out, ev(get("requested_at"), "it", "Laptop requested "+get("asset_tag"))...)
		out = append(out, ev(get("address_change_requested_at"), "it", "Ship-to address changed: "+get("address_change_reason"))...)
		out = append(out, ev(get("shipped_at"), "it", "Laptop shipped "+get("asset_tag"))...)
		out = append(out, ev(get("delivered_at"), "it", "Laptop delivered")...)
	case "payroll":
		out = append(out, ev(get("occurred_at"), "payroll", "Payroll: "+strings.ReplaceAll(get("kind"), "_", " "))...)
	}
	return out
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func addr(a mosaic.Address) string {
	var parts []string
	for _, p := range []string{a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// fields keeps the non-empty values, in order.
func fields(fs ...Field) []Field {
	out := fs[:0]
	for _, f := range fs {
		if f.Value != "" {
			out = append(out, f)
		}
	}
	return out
}

func f(name, value string) Field  { return Field{Name: name, Value: value} }
func pf(name, value string) Field { return Field{Name: name, Value: value, Personal: true} }

func jobView(j mosaic.Job) RecordView {
	return RecordView{Kind: "job", ID: j.ID, At: j.PostedAt, Origin: j.Origin, Fields: fields(
		f("job_id", j.ID), f("title", j.Title), f("posted_at", day(j.PostedAt)), f("location", j.Location))}
}

func applicationView(a mosaic.Application, job string) RecordView {
	fs := []Field{f("application_id", a.ID), f("candidate_id", a.CandidateID), f("job_id", a.JobID), f("job", job),
		f("submitted_at", stamp(a.SubmittedAt)), pf("first_name", a.FirstName), pf("last_name", a.LastName),
		pf("email", a.Email), pf("phone", a.Phone), pf("address", addr(a.Address)), pf("linkedin_url", a.LinkedInURL),
		pf("github_url", a.GitHubURL), f("source", a.Source), f("resume_file", a.ResumeFile), f("photo_file", a.PhotoFile),
		pf("submit_ip", a.SubmitIP), f("user_agent", a.UserAgent)}
	for i, r := range a.References {
		n := strconv.Itoa(i + 1)
		fs = append(fs, pf("ref"+n+"_name", r.Name), pf("ref"+n+"_email", r.Email), pf("ref"+n+"_phone", r.Phone))
	}
	return RecordView{Kind: "application", ID: a.ID, At: a.SubmittedAt, Origin: a.Origin, Fields: fields(fs...)}
}

func employeeView(e mosaic.Employee) RecordView {
	return RecordView{Kind: "employee", ID: e.ID, At: e.HireDate, Origin: e.Origin, Fields: fields(
		f("employee_id", e.ID), f("application_id", e.ApplicationID), pf("first_name", e.FirstName), pf("last_name", e.LastName),
		pf("work_email", e.WorkEmail), pf("personal_email", e.PersonalEmail), pf("phone", e.Phone), pf("address", addr(e.Address)),
		f("timezone", e.Timezone), f("hire_date", day(e.HireDate)), f("termination_date", day(e.TerminationDate)),
		f("employment_type", e.EmploymentType), f("vendor", e.Vendor), f("title", e.Title),
		pf("ssn_hash", short(e.SSNHash)), pf("dob_hash", short(e.DOBHash)))}
}

func shipmentView(s mosaic.Shipment) RecordView {
	return RecordView{Kind: "shipment", ID: s.ID, At: s.ShippedAt, Origin: s.Origin, Fields: fields(
		f("shipment_id", s.ID), f("employee_id", s.EmployeeID), f("asset_tag", s.AssetTag), f("serial_number", s.SerialNumber),
		f("hostname", s.Hostname), f("requested_at", stamp(s.RequestedAt)), f("shipped_at", stamp(s.ShippedAt)),
		f("delivered_at", stamp(s.DeliveredAt)), pf("ship_to_name", s.ShipToName), pf("ship_to", addr(s.ShipTo)),
		f("address_change_requested_at", stamp(s.AddressChangeRequestedAt)), f("address_change_reason", s.AddressChangeReason))}
}

func payrollView(p mosaic.PayrollEvent) RecordView {
	return RecordView{Kind: "payroll", ID: p.ID, At: p.OccurredAt, Origin: p.Origin, Fields: fields(
		f("event_id", p.ID), f("employee_id", p.EmployeeID), f("occurred_at", stamp(p.OccurredAt)), f("kind", p.Kind),
		f("bank_name", p.BankName), f("bank_country", p.BankCountry), pf("routing_hash", short(p.RoutingHash)),
		pf("account_hash", short(p.AccountHash)), pf("account_holder", p.AccountHolder), f("payment_provider", p.PaymentProvider),
		pf("wallet_hash", short(p.WalletHash)), f("amount", p.Amount), f("currency", p.Currency))}
}

func noteView(n mosaic.Note) RecordView {
	return RecordView{Kind: "note", ID: n.ID, At: n.OccurredAt, Origin: n.Origin, Fields: fields(
		f("note_id", n.ID), f("subject_type", n.SubjectType), f("subject_id", n.SubjectID), f("occurred_at", stamp(n.OccurredAt)),
		f("author_role", n.AuthorRole), f("kind", n.Kind), f("outcome", n.Outcome), pf("text", n.Text))}
}

func signInView(e mosaic.SignIn) RecordView {
	return RecordView{Kind: "sign-in", ID: e.ID, At: e.Published, Origin: e.Origin, Fields: fields(
		f("event_id", e.ID), f("published", stamp(e.Published)), f("event_type", e.EventType), pf("actor", e.Actor),
		pf("ip", e.IP), f("city", e.City), f("country", e.Country), f("as_org", e.ASOrg), f("isp", e.ISP),
		f("outcome", e.Outcome), f("user_agent", e.UserAgent), pf("device_fingerprint", short(e.DeviceFingerprint)))}
}

func hostView(h mosaic.HostRow) RecordView {
	fs := []Field{f("query", h.Name), f("hostname", h.Hostname), f("serial", h.Serial), pf("username", h.Username),
		f("time", stamp(h.Time)), f("action", h.Action)}
	keys := make([]string, 0, len(h.Columns))
	for k := range h.Columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fs = append(fs, f(k, h.Columns[k]))
	}
	return RecordView{Kind: "osquery", ID: h.Origin.EventID, At: h.Time, Origin: h.Origin, Fields: fields(fs...)}
}
