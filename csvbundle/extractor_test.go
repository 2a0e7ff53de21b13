package csvbundle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// extractFile reads one file with x and returns what was emitted.
func extractFile(t *testing.T, x *Extractor, kind mosaic.Kind, path string) (*fakeEmitter, error) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	emit := &fakeEmitter{}
	err = x.Extract(context.Background(), mosaic.File{Path: filepath.ToSlash(path), Abs: abs, Kind: kind}, emit)
	return emit, err
}

// writeFile writes content to a file in a fresh temporary folder.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestExtractGoodFiles(t *testing.T) {
	h := &fakeHasher{}
	x := New(h, nil, nil)
	origin := func(file string, line int) mosaic.Origin {
		return mosaic.Origin{File: "testdata/good/" + file, Line: line}
	}
	tests := []struct {
		kind mosaic.Kind
		want []mosaic.Record
	}{
		{mosaic.KindJobs, []mosaic.Record{
			mosaic.Job{ID: "JOB-0001", Title: "Machine Learning Engineer", PostedAt: at("2026-03-07T18:00:00Z"), Remote: true, Location: "Remote (US)", Origin: origin("jobs.csv", 2)},
			mosaic.Job{ID: "JOB-0002", Title: "Full Stack Developer, Payments", PostedAt: at("2026-03-25T09:00:00Z"), Remote: true, Location: "Austin, TX", Origin: origin("jobs.csv", 3)},
			mosaic.Job{ID: "JOB-0003", Title: "Site Reliability Engineer", PostedAt: at("2026-04-01T14:30:00.25Z"), Origin: origin("jobs.csv", 4)},
			mosaic.Job{ID: "JOB-0004", Title: "Data Analyst", PostedAt: at("2026-04-02T00:00:00Z"), Location: "Remote (Global)", Origin: origin("jobs.csv", 5)},
		}},
		{mosaic.KindApplications, []mosaic.Record{
			mosaic.Application{
				ID: "A0000001", CandidateID: "C000001", JobID: "JOB-0001", SubmittedAt: at("2026-03-03T23:35:00Z"),
				FirstName: "William", LastName: "Brown", Email: "williambrown@icloud.com", Phone: "213.529.1699",
				Address:     mosaic.Address{Line1: "7822 Jefferson Ct.", City: "Boston", Region: "MA", PostalCode: "02160", Country: "US"},
				LinkedInURL: "https://linkedin.com/in/williambrown535/", GitHubURL: "https://github.com/williambrown",
				Source: "indeed", ResumeFile: "attachments/resumes/A0000001.txt", PhotoFile: "attachments/photos/A0000001.jpg",
				References: []mosaic.Reference{
					{Name: "Donna Lopez", Email: "donnalopez@hotmail.com", Phone: "+13106088420"},
					{Name: "Lei Rossi", Email: "leirossi@gmail.com", Phone: "+13108053851"},
				},
				SubmitIP:  "104.131.246.148",
				UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
				Origin:    origin("applications.csv", 2),
			},
			mosaic.Application{
				ID: "A0000002", CandidateID: "C000002", JobID: "JOB-0002", SubmittedAt: at("2026-03-04T00:57:00Z"),
				FirstName: "José", LastName: "Núñez", Email: "jose.nunez@example.com", Phone: "+1 312 931 5762",
				Address: mosaic.Address{Line1: "668 Highland Way\nUnit 4", City: "Phoenix", Region: "AZ", PostalCode: "85002", Country: "US"},
				Source:  "referral", SubmitIP: "51.81.153.166", UserAgent: "curl/8.5.0",
				Origin: origin("applications.csv", 3),
			},
			mosaic.Application{
				ID: "A0000003", CandidateID: "C000002", JobID: "JOB-0003", SubmittedAt: at("2026-03-05T09:00:00Z"),
				FirstName: "José", LastName: "Núñez", Email: "jose.nunez@example.com", Source: "agency",
				// Only the second reference was given; the empty first is dropped.
				References: []mosaic.Reference{{Name: "Amara Lim", Phone: "+13105873965"}},
				Origin:     origin("applications.csv", 5),
			},
		}},
		{mosaic.KindEmployees, []mosaic.Record{
			mosaic.Employee{
				ID: "E00011", FirstName: "Eun-ji", LastName: "Carter", WorkEmail: "eunji.carter11@northwind.example",
				PersonalEmail: "carter_eunji70@aol.com", Phone: "+12145790186",
				Address:  mosaic.Address{Line1: "5451 Walnut Drive", Line2: "Apt 33", City: "Dallas", Region: "TX", PostalCode: "75238", Country: "US"},
				Timezone: "America/Chicago", HireDate: at("2021-09-16T00:00:00Z"), EmploymentType: "employee", Title: "Platform Engineer",
				SSNHash: h.Hash("ssn", "784886210"), DOBHash: h.Hash("date_of_birth", "1990-03-14"),
				Origin: origin("employees.csv", 2),
			},
			mosaic.Employee{
				ID: "E00037", CandidateID: "C000002", ApplicationID: "A0000002", FirstName: "José", LastName: "Núñez",
				WorkEmail: "jose.nunez@northwind.example", PersonalEmail: "jose.nunez@example.com", Phone: "+13129315762",
				Address:  mosaic.Address{Line1: "668 Highland Way", City: "Phoenix", Region: "AZ", PostalCode: "85002", Country: "US"},
				Timezone: "America/Phoenix", HireDate: at("2026-04-20T00:00:00Z"), TerminationDate: at("2026-06-30T00:00:00Z"),
				EmploymentType: "contractor", Vendor: "Apex Staffing", Title: "Full Stack Developer",
				SSNHash: h.Hash("ssn", "356808166"), DOBHash: h.Hash("date_of_birth", "1973-06-02"),
				Origin: origin("employees.csv", 3),
			},
			// 000-00-0000 is a filler, not an SSN: it must not link people.
			mosaic.Employee{
				ID: "E00040", FirstName: "Sam", LastName: "Lee", WorkEmail: "sam.lee@northwind.example",
				HireDate: at("2024-01-08T00:00:00Z"), EmploymentType: "employee", Title: "Analyst",
				Origin: origin("employees.csv", 4),
			},
		}},
		{mosaic.KindShipments, []mosaic.Record{
			mosaic.Shipment{
				ID: "S000001", EmployeeID: "E00011", AssetTag: "AT-000001", SerialNumber: "XF718256", Hostname: "NW-LT-8270",
				RequestedAt: at("2021-09-09T00:00:00Z"), ShippedAt: at("2021-09-12T00:00:00Z"), DeliveredAt: at("2021-09-14T00:00:00Z"),
				ShipToName: "Eun-ji Carter",
				ShipTo:     mosaic.Address{Line1: "5451 Walnut Drive", Line2: "Apt 33", City: "Dallas", Region: "TX", PostalCode: "75238", Country: "US"},
				Origin:     origin("shipments.csv", 2),
			},
			mosaic.Shipment{
				ID: "S000002", EmployeeID: "E00037", AssetTag: "AT-000002", SerialNumber: "TE488376", Hostname: "NW-MBP-3942",
				RequestedAt: at("2026-04-13T00:00:00Z"), ShippedAt: at("2026-04-15T00:00:00Z"),
				ShipToName:               "Jose Nunez",
				ShipTo:                   mosaic.Address{Line1: "12 Warehouse Rd, Suite 9", City: "Tacoma", Region: "WA", PostalCode: "98402", Country: "US"},
				AddressChangeRequestedAt: at("2026-04-14T18:22:00Z"),
				AddressChangeReason:      `Moving to my cousin's place, "temporarily"`,
				Origin:                   origin("shipments.csv", 3),
			},
		}},
		{mosaic.KindPayroll, []mosaic.Record{
			mosaic.PayrollEvent{
				ID: "PAY0000001", EmployeeID: "E00011", OccurredAt: at("2026-03-04T13:00:00Z"), Kind: "direct_deposit_change",
				BankName: "Capital One", BankCountry: "US", RoutingHash: h.Hash("routing_number", "018802177"),
				AccountHash: h.Hash("account_number", "668989628"), AccountHolder: "Eun-ji Carter",
				Origin: origin("payroll.csv", 2),
			},
			mosaic.PayrollEvent{
				ID: "PAY0000002", EmployeeID: "E00037", OccurredAt: at("2026-05-01T09:00:00Z"), Kind: "payment_method_change",
				PaymentProvider: "USDT (ERC-20)", WalletHash: h.Hash("wallet_address", "0x52908400098527886e0f7030069857d2e4169ee7"),
				Origin: origin("payroll.csv", 3),
			},
			mosaic.PayrollEvent{
				ID: "PAY0000003", EmployeeID: "E00037", OccurredAt: at("2026-05-15T09:00:00Z"), Kind: "payment",
				BankName: "Wise", BankCountry: "GB", AccountHash: h.Hash("account_number", "GB29NWBK60161331926819"),
				AccountHolder: "Jose Nunez", PaymentProvider: "Wise", Amount: "4200.00", Currency: "USD",
				Origin: origin("payroll.csv", 4),
			},
		}},
		{mosaic.KindNotes, []mosaic.Record{
			mosaic.Note{ID: "N000001", SubjectType: "application", SubjectID: "A0000001", OccurredAt: at("2026-05-13T00:36:00Z"),
				AuthorRole: "interviewer", Kind: "interview", Outcome: "pass", Text: "Strong system design answers; clear communicator.",
				Origin: origin("notes.csv", 2)},
			mosaic.Note{ID: "N000002", SubjectType: "employee", SubjectID: "E00037", OccurredAt: at("2026-05-20T17:51:00Z"),
				AuthorRole: "it", Kind: "observation", Outcome: "concern", Text: "Camera off again.\nAsked to verify identity, said \"later\".",
				Origin: origin("notes.csv", 3)},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			emit, err := extractFile(t, x, tt.kind, "testdata/good/"+x.mapping.FileName(tt.kind))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if len(emit.rejects) > 0 {
				t.Errorf("rejects: %+v", emit.rejects)
			}
			if len(emit.accepted) != len(tt.want) {
				t.Fatalf("accepted %d records, want %d: %+v", len(emit.accepted), len(tt.want), emit.accepted)
			}
			for i := range tt.want {
				if !reflect.DeepEqual(emit.accepted[i], tt.want[i]) {
					t.Errorf("record %d:\n got %+v\nwant %+v", i, emit.accepted[i], tt.want[i])
				}
			}
		})
	}
}

// wantReject is a reject a broken file must produce; reason is a fragment.
type wantReject struct {
	line   int
	column string
	reason string
}

func checkRejects(t *testing.T, got []mosaic.Reject, file string, want []wantReject) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rejects, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.File != file || g.Line != w.line || g.Column != w.column || !strings.Contains(g.Reason, w.reason) {
			t.Errorf("reject %d = %+v; want file %s line %d column %q reason containing %q", i, g, file, w.line, w.column, w.reason)
		}
	}
}

func ids(records []mosaic.Record) []string {
	var out []string
	for _, r := range records {
		switch r := r.(type) {
		case mosaic.Job:
			out = append(out, r.ID)
		case mosaic.Application:
			out = append(out, r.ID)
		case mosaic.Employee:
			out = append(out, r.ID)
		case mosaic.PayrollEvent:
			out = append(out, r.ID)
		}
	}
	return out
}

func TestExtractBrokenFiles(t *testing.T) {
	tests := []struct {
		kind     mosaic.Kind
		file     string
		accepted []string
		rejects  []wantReject
	}{
		{mosaic.KindApplications, "testdata/broken/applications.csv", []string{"A1", "A8", "A10"}, []wantReject{
			{3, "", "the row has 7 fields but the header has 8"},
			{4, "", "the row has 9 fields but the header has 8"},
			{5, "job_id", "job_id is required but empty"},
			{6, "submitted_at", "submitted_at is required but empty"},
			{7, "submitted_at", "submitted_at is not a time; expected RFC 3339"},
			{8, "city", "city is not valid UTF-8"},
			{11, "first_name", `the value in column "first_name" has text after its closing quote`},
		}},
		{mosaic.KindEmployees, "testdata/broken/employees.csv", []string{"E1", "E4"}, []wantReject{
			{3, "hire_date", "hire_date is not a date; expected YYYY-MM-DD"},
			{4, "date_of_birth", "date_of_birth is not a date; expected YYYY-MM-DD"},
			{6, "ssn", "ssn is not valid UTF-8"},
			{7, "employee_id", "employee_id is required but empty"},
		}},
		{mosaic.KindJobs, "testdata/broken/jobs.csv", []string{"J2"}, []wantReject{
			{2, "remote", "remote is not true or false; expected true/false, yes/no or 1/0"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			emit, err := extractFile(t, New(&fakeHasher{}, nil, nil), tt.kind, tt.file)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			checkRejects(t, emit.rejects, tt.file, tt.rejects)
			if got := ids(emit.accepted); !reflect.DeepEqual(got, tt.accepted) {
				t.Errorf("accepted %v, want %v", got, tt.accepted)
			}
		})
	}
}

func TestExtractFileErrors(t *testing.T) {
	x := New(&fakeHasher{}, nil, nil)
	tests := []struct {
		name     string
		kind     mosaic.Kind
		path     string
		code     string
		contains []string
	}{
		{"missing required columns", mosaic.KindPayroll, "testdata/broken/payroll-missing-columns.csv", mosaic.EINVALID,
			[]string{"testdata/broken/payroll-missing-columns.csv", "required columns are missing", "event_id", "employee_id"}},
		{"empty file", mosaic.KindJobs, writeFile(t, "jobs.csv", ""), mosaic.EINVALID, []string{"is empty"}},
		{"blank lines only", mosaic.KindJobs, writeFile(t, "jobs.csv", "\n\r\n\n"), mosaic.EINVALID, []string{"is empty"}},
		{"header with broken quote", mosaic.KindJobs, writeFile(t, "jobs.csv", "job_id,\"posted\"_at\n"), mosaic.EINVALID,
			[]string{"header row is not valid CSV", "column 2"}},
		{"semicolons", mosaic.KindJobs, writeFile(t, "jobs.csv", "job_id;posted_at\nJ1;2026-01-01\n"), mosaic.EINVALID,
			[]string{"job_id, posted_at", "separate values with semicolons"}},
		{"tabs", mosaic.KindJobs, writeFile(t, "jobs.csv", "job_id\tposted_at\n"), mosaic.EINVALID, []string{"with tabs"}},
		{"no such file", mosaic.KindJobs, "testdata/good/nope.csv", mosaic.ENOTFOUND, []string{"nope.csv does not exist"}},
		{"kind not read here", mosaic.KindOkta, "testdata/good/jobs.csv", mosaic.EINVALID, []string{`kind "okta"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emit, err := extractFile(t, x, tt.kind, tt.path)
			if mosaic.ErrorCode(err) != tt.code {
				t.Fatalf("error %v (code %q), want code %q", err, mosaic.ErrorCode(err), tt.code)
			}
			for _, s := range tt.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			if len(emit.accepted)+len(emit.rejects) != 0 {
				t.Errorf("rows emitted for a file that cannot be read: %+v %+v", emit.accepted, emit.rejects)
			}
		})
	}
}

func TestExtractExcelSeparatorLine(t *testing.T) {
	emit, err := extractFile(t, New(&fakeHasher{}, nil, nil), mosaic.KindJobs,
		writeFile(t, "jobs.csv", "sep=,\r\njob_id,posted_at\r\nJ1,2026-01-01\r\n"))
	if err != nil || len(emit.accepted) != 1 || emit.accepted[0].RecordOrigin().Line != 3 {
		t.Fatalf("got %v, %+v", err, emit.accepted)
	}
}

func TestExtractHeaderOnly(t *testing.T) {
	emit, err := extractFile(t, New(&fakeHasher{}, nil, nil), mosaic.KindJobs, writeFile(t, "jobs.csv", "job_id,posted_at\r\n"))
	if err != nil || len(emit.accepted)+len(emit.rejects) != 0 {
		t.Fatalf("got %v, %d rows; want no error and no rows", err, len(emit.accepted)+len(emit.rejects))
	}
}

func TestExtractWithMapping(t *testing.T) {
	m, err := LoadMapping("testdata/mapped/mapping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.FileName(mosaic.KindApplications); got != "exports/candidate_export.csv" {
		t.Errorf("FileName(applications) = %q", got)
	}
	log, logs := newTestLogger()
	h := &fakeHasher{}
	x := New(h, m, log)

	emit, err := extractFile(t, x, mosaic.KindApplications, "testdata/mapped/"+m.FileName(mosaic.KindApplications))
	if err != nil {
		t.Fatal(err)
	}
	if len(emit.rejects) != 0 {
		t.Fatalf("rejects: %+v", emit.rejects)
	}
	want := []mosaic.Application{
		{ID: "1001", CandidateID: "77", JobID: "REQ-9", SubmittedAt: at("2026-04-18T14:39:00Z"), FirstName: "Ann", LastName: "Lee",
			Email: "ann@example.com", Address: mosaic.Address{City: "Boston"}, Source: "LinkedIn",
			Origin: mosaic.Origin{File: "testdata/mapped/exports/candidate_export.csv", Line: 2}},
		{ID: "1002", CandidateID: "78", JobID: "REQ-9", SubmittedAt: at("2026-04-19T08:00:00Z"), FirstName: "Bo", LastName: "Kim",
			Email: "bo@example.com", Address: mosaic.Address{City: "Austin"}, Source: "Referral",
			Origin: mosaic.Origin{File: "testdata/mapped/exports/candidate_export.csv", Line: 3}},
	}
	for i := range want {
		if !reflect.DeepEqual(emit.accepted[i], want[i]) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, emit.accepted[i], want[i])
		}
	}
	// Unknown columns are named, once.
	out := logs.String()
	if strings.Count(out, "csv columns ignored") != 1 || !strings.Contains(out, `\"Favourite Colour\", \"Notes\"`) {
		t.Errorf("want one warning naming the ignored columns, got:\n%s", out)
	}

	emit, err = extractFile(t, x, mosaic.KindEmployees, "testdata/mapped/roster.csv")
	if err != nil || len(emit.rejects) != 0 {
		t.Fatalf("roster: %v %+v", err, emit.rejects)
	}
	e := emit.accepted[0].(mosaic.Employee)
	if e.ID != "W-1" || e.FirstName != "Ann" || !e.HireDate.Equal(at("2026-04-18T00:00:00Z")) ||
		h.input(e.SSNHash) != "ssn=523456789" || h.input(e.DOBHash) != "date_of_birth=1990-03-14" {
		t.Errorf("roster record %+v (ssn %q, dob %q)", e, h.input(e.SSNHash), h.input(e.DOBHash))
	}
}

func TestExtractMappedRequiredColumnMissing(t *testing.T) {
	m, err := ParseMapping("m.yaml", []byte("files:\n  jobs:\n    columns:\n      posted_at: Opened\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = extractFile(t, New(&fakeHasher{}, m, nil), mosaic.KindJobs, writeFile(t, "jobs.csv", "job_id,title\nJ1,x\n"))
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(err.Error(), `posted_at (looked for "Opened", "posted_at")`) {
		t.Fatalf("got %v", err)
	}
}

func TestExtractReadEqualsAcceptedPlusRejected(t *testing.T) {
	// Every data row of the broken files gives exactly one Accept or Reject.
	for file, rows := range map[string]int{"testdata/broken/applications.csv": 10, "testdata/broken/employees.csv": 6} {
		kind := mosaic.KindApplications
		if strings.Contains(file, "employees") {
			kind = mosaic.KindEmployees
		}
		emit, err := extractFile(t, New(&fakeHasher{}, nil, nil), kind, file)
		if err != nil {
			t.Fatal(err)
		}
		if emit.calls != rows || len(emit.accepted)+len(emit.rejects) != rows {
			t.Errorf("%s: %d calls, %d accepted + %d rejected; want %d rows", file, emit.calls, len(emit.accepted), len(emit.rejects), rows)
		}
	}
}

func TestExtractStopsOnEmitterError(t *testing.T) {
	x := New(&fakeHasher{}, nil, nil)
	abs, _ := filepath.Abs("testdata/broken/applications.csv")
	emit := &fakeEmitter{failAfter: 3}
	err := x.Extract(context.Background(), mosaic.File{Path: "applications.csv", Abs: abs, Kind: mosaic.KindApplications}, emit)
	if !errors.Is(err, errEmitterFull) || emit.calls != 3 {
		t.Fatalf("got %v after %d calls; want the emitter's error after 3", err, emit.calls)
	}
}

func TestExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	abs, _ := filepath.Abs("testdata/good/jobs.csv")
	emit := &fakeEmitter{}
	err := New(&fakeHasher{}, nil, nil).Extract(ctx, mosaic.File{Path: "jobs.csv", Abs: abs, Kind: mosaic.KindJobs}, emit)
	if !errors.Is(err, context.Canceled) || emit.calls != 0 {
		t.Fatalf("got %v, %d calls", err, emit.calls)
	}
}

func TestExtractWithoutHasher(t *testing.T) {
	_, err := extractFile(t, New(nil, nil, nil), mosaic.KindJobs, "testdata/good/jobs.csv")
	if mosaic.ErrorCode(err) != mosaic.EINTERNAL {
		t.Fatalf("got %v", err)
	}
}

// TestExtractConcurrently shares one Extractor between goroutines; run it
// with -race.
func TestExtractConcurrently(t *testing.T) {
	x := New(&fakeHasher{}, nil, nil)
	for _, k := range x.Kinds() {
		for i := range 3 {
			t.Run(string(k)+string(rune('0'+i)), func(t *testing.T) {
				t.Parallel()
				emit, err := extractFile(t, x, k, "testdata/good/"+DefaultMapping().FileName(k))
				if err != nil || len(emit.rejects) != 0 || len(emit.accepted) == 0 {
					t.Errorf("%s: %v, %d rejects, %d accepted", k, err, len(emit.rejects), len(emit.accepted))
				}
			})
		}
	}
}

func TestKinds(t *testing.T) {
	want := []mosaic.Kind{mosaic.KindJobs, mosaic.KindApplications, mosaic.KindEmployees, mosaic.KindShipments, mosaic.KindPayroll, mosaic.KindNotes}
	x := New(&fakeHasher{}, nil, nil)
	got := x.Kinds()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Kinds() = %v", got)
	}
	got[0] = "mutated"
	if x.Kinds()[0] != mosaic.KindJobs {
		t.Fatal("Kinds() exposes internal state")
	}
}
