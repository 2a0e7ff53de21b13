package scan

import (
	"fmt"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/rules"
)

// coverageKinds are the sources of the contract, in the order people read
// them.
var coverageKinds = []mosaic.Kind{
	mosaic.KindJobs, mosaic.KindApplications, mosaic.KindEmployees, mosaic.KindShipments,
	mosaic.KindPayroll, mosaic.KindNotes, mosaic.KindOkta, mosaic.KindOsquery,
	mosaic.KindResume, mosaic.KindPhoto,
}

// inventory counts what the linked records hold, for telling which rules
// had their data.
type inventory struct {
	jobs, apps, appEmail, appPhone, appAddress, appIP, appRefs, appProfiles int
	resumes, photos, appNotes, empNotes                                     int
	employees, empSSN, empWorkEmail, empTimezone, empAddress                int
	shipments, payroll, signIns, signInsUsed, hostRows, hostRowsUsed        int
	confirmed                                                               int
	stage                                                                   string
}

func takeInventory(g *link.Graph, fb *mosaic.Feedback, stage string) inventory {
	ds := g.DS
	inv := inventory{jobs: len(ds.Jobs), apps: len(ds.Applications), employees: len(ds.Employees), stage: stage}
	for _, a := range ds.Applications {
		inv.appEmail += nonEmpty(a.Email)
		inv.appPhone += nonEmpty(a.Phone)
		inv.appAddress += nonEmpty(a.Address.Line1)
		inv.appIP += nonEmpty(a.SubmitIP)
		inv.appProfiles += nonEmpty(a.LinkedInURL + a.GitHubURL)
		if len(a.References) > 0 {
			inv.appRefs++
		}
	}
	for _, e := range ds.Employees {
		inv.empSSN += nonEmpty(e.SSNHash)
		inv.empWorkEmail += nonEmpty(e.WorkEmail)
		inv.empTimezone += nonEmpty(e.Timezone)
		inv.empAddress += nonEmpty(e.Address.Line1)
	}
	for _, n := range ds.Notes {
		if strings.EqualFold(n.SubjectType, "employee") {
			inv.empNotes++
		} else {
			inv.appNotes++
		}
	}
	for _, ai := range g.ResumeApp {
		if ai >= 0 {
			inv.resumes++
		}
	}
	for _, ai := range g.PhotoApp {
		if ai >= 0 {
			inv.photos++
		}
	}
	inv.shipments = len(ds.Shipments) - g.Unattached[mosaic.KindShipments]
	inv.payroll = len(ds.Payroll) - g.Unattached[mosaic.KindPayroll]
	inv.signIns = ds.SignIns.Len()
	inv.signInsUsed = inv.signIns - g.Unattached[mosaic.KindOkta]
	for _, h := range ds.HostRows {
		if h.Query != "" {
			inv.hostRows++
		}
	}
	inv.hostRowsUsed = len(ds.HostRows) - g.Unattached[mosaic.KindOsquery]
	if fb != nil {
		for _, d := range fb.Dispositions {
			if d.Verdict == mosaic.VerdictConfirmed {
				inv.confirmed++
			}
		}
	}
	return inv
}

func nonEmpty(s string) int {
	if strings.TrimSpace(s) != "" {
		return 1
	}
	return 0
}

// ComputeCoverage says what a scan could see and do: the sources present
// (from the per-file accounting), what was left unread, which rules of the
// set had the data they rest on, and the accepted rows no person could use.
// It reads the linked graph only; a web page can show the result as it is.
func ComputeCoverage(g *link.Graph, stats []mosaic.FileStats, unread []bundle.Unread, set *rules.Set, fb *mosaic.Feedback, stage string) mosaic.Coverage {
	cov := mosaic.Coverage{
		Sources:    []mosaic.SourceCoverage{},
		Detections: []mosaic.DetectionCoverage{},
		Unused:     []mosaic.UnusedRows{},
	}
	index := map[mosaic.Kind]int{}
	for _, k := range coverageKinds {
		index[k] = len(cov.Sources)
		cov.Sources = append(cov.Sources, mosaic.SourceCoverage{Kind: k})
	}
	for _, f := range stats {
		i, ok := index[f.Kind]
		if !ok {
			i = len(cov.Sources)
			index[f.Kind] = i
			cov.Sources = append(cov.Sources, mosaic.SourceCoverage{Kind: f.Kind})
		}
		sc := &cov.Sources[i]
		sc.Files++
		sc.Accepted += f.Accepted
		sc.Present = sc.Accepted > 0
	}
	for _, u := range unread {
		cov.Unread = append(cov.Unread, mosaic.UnreadFile{Path: u.Path, Note: strings.TrimPrefix(u.Message(), u.Path+": ")})
	}
	if g == nil {
		return cov
	}
	inv := takeInventory(g, fb, stage)
	if set != nil {
		for _, r := range set.Rules() {
			why := inv.missing(r)
			cov.Detections = append(cov.Detections, mosaic.DetectionCoverage{RuleID: r.ID, Silo: r.Silo, Ran: why == "", Why: why})
		}
	}
	unused := func(k mosaic.Kind, n int, reason string) {
		if n > 0 {
			cov.Unused = append(cov.Unused, mosaic.UnusedRows{Kind: k, Rows: n, Reason: reason})
		}
	}
	unused(mosaic.KindOkta, g.Unattached[mosaic.KindOkta], "sign-ins of accounts not in the roster (no employees.csv work_email matches the account)")
	other := 0
	for _, h := range g.DS.HostRows {
		if h.Query == "" {
			other++
		}
	}
	unused(mosaic.KindOsquery, other, "osquery rows of other query packs (neither the query name nor the columns are ones mosaic reads)")
	unused(mosaic.KindOsquery, g.Unattached[mosaic.KindOsquery], "osquery rows of devices no shipment names (hostname or serial number not in shipments.csv)")
	unused(mosaic.KindShipments, g.Unattached[mosaic.KindShipments], "shipments to employee ids not in employees.csv")
	unused(mosaic.KindPayroll, g.Unattached[mosaic.KindPayroll], "payroll events of employee ids not in employees.csv")
	unused(mosaic.KindNotes, g.Unattached[mosaic.KindNotes], "notes about application or employee ids not in the bundle")
	unused(mosaic.KindResume, len(g.ResumeApp)-inv.resumes, "resumes no application names (by resume_file or application id)")
	unused(mosaic.KindPhoto, len(g.PhotoApp)-inv.photos, "photos no application names (by photo_file or application id)")
	return cov
}

// missing says what a rule lacks to run on this data, "" when it has it.
// A rule's needs follow from its silo, scope and family, and for rules
// about one identifier, from the identifier its id names.
func (inv inventory) missing(r rules.Rule) string {
	if inv.stage == StageApply && r.Silo != mosaic.SiloHiring && r.Silo != mosaic.SiloCluster {
		return "--stage apply reads application-stage data only"
	}
	has := func(n int, why string) string {
		if n > 0 {
			return ""
		}
		return why
	}
	first := func(whys ...string) string {
		for _, w := range whys {
			if w != "" {
				return w
			}
		}
		return ""
	}
	noApps := has(inv.apps, "no applications (applications.csv)")
	noEmps := has(inv.employees, "no employees (employees.csv)")
	id := r.ID
	switch r.Silo {
	case mosaic.SiloHiring:
		if r.Scope == rules.ScopeNote {
			return has(inv.appNotes, "no notes on applications (notes.csv, subject_type application)")
		}
		switch {
		case strings.Contains(id, "email"):
			return first(noApps, has(inv.appEmail, "no application has an email"))
		case strings.Contains(id, "phone"):
			return first(noApps, has(inv.appPhone, "no application has a phone"))
		case strings.Contains(id, "profile"):
			return first(noApps, has(inv.appProfiles, "no application has a LinkedIn or GitHub URL"))
		case strings.Contains(id, "reference"):
			return first(noApps, has(inv.appRefs, "no application names a reference"))
		case strings.Contains(id, "resume"):
			return first(noApps, has(inv.resumes, "no resume attached to an application (attachments/)"))
		case strings.Contains(id, "photo"):
			return first(noApps, has(inv.photos, "no photo attached to an application (attachments/)"))
		case r.Family == "network":
			return first(noApps, has(inv.appIP, "no application has a submit_ip"))
		case strings.Contains(id, "after_posting"):
			return first(noApps, has(inv.jobs, "no job postings (jobs.csv)"))
		}
		return noApps
	case mosaic.SiloHR:
		return first(noEmps, has(inv.empNotes, "no notes on employees (notes.csv, subject_type employee)"))
	case mosaic.SiloIdentity:
		if strings.Contains(id, "ssn") {
			return first(noEmps, has(inv.empSSN, "no employee has an ssn"))
		}
		return noEmps
	case mosaic.SiloOnboarding:
		return first(noEmps, has(inv.shipments, "no shipments of a known employee (shipments.csv)"))
	case mosaic.SiloPayroll:
		return first(noEmps, has(inv.payroll, "no payroll events of a known employee (payroll.csv)"))
	case mosaic.SiloNetwork:
		switch {
		case inv.signIns == 0:
			return "no sign-ins (okta/, entra/, google_workspace/ or ecs/)"
		case inv.signInsUsed == 0:
			return fmt.Sprintf("none of %d sign-ins is of an account in the roster (employees.csv work_email)", inv.signIns)
		case strings.Contains(id, "claimed_home"):
			return has(inv.empAddress, "no employee has a home address")
		}
		return ""
	case mosaic.SiloEndpoint:
		switch {
		case inv.hostRows == 0:
			return "no osquery rows of mosaic's queries (osquery/)"
		case inv.hostRowsUsed == 0:
			return "no osquery device matches a shipment's hostname or serial number"
		case strings.Contains(id, "timezone"):
			return has(inv.empTimezone, "no employee has a declared timezone")
		}
		return ""
	case mosaic.SiloCluster:
		if strings.Contains(id, "confirmed") {
			return has(inv.confirmed, "no subject is confirmed_fraud yet (mosaic feedback set)")
		}
		if strings.Contains(id, "hire") {
			return noEmps
		}
		return has(inv.apps+inv.employees, "no applications or employees")
	}
	return ""
}
