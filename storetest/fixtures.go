package storetest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// reportJSON is a real-shaped report, as `mosaic scan --format json` writes
// it (../shared/contract/report.md). It is embedded because the suite runs
// from other packages' directories.
//
//go:embed testdata/report.json
var reportJSON []byte

// Report returns a fresh copy of a real-shaped report: three subjects (one
// without signals) and one cluster with two links.
func Report(tb testing.TB) *mosaic.Report {
	tb.Helper()
	var r mosaic.Report
	dec := json.NewDecoder(bytes.NewReader(reportJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		tb.Fatalf("storetest: testdata/report.json: %v", err)
	}
	// Signal keys and subjects are not serialised; set them as the
	// pipeline would.
	for i := range r.Subjects {
		for j := range r.Subjects[i].Signals {
			g := &r.Subjects[i].Signals[j]
			g.Subject = r.Subjects[i].ID
			g.Key = fmt.Sprintf("%s#%d", g.RuleID, j)
		}
	}
	return &r
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Records returns one real-shaped record of every kind, in the shape the
// readers produce them (sensitive columns already hashed).
func Records() []mosaic.Record {
	return []mosaic.Record{
		mosaic.Job{ID: "JOB-0018", Title: "Senior Backend Engineer", PostedAt: at("2026-03-02T18:00:00Z"),
			Remote: true, Location: "Remote (US)", Origin: mosaic.Origin{File: "jobs.csv", Line: 19}},
		mosaic.Application{ID: "A0001276", CandidateID: "C001230", JobID: "JOB-0018",
			SubmittedAt: at("2026-04-30T11:02:00Z"), FirstName: "Kevin", LastName: "Morales",
			Email: "kevin.morales.dev@gmail.com", Phone: "+1 602 555 0143",
			Address: mosaic.Address{Line1: "4410 N 19th Ave", Line2: "Apt 12", City: "Phoenix",
				Region: "AZ", PostalCode: "85015", Country: "US"},
			LinkedInURL: "https://www.linkedin.com/in/kevin-morales-dev", GitHubURL: "https://github.com/kmorales-dev",
			Source: "linkedin", ResumeFile: "attachments/resumes/A0001276.txt",
			PhotoFile: "attachments/photos/A0001276.jpg",
			References: []mosaic.Reference{
				{Name: "Jason Lee", Email: "jlee.techlead@gmail.com", Phone: "+1 602 555 0188"},
				{Name: "Maria Chen", Email: "maria.chen.pm@outlook.com", Phone: "(480) 555-0107"}},
			SubmitIP: "45.137.21.9", UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			Origin: mosaic.Origin{File: "applications.csv", Line: 1277}},
		mosaic.Employee{ID: "E00252", CandidateID: "C001230", ApplicationID: "A0001276",
			FirstName: "Kevin", LastName: "Morales", WorkEmail: "kevin.morales252@northwind.example",
			PersonalEmail: "kevin.morales.dev@gmail.com", Phone: "+16025550143",
			Address: mosaic.Address{Line1: "4410 N 19th Ave", Line2: "Apt 12", City: "Phoenix",
				Region: "AZ", PostalCode: "85015", Country: "US"},
			Timezone: "America/Phoenix", HireDate: at("2026-05-18T00:00:00Z"), EmploymentType: "contractor",
			Vendor: "Apex Staffing LLC", Title: "Senior Backend Engineer",
			SSNHash: "hk1:ssn:9f2c4e7a0b5d8e1f3a6c9b2d5e8f1a4c", DOBHash: "hk1:dob:0d3f6a9c2e5b8d1f4a7c0e3b6d9f2a5c",
			Origin: mosaic.Origin{File: "employees.csv", Line: 253}},
		mosaic.Shipment{ID: "S000252", EmployeeID: "E00252", AssetTag: "AT-000252", SerialNumber: "XF771204",
			Hostname: "NW-LT-7712", RequestedAt: at("2026-05-11T00:00:00Z"), ShippedAt: at("2026-05-14T00:00:00Z"),
			DeliveredAt: at("2026-05-16T00:00:00Z"), ShipToName: "Kevin Morales",
			ShipTo: mosaic.Address{Line1: "2231 W Camelback Rd", City: "Phoenix", Region: "AZ",
				PostalCode: "85015", Country: "US"},
			AddressChangeRequestedAt: at("2026-05-13T16:20:00Z"), AddressChangeReason: "staying with a friend while my apartment is renovated",
			Origin: mosaic.Origin{File: "shipments.csv", Line: 253}},
		mosaic.PayrollEvent{ID: "PAY0000731", EmployeeID: "E00252", OccurredAt: at("2026-06-02T13:00:00Z"),
			Kind: "payment_method_change", PaymentProvider: "Payoneer", AccountHolder: "Kevin Morales",
			RoutingHash: "hk1:routing:51a2b3c4d5e6f708", AccountHash: "hk1:account:a7b8c9d0e1f20314",
			WalletHash: "", Amount: "", Currency: "USD",
			Origin: mosaic.Origin{File: "payroll.csv", Line: 732}},
		mosaic.Note{ID: "N000412", SubjectType: "application", SubjectID: "A0001276",
			OccurredAt: at("2026-05-06T15:30:00Z"), AuthorRole: "interviewer", Kind: "interview",
			Outcome: "concern", Text: "Camera stayed off, answers lagged, \"connection issues\" again.",
			Origin: mosaic.Origin{File: "notes.csv", Line: 413}},
		mosaic.SignIn{ID: "7c5fe2ea-0000-11ef-c581-f1fdf20c3ec0", Published: at("2026-05-19T02:14:06.123Z"),
			EventType: "user.session.start", Actor: "kevin.morales252@northwind.example", ActorName: "Kevin Morales",
			IP: "175.45.176.12", UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
			City: "Shenyang", Region: "Liaoning", Country: "China", Lat: 41.8057, Lon: 123.4315, HasGeo: true,
			ASNumber: 4837, ASOrg: "china unicom", ISP: "china unicom", IsProxy: mosaic.True,
			Outcome: "SUCCESS", DeviceFingerprint: "0000000000000000ce621d33975a4713",
			SessionID: "102236a9eaa1fd217c1",
			Origin:    mosaic.Origin{File: "okta/system_log.jsonl", Line: 18004, EventID: "7c5fe2ea-0000-11ef-c581-f1fdf20c3ec0"}},
		mosaic.HostRow{Query: "programs", Name: "pack_mosaic_programs", HostIdentifier: "NW-LT-7712",
			Hostname: "NW-LT-7712", Serial: "XF771204", Username: "kevin.morales252",
			Time: time.Unix(1779153600, 0), Action: "added",
			Columns: map[string]string{"name": "AnyDesk", "version": "8.0.9", "publisher": "AnyDesk Software GmbH", "install_date": "20260519"},
			Origin:  mosaic.Origin{File: "osquery/osqueryd.results.log", Line: 5120, EventID: "e3b0c44298fc1c149afbf4c8996fb924"}},
		mosaic.Resume{ApplicationID: "A0001276", Path: "attachments/resumes/A0001276.txt",
			Text:   "KEVIN MORALES\nSenior Backend Engineer\n\n8 years building Go and Java microservices…",
			Origin: mosaic.Origin{File: "attachments/resumes/A0001276.txt", Line: 0}},
		mosaic.Photo{ApplicationID: "A0001276", Path: "attachments/photos/A0001276.jpg",
			Origin: mosaic.Origin{File: "attachments/photos/A0001276.jpg"}},
	}
}

// TableOf names the table a record kind is stored in.
func TableOf(k mosaic.Kind) string {
	switch k {
	case mosaic.KindOkta:
		return "signins"
	case mosaic.KindOsquery:
		return "host_rows"
	case mosaic.KindResume:
		return "resumes"
	case mosaic.KindPhoto:
		return "photos"
	}
	return string(k) // jobs, applications, employees, shipments, payroll, notes
}

// SignIns returns n distinct, deterministic Okta sign-in events shaped like
// the sample bundle's: a few hundred actors, residential and hosting IPs,
// the odd proxy. The first argument makes the uuids of different calls
// distinct.
func SignIns(prefix string, n int) []mosaic.Record {
	recs := make([]mosaic.Record, n)
	base := at("2026-03-01T00:00:00Z")
	for i := range recs {
		actor := i % 700
		recs[i] = mosaic.SignIn{
			ID:                fmt.Sprintf("%s%08x-0000-11ef-c581-f1fdf20c3ec0", prefix, i),
			Published:         base.Add(time.Duration(i) * 37 * time.Second),
			EventType:         "user.session.start",
			Actor:             fmt.Sprintf("user%03d@northwind.example", actor),
			ActorName:         fmt.Sprintf("User %03d", actor),
			IP:                fmt.Sprintf("98.%d.%d.%d", 200+actor%50, i%251, (i*7)%253+1),
			UserAgent:         "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
			City:              "Boston",
			Region:            "Massachusetts",
			Country:           "United States",
			Lat:               42.43 + float64(i%100)/1000,
			Lon:               -70.99 - float64(i%100)/1000,
			HasGeo:            true,
			ASNumber:          7922,
			ASOrg:             "comcast cable communications, llc",
			ISP:               "comcast cable communications, llc",
			IsProxy:           mosaic.Tristate(1 + i%2),
			Outcome:           "SUCCESS",
			DeviceFingerprint: fmt.Sprintf("%032x", actor*7919),
			SessionID:         fmt.Sprintf("102%016x", i),
			Origin: mosaic.Origin{File: "okta/system_log.jsonl", Line: i + 1,
				EventID: fmt.Sprintf("%s%08x-0000-11ef-c581-f1fdf20c3ec0", prefix, i)},
		}
	}
	return recs
}

// HostRows returns n distinct, deterministic osquery rows.
func HostRows(prefix string, n int) []mosaic.Record {
	programs := []string{"Google Chrome", "Microsoft Teams", "Slack", "AnyDesk", "Zoom", "GlobalProtect"}
	recs := make([]mosaic.Record, n)
	for i := range recs {
		host := fmt.Sprintf("NW-LT-%04d", i%900)
		recs[i] = mosaic.HostRow{
			Query: "programs", Name: "pack_mosaic_programs", HostIdentifier: host, Hostname: host,
			Serial: fmt.Sprintf("TZ%06d", i%900), Username: fmt.Sprintf("user%03d", i%700),
			Time: time.Unix(1772413200+int64(i), 0), Action: "added",
			Columns: map[string]string{"name": programs[i%len(programs)], "version": fmt.Sprintf("%d.%d", i%30, i%7),
				"publisher": "Vendor", "install_date": "20260302"},
			Origin: mosaic.Origin{File: "osquery/osqueryd.results.log", Line: i + 1,
				EventID: fmt.Sprintf("%s%032x", prefix, i)},
		}
	}
	return recs
}

func fixedZone(name string, offset int) *time.Location { return time.FixedZone(name, offset) }

// nan and inf return non-finite numbers, varied by i so tests cover both
// signs.
func nan(int) float64 { return math.NaN() }

func inf(i int) float64 {
	if i%2 == 0 {
		return math.Inf(1)
	}
	return math.Inf(-1)
}
