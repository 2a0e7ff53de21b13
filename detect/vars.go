package detect

import (
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic/normalize/email"
	"github.com/mosaic-sec/mosaic/normalize/phone"
)

// The functions here turn facts into the variables of rules/SCHEMA.md.

func (f *Facts) applicationVars(i int, jobs map[string]time.Time) map[string]any {
	g := f.g
	a := g.DS.Applications[i]
	m := map[string]any{
		"id": a.ID, "job_id": a.JobID, "source": strings.ToLower(strings.TrimSpace(a.Source)),
		"submitted_at":                a.SubmittedAt,
		"phone_e164":                  g.Keys.AppPhone[i],
		"phone_shared_with":           int64(f.phonePeople[i]),
		"phone_sharers":               toAny(f.phoneSharers[i]),
		"reference_shared_with":       int64(f.refPeople[i]),
		"reference_sharers":           toAny(f.refSharers[i]),
		"resume_similarity":           f.resumeSim[i],
		"resume_similar_to":           toAny(f.resumeSimilar[i]),
		"resume_template_group":       int64(f.resumeGroup[i]),
		"photo_background_matches":    int64(f.photoPeople[i]),
		"photo_background_similar_to": toAny(f.photoSimilar[i]),
		"profile_shared_with":         int64(f.profilePeople[i]),
		"ip_shared_with":              int64(f.ipPeople[i]),
		"ip_sharers":                  toAny(f.ipSharers[i]),
		"profile_sharers":             toAny(f.profileShare[i]),
		"claimed_country":             strings.ToUpper(strings.TrimSpace(a.Address.Country)),
		"linked_same_job":             int64(f.linkedSameJob[i]),
		"linked_in_burst":             int64(f.linkedBurst[i]),
		"anonymous":                   f.anonymous(i),
		"anonymous_burst":             int64(f.anonBurst[i]),
		"anonymous_coburst_people":    int64(f.coBurst[i]),
		"anonymous_burst_share":       f.burstShare[i],
		"reference_shared":            toAny(f.refShared[i]),
		"profile_url":                 f.profileURL[i],
		"linked_same_job_people":      f.linkedPeople(i, f.linkedSameJobApps[i]),
		"linked_in_burst_people":      f.linkedPeople(i, f.linkedBurstApps[i]),
	}
	if t := f.phoneType(a.Phone, defaultRegion(a.Address.Country)); t != "" {
		m["phone_type"] = t
	}
	if e, ok := email.Normalize(a.Email); ok {
		m["email_domain"] = e.Domain
		m["email_disposable"] = e.Disposable
		m["email_freemail"] = e.FreeMail
	}
	if posted, ok := jobs[a.JobID]; ok && !posted.IsZero() && !a.SubmittedAt.IsZero() {
		m["hours_after_posting"] = a.SubmittedAt.Sub(posted).Hours()
	}
	if ip := strings.TrimSpace(a.SubmitIP); ip != "" {
		in := f.ip(ip)
		m["ip"] = map[string]any{
			"address": ip, "country": in.Country, "asn": int64(in.ASN), "org": in.Org,
			"hosting": in.Hosting, "vpn": in.VPN, "tor": in.Tor, "proxy": in.VPN || in.Tor,
			"corporate": in.Corporate, "known": in.Known,
		}
		claimed := m["claimed_country"].(string)
		m["ip_country_mismatch"] = in.Country != "" && claimed != "" && in.Country != claimed && !in.VPN && !in.Hosting && !in.Tor
	}
	return m
}

// phoneType classifies a typed phone once: the same switchboard or landline
// appears on many applications, and classification is the costly half of
// phone parsing.
func (f *Facts) phoneType(raw, region string) string {
	if raw == "" {
		return ""
	}
	k := [2]string{raw, region}
	if t, ok := f.phoneTypes[k]; ok {
		return t
	}
	t := ""
	if p, ok := phone.Normalize(raw, region); ok {
		t = p.Type
	}
	if f.phoneTypes == nil {
		f.phoneTypes = map[[2]string]string{}
	}
	f.phoneTypes[k] = t
	return t
}

func defaultRegion(country string) string {
	if c := strings.ToUpper(strings.TrimSpace(country)); len(c) == 2 {
		return c
	}
	return "US"
}

func (f *Facts) noteVars(i int) map[string]any {
	n := f.g.DS.Notes[i]
	return map[string]any{
		"id": n.ID, "on": strings.ToLower(n.SubjectType), "author_role": strings.ToLower(n.AuthorRole),
		"kind": strings.ToLower(n.Kind), "outcome": strings.ToLower(n.Outcome),
		"text": n.Text, "text_lower": strings.ToLower(n.Text), "occurred_at": n.OccurredAt,
	}
}

func (f *Facts) shipmentVars(i, si int) map[string]any {
	g := f.g
	s := g.DS.Shipments[i]
	to := g.Keys.ShipTo[i]
	m := map[string]any{
		"id": s.ID, "asset_tag": s.AssetTag, "shipped_at": s.ShippedAt,
		"change_requested":     !s.AddressChangeRequestedAt.IsZero(),
		"to_known_address":     to != "" && f.knownAddress(si, to),
		"to_home":              to != "" && f.isHome(si, to),
		"ship_to_name_empty":   strings.TrimSpace(s.ShipToName) == "",
		"employees_at_address": int64(f.employeesAtAddress[i]),
		"reason":               s.AddressChangeReason,
		"city":                 s.ShipTo.City,
		"region":               s.ShipTo.Region,
		"ship_to":              strings.Join(nonEmptyTrimmed(s.ShipTo.Line1, s.ShipTo.Line2, s.ShipTo.City, s.ShipTo.Region), ", "),
		"ship_to_name":         strings.TrimSpace(s.ShipToName),
	}
	if !s.AddressChangeRequestedAt.IsZero() {
		shipped := s.ShippedAt
		if shipped.IsZero() {
			shipped = s.DeliveredAt
		}
		if !shipped.IsZero() {
			m["hours_change_before_ship"] = shipped.Sub(s.AddressChangeRequestedAt).Hours()
		}
	}
	if f.employee[si] >= 0 {
		m["ship_to_name_matches"] = f.namesSubject(s.ShipToName, si)
	}
	return m
}

func (f *Facts) payrollVars(i, si int) map[string]any {
	g := f.g
	p := g.DS.Payroll[i]
	m := map[string]any{
		"id": p.ID, "kind": p.Kind, "occurred_at": p.OccurredAt, "provider": p.PaymentProvider,
		"provider_kind": providerKind(p), "bank_country": strings.ToUpper(p.BankCountry),
		"account_shared_with": int64(f.accountShared[i]),
		"holder_empty":        strings.TrimSpace(p.AccountHolder) == "",
		"changes_90d":         int64(f.changes90d[i]),
	}
	if ei := f.employee[si]; ei >= 0 {
		e := g.DS.Employees[ei]
		c := strings.ToUpper(strings.TrimSpace(e.Address.Country))
		m["declared_country"] = c
		m["declared_abroad"] = c != "" && c != "US"
		m["holder_matches_employee"] = f.namesSubject(p.AccountHolder, si)
		if !e.HireDate.IsZero() && !p.OccurredAt.IsZero() {
			m["days_after_hire"] = p.OccurredAt.Sub(e.HireDate).Hours() / 24
		}
	}
	return m
}

func (f *Facts) subjectVars(si int, flagged, confirmed int) map[string]any {
	g := f.g
	s := g.Subjects[si]
	m := map[string]any{
		"id": s.Key, "hired": len(s.Employees()) > 0, "applications": int64(len(s.Apps)),
		"ssn_shared_with": int64(f.ssnShared[si]), "dob_shared_with": int64(f.dobShared[si]),
		"ssn_sharers": f.labels(f.ssnSharers[si]), "dob_sharers": f.labels(f.dobSharers[si]),
		"disposition": f.verdict(si),
	}
	var titles []string
	it, ops := false, false
	for _, i := range s.Employees() {
		e := g.DS.Employees[i]
		titles = append(titles, e.Title)
		if itRole.MatchString(e.Title) {
			it = true
		}
		if opsRole.MatchString(e.Title) {
			ops = true
		}
	}
	m["titles"] = toAny(titles)
	m["is_it_staff"] = it
	m["is_ops_staff"] = ops
	if ei := f.employee[si]; ei >= 0 {
		e := g.DS.Employees[ei]
		m["employment_type"] = e.EmploymentType
		m["vendor"] = e.Vendor
		m["declared_timezone"] = e.Timezone
		m["declared_country"] = strings.ToUpper(e.Address.Country)
		if !e.HireDate.IsZero() {
			m["hire_date"] = e.HireDate
		}
		if loc := f.declaredTZ[si]; loc != nil {
			m["declared_utc_offset_hours"] = offsetHours(loc, time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC))
		}
	}
	if v := f.signins[si]; v != nil {
		m["signins"] = v
	} else {
		m["signins"] = map[string]any{"total": int64(0)}
	}
	if v := f.devices[si]; v != nil {
		m["devices"] = v
	} else {
		m["devices"] = map[string]any{"remote_access_count": int64(0)}
	}
	m["sanctions"] = f.screeningVars(si)
	m["idp"] = f.idpVars(si)
	c := f.cluster[si]
	m["cluster"] = map[string]any{
		"size": int64(c.size), "hired": int64(c.hired), "ship_to_shared": int64(c.shipTo), "cities": int64(c.cities),
		"link_kinds":         int64(c.linkKinds),
		"reuse_group":        int64(c.reuseGroup),
		"flagged_neighbours": int64(flagged), "linked_confirmed": int64(confirmed),
		"ties":       f.tieList(si, "ties"),
		"weak_ties":  f.tieList(si, "weak_ties"),
		"reuse_ties": f.tieList(si, "reuse_ties"),
		"burst_jobs": f.burstJobList(si),
	}
	return m
}

func (f *Facts) tieList(si int, name string) []any {
	if l := f.tieLists[si][name]; l != nil {
		return l
	}
	return []any{}
}

func (f *Facts) burstJobList(si int) []any {
	if l := f.burstJobs[si]; l != nil {
		return l
	}
	return []any{}
}

// linkedPeople names the linked personas behind other applications, and
// what ties each to this applicant: "A0000026 (same phone +1 312-931-5762)".
func (f *Facts) linkedPeople(i int, apps []int) []any {
	out := make([]any, 0, len(apps))
	si := f.g.AppSubject[i]
	for _, j := range apps {
		out = append(out, f.g.DS.Applications[j].ID+" ("+f.linkedVia(si, f.g.AppSubject[j])+")")
	}
	return out
}

func nonEmptyTrimmed(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
