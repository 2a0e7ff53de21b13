package link

import (
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
)

var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func build(records ...mosaic.Record) *Graph {
	ds := dataset.New()
	for _, r := range records {
		ds.Add(r)
	}
	return Build(ds)
}

func app(id, cand, email, phone, line1 string) mosaic.Application {
	return mosaic.Application{ID: id, CandidateID: cand, Email: email, Phone: phone, FirstName: "A", LastName: id, SubmittedAt: t0,
		Address: mosaic.Address{Line1: line1, City: "Austin", Region: "TX", PostalCode: "78701", Country: "US"},
		Origin:  mosaic.Origin{File: "applications.csv", Line: 2}}
}

func subjectOf(t *testing.T, g *Graph, appID string) *Subject {
	t.Helper()
	for i, a := range g.DS.Applications {
		if a.ID == appID {
			return g.Subjects[g.AppSubject[i]]
		}
	}
	t.Fatalf("no application %s", appID)
	return nil
}

func TestMergeOnCandidateIdAndEmail(t *testing.T) {
	g := build(
		app("A1", "C1", "jane.doe@gmail.com", "", "1 Oak St"),
		app("A2", "C1", "other@example.com", "", "1 Oak St"),
		app("A3", "C9", "Jane.Doe+jobs@googlemail.com", "", "1 Oak St"), // the ATS made a second candidate
		app("A4", "C4", "someone@example.com", "", "2 Elm St"),
	)
	if len(g.Subjects) != 2 {
		t.Fatalf("want 2 subjects, got %d", len(g.Subjects))
	}
	s := subjectOf(t, g, "A3")
	if s != subjectOf(t, g, "A1") || s != subjectOf(t, g, "A2") {
		t.Fatal("A1, A2, A3 should be one person")
	}
	if len(s.MergeReasons()) != 2 || s.Key != "S-A1" {
		t.Fatalf("merge not explained or key unstable: %+v", s)
	}
}

func TestAcrossStages(t *testing.T) {
	g := build(
		app("A1", "C1", "jane@example.com", "", "1 Oak St"),
		mosaic.Employee{ID: "E1", ApplicationID: "A1", WorkEmail: "Jane@Corp.example", Origin: mosaic.Origin{File: "employees.csv", Line: 2}},
		mosaic.Employee{ID: "E2", CandidateID: "C1", WorkEmail: "j2@corp.example"}, // joins through the candidate id
		mosaic.Employee{ID: "E3", WorkEmail: "bob@corp.example"},
		mosaic.Shipment{ID: "S1", EmployeeID: "E1", Hostname: "NW-LT-1", SerialNumber: "XF1"},
		mosaic.SignIn{ID: "u1", Actor: "jane@corp.example"},
		mosaic.SignIn{ID: "u2", Actor: "svc-backup@corp.example"},
		mosaic.HostRow{Hostname: "nw-lt-1.corp.example", Origin: mosaic.Origin{EventID: "h1"}},
		mosaic.HostRow{Serial: "XF1", Hostname: "renamed", Origin: mosaic.Origin{EventID: "h2"}},
		mosaic.PayrollEvent{ID: "P1", EmployeeID: "E3"},
		mosaic.Note{ID: "N1", SubjectType: "application", SubjectID: "A1"},
		mosaic.Resume{Path: "attachments/resumes/A1.txt", ApplicationID: "A1"},
	)
	s := subjectOf(t, g, "A1")
	if len(s.Employees()) != 2 || len(s.SignIns()) != 1 || len(s.HostRows()) != 2 || len(s.Shipments()) != 1 || len(s.Notes()) != 1 || len(s.Resumes()) != 1 {
		t.Fatalf("records not attached: %+v", s)
	}
	if g.Unattached[mosaic.KindOkta] != 1 {
		t.Fatalf("the service account should stay unattached: %v", g.Unattached)
	}
	if len(g.Subjects) != 2 {
		t.Fatalf("want 2 subjects, got %d", len(g.Subjects))
	}
}

func TestLinksAndClusters(t *testing.T) {
	g := build(
		app("A1", "C1", "a@example.com", "(602) 555-0143", "1 Oak St"),
		app("A2", "C2", "b@example.com", "602 555 0143", "9 Elm St"),
		app("A3", "C3", "c@example.com", "602-555-0143", "7 Ash St"),
		// a household: same address and landline, two people: not a link
		app("A4", "C4", "d@example.com", "(512) 555-0100", "5 Pine Rd Apt 2"),
		app("A5", "C5", "e@example.com", "512.555.0100", "5 Pine Road, Apt. 2"),
	)
	clusters, of := g.Clusters()
	if len(clusters) != 1 || len(clusters[0].Members) != 3 {
		t.Fatalf("want one cluster of 3, got %+v", clusters)
	}
	if of[g.AppSubject[3]] != -1 || of[g.AppSubject[4]] != -1 {
		t.Fatal("the household was clustered")
	}
	for _, e := range g.Links {
		if e.Explanation == "" || len(e.Evidence) == 0 {
			t.Fatalf("edge without explanation or evidence: %+v", e)
		}
	}
}

func TestCommonValuesAreNotEvidence(t *testing.T) {
	var recs []mosaic.Record
	for i := 0; i < MaxSharers+5; i++ {
		recs = append(recs, app("A"+string(rune('a'+i)), "C"+string(rune('a'+i)), string(rune('a'+i))+"@example.com", "(800) 555-0199", "1 Oak St Apt "+string(rune('a'+i))))
	}
	g := build(recs...)
	if len(g.Links) != 0 {
		t.Fatalf("a switchboard shared by %d made %d links", MaxSharers+5, len(g.Links))
	}
	if s := strength("phone", 12); s >= strength("phone", 2) {
		t.Fatal("strength must fall with commonness")
	}
}

// TestAgencySwitchboardIsNotALink: applicants a staffing agency put forward
// give its number, and so does a contractor it placed; that is one
// switchboard, not a ring. The same number given by an applicant who came
// on their own still links.
func TestAgencySwitchboardIsNotALink(t *testing.T) {
	viaAgency := func(a mosaic.Application, source string) mosaic.Application { a.Source = source; return a }
	g := build(
		viaAgency(app("A1", "C1", "a@example.com", "(984) 497-1467", "1 Oak St"), "agency"),
		viaAgency(app("A2", "C2", "b@example.com", "984.497.1467", "9 Elm St"), "Staffing firm: Apex Talent"),
		app("A3", "C3", "c@example.com", "+1 984 497 1467", "7 Ash St"),
		mosaic.Employee{ID: "E3", ApplicationID: "A3", Vendor: "Apex Talent Partners", Phone: "984-497-1467"},
	)
	if len(g.Links) != 0 {
		t.Fatalf("an agency switchboard made links: %+v", g.Links)
	}
	g = build(
		viaAgency(app("A1", "C1", "a@example.com", "(984) 497-1467", "1 Oak St"), "agency"),
		viaAgency(app("A2", "C2", "b@example.com", "984.497.1467", "9 Elm St"), "linkedin"),
	)
	if len(g.Links) != 1 {
		t.Fatalf("a number shared beyond the agency should link, got %+v", g.Links)
	}
}

// TestNamesakesBehindAnAgencySwitchboardStayApart: two people named Michael
// Smith put forward by one agency give its number; they are two people. A
// repeat applicant who came on their own, with the same phone and name and
// a new email, is one.
func TestNamesakesBehindAnAgencySwitchboardStayApart(t *testing.T) {
	named := func(a mosaic.Application, source string) mosaic.Application {
		a.FirstName, a.LastName, a.Source = "Michael", "Smith", source
		return a
	}
	g := build(
		named(app("A1", "C1", "msmith@example.com", "(984) 497-1467", "1 Oak St"), "agency"),
		named(app("A2", "C2", "michael.smith77@example.com", "984.497.1467", "9 Elm St"), "agency"),
		named(app("A3", "C3", "mike@example.com", "(602) 555-0143", "4 Ash St"), "linkedin"),
		named(app("A4", "C4", "m.smith.dev@example.com", "602-555-0143", "4 Ash St"), "indeed"),
		// the agency sent one person twice: same phone, name and home
		named(app("A5", "C5", "ms1@example.com", "(984) 497-1467", "7 Birch Ln Apt 3"), "Staffing agency"),
		named(app("A6", "C6", "ms2@example.net", "984 497 1467", "7 Birch Lane, #3"), "agency"),
	)
	if subjectOf(t, g, "A1") == subjectOf(t, g, "A2") || subjectOf(t, g, "A1") == subjectOf(t, g, "A5") {
		t.Fatal("namesakes behind an agency switchboard were merged")
	}
	if subjectOf(t, g, "A3") != subjectOf(t, g, "A4") {
		t.Fatal("a repeat applicant with the same phone and name should be one person")
	}
	if s := subjectOf(t, g, "A5"); s != subjectOf(t, g, "A6") || len(s.MergeReasons()) != 1 || !strings.Contains(s.MergeReasons()[0], "phone, name and home") {
		t.Fatalf("an agency's repeat applicant (same phone, name and home) should be one person, with the reason: %+v", s)
	}
}

// TestCarrierNATAddressIsNotALink: two strangers who applied from their
// phones on one mobile carrier can leave the same address (carrier-grade
// NAT); told so, the linker does not link them. A home address still links.
func TestCarrierNATAddressIsNotALink(t *testing.T) {
	a := app("A1", "C1", "one@example.com", "", "1 Oak St")
	b := app("A2", "C2", "two@example.com", "", "9 Elm St")
	a.SubmitIP, b.SubmitIP = "172.58.10.20", "172.58.10.20"
	ds := dataset.New()
	ds.Add(a)
	ds.Add(b)
	kinds := func(g *Graph) int {
		n := 0
		for _, l := range g.Links {
			if l.Kind == "submit_ip" {
				n++
			}
		}
		return n
	}
	if n := kinds(Build(ds)); n != 1 {
		t.Fatalf("without knowing the carrier, one submit_ip link expected, got %d", n)
	}
	carrier := func(ip string) bool { return ip == "172.58.10.20" }
	if n := kinds(BuildWith(ds, Options{SharedIP: carrier})); n != 0 {
		t.Fatalf("a carrier NAT address made %d links", n)
	}
}

// One person, two employee records: a contractor converted to an employee
// under a new id, and someone who left, married and came back under a new
// family name. Each is one subject. A stolen SSN under another name, or
// one identity employed twice at once under two family names, is not.
func TestOneIdentityAcrossEmployeeRecords(t *testing.T) {
	day := 24 * time.Hour
	emp := func(id, first, last, ssn, dob string, hired, left time.Time) mosaic.Employee {
		return mosaic.Employee{ID: id, FirstName: first, LastName: last, SSNHash: ssn, DOBHash: dob, HireDate: hired, TerminationDate: left,
			Address: mosaic.Address{Line1: "1 Oak St", City: "Austin", Region: "TX", PostalCode: "78701", Country: "US"}}
	}
	g := build(
		app("A1", "C1", "minjun@example.com", "", "1 Oak St"),
		// Converted contractor: a new id, the name written another way.
		emp("E1", "Min-jun", "Park", "s1", "d1", t0.Add(-400*day), t0.Add(-30*day)),
		mosaic.Employee{ID: "E2", ApplicationID: "A1", FirstName: "Minjun", LastName: "Pak", SSNHash: "s1", DOBHash: "d1", HireDate: t0.Add(-30 * day)},
		// A name change between two employments.
		emp("E3", "Jessica", "Brown", "s2", "d2", t0.Add(-900*day), t0.Add(-300*day)),
		emp("E4", "Jessica", "Okafor", "s2", "d2", t0.Add(-100*day), time.Time{}),
		// The same SSN under another name: a stolen identity.
		emp("E5", "Kevin", "Lee", "s3", "d3", t0.Add(-200*day), time.Time{}),
		emp("E6", "Mark", "Jones", "s3", "d3", t0.Add(-100*day), time.Time{}),
		// One given name, two family names, employed at once.
		emp("E7", "Ana", "Silva", "s4", "d4", t0.Add(-200*day), time.Time{}),
		emp("E8", "Ana", "Costa", "s4", "d4", t0.Add(-100*day), time.Time{}),
		// The same SSN and name but another birth date: not merged here.
		emp("E9", "Wei", "Wang", "s5", "d5", t0.Add(-200*day), t0.Add(-150*day)),
		emp("E10", "Wei", "Wang", "s5", "d6", t0.Add(-100*day), time.Time{}),
		mosaic.PayrollEvent{ID: "P1", EmployeeID: "E1"},
		mosaic.PayrollEvent{ID: "P2", EmployeeID: "E4"},
	)
	subj := func(emp string) int {
		si, ok := g.SubjectOfEmployee(emp)
		if !ok {
			t.Fatalf("no subject for %s", emp)
		}
		return si
	}
	if subj("E1") != subj("E2") || subj("E1") != g.AppSubject[0] {
		t.Error("the converted contractor is two people")
	}
	if subj("E3") != subj("E4") {
		t.Error("the name change is two people")
	}
	for _, pair := range [][2]string{{"E5", "E6"}, {"E7", "E8"}, {"E9", "E10"}} {
		if subj(pair[0]) == subj(pair[1]) {
			t.Errorf("%s and %s merged", pair[0], pair[1])
		}
	}
	if len(g.Subjects) != 8 {
		t.Errorf("%d subjects, want 8", len(g.Subjects))
	}
	s := g.Subjects[subj("E4")]
	if len(s.Employees()) != 2 || len(s.Payroll()) != 1 || s.Key != "S-E3" {
		t.Errorf("records not moved: %+v %+v", s, s.Records)
	}
	found := false
	for _, r := range s.MergeReasons() {
		found = found || strings.Contains(r, "name change")
	}
	if !found {
		t.Errorf("merge not explained: %v", s.MergeReasons())
	}
	for si, s := range g.Subjects {
		for _, e := range s.Employees() {
			if g.EmpSubject[e] != si {
				t.Errorf("employee %d indexed to %d, held by %d", e, g.EmpSubject[e], si)
			}
		}
	}
}
