package natsqueue

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

var update = flag.Bool("update", false, "rewrite testdata/v1.jsonl from the fixtures")

// everyKind is one record of every kind with every field set, so a field
// the encoding dropped or garbled fails the round trip.
func everyKind() []mosaic.Record {
	at := func(day int) time.Time { return time.Date(2026, 3, day, 9, 30, 15, 123456789, time.UTC) }
	o := func(file string, line int) mosaic.Origin {
		return mosaic.Origin{File: file, Line: line, EventID: file + "-ev"}
	}
	addr := mosaic.Address{Line1: "1 Main St", Line2: "Apt 2", City: "Phoenix", Region: "AZ", PostalCode: "85001", Country: "US"}
	return []mosaic.Record{
		mosaic.Job{ID: "J1", Title: "Engineer", PostedAt: at(1), Remote: true, Location: "Remote", Origin: o("jobs.csv", 2)},
		mosaic.Application{ID: "A1", CandidateID: "C1", JobID: "J1", SubmittedAt: at(2), FirstName: "Given", LastName: "Family",
			Email: "g@example.org", Phone: "+16025550100", Address: addr, LinkedInURL: "https://linkedin.com/in/x",
			GitHubURL: "https://github.com/x", Source: "referral", ResumeFile: "resumes/A1.pdf", PhotoFile: "photos/A1.jpg",
			References: []mosaic.Reference{{Name: "Ref One", Email: "r1@example.org", Phone: "+16025550101"}, {Name: "Ref Two"}},
			SubmitIP:   "203.0.113.7", UserAgent: "Mozilla/5.0 \"quoted\" <tag> é", Origin: o("applications.csv", 3)},
		mosaic.Employee{ID: "E1", CandidateID: "C1", ApplicationID: "A1", FirstName: "Given", LastName: "Family",
			WorkEmail: "g@corp.example", PersonalEmail: "g@example.org", Phone: "+16025550100", Address: addr,
			Timezone: "America/Phoenix", HireDate: at(3), TerminationDate: at(28), EmploymentType: "contractor",
			Vendor: "Acme Staffing", Title: "Engineer", SSNHash: "h:ssn", DOBHash: "h:dob", Origin: o("employees.csv", 4)},
		mosaic.Shipment{ID: "S1", EmployeeID: "E1", AssetTag: "AT1", SerialNumber: "SN1", Hostname: "lt-1",
			RequestedAt: at(4), ShippedAt: at(5), DeliveredAt: at(6), ShipToName: "Given Family", ShipTo: addr,
			AddressChangeRequestedAt: at(5), AddressChangeReason: "moved", Origin: o("shipments.csv", 5)},
		mosaic.PayrollEvent{ID: "P1", EmployeeID: "E1", OccurredAt: at(7), Kind: "direct_deposit_change", BankName: "Bank",
			BankCountry: "US", RoutingHash: "h:rt", AccountHash: "h:acct", AccountHolder: "Given Family",
			PaymentProvider: "deel", WalletHash: "h:wallet", Amount: "1234.56", Currency: "USD", Origin: o("payroll.csv", 6)},
		mosaic.Note{ID: "N1", SubjectType: "employee", SubjectID: "E1", OccurredAt: at(8), AuthorRole: "it",
			Kind: "camera_off", Outcome: "concern", Text: "line one\nline two\t\u2028", Origin: o("notes.csv", 7)},
		mosaic.SignIn{ID: "uuid-1", Published: at(9), EventType: "user.session.start", Actor: "g@corp.example",
			ActorName: "Given Family", IP: "198.51.100.9", UserAgent: "curl/8", City: "Phoenix", Region: "Arizona",
			Country: "United States", Lat: 33.4484, Lon: -112.074, HasGeo: true, ASNumber: 64500, ASOrg: "Example AS",
			ISP: "Example ISP", IsProxy: mosaic.True, Outcome: "SUCCESS", DeviceFingerprint: "dfp", SessionID: "sess",
			Target: "tel:+14155550142", Origin: o("okta.json", 8)},
		mosaic.HostRow{Query: "programs", Name: "pack_mosaic_programs", HostIdentifier: "host-uuid", Hostname: "lt-1",
			Serial: "SN1", Username: "given", Time: at(10), Action: "snapshot",
			Columns: map[string]string{"name": "AnyDesk", "version": "8.0"}, Origin: o("osquery.log", 9)},
		mosaic.Resume{ApplicationID: "A1", Path: "resumes/A1.pdf", Text: "Ten years of Go.", Origin: o("resumes/A1.pdf", 0)},
		mosaic.Photo{ApplicationID: "A1", Path: "photos/A1.jpg", Fingerprint: json.RawMessage(`{"whole":42,"border":[1,2,3]}`),
			Origin: o("photos/A1.jpg", 0)},
	}
}

func TestRoundTripEveryKind(t *testing.T) {
	recs := everyKind()
	covered := map[mosaic.Kind]bool{}
	for _, r := range recs {
		data, err := Encode(r)
		if err != nil {
			t.Fatalf("%s: %v", r.RecordKind(), err)
		}
		got, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", r.RecordKind(), err)
		}
		if !reflect.DeepEqual(got, r) {
			t.Errorf("%s: round trip changed the record\n got %#v\nwant %#v", r.RecordKind(), got, r)
		}
		covered[r.RecordKind()] = true
	}
	for k := range decoders {
		if !covered[k] {
			t.Errorf("kind %s has no fixture", k)
		}
	}
	if len(covered) != len(decoders) {
		t.Errorf("%d kinds in the fixtures, %d decoders", len(covered), len(decoders))
	}
}

// TestEncodingIsStable holds the version-1 encoding to testdata/v1.jsonl:
// messages already in a stream must still decode after a change to the
// domain types (go test -run TestEncodingIsStable -update rewrites it, and
// then encodingVersion should change too).
func TestEncodingIsStable(t *testing.T) {
	var buf bytes.Buffer
	for _, r := range everyKind() {
		data, err := Encode(r)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(data)
		buf.WriteByte('\n')
	}
	path := filepath.Join("testdata", "v1.jsonl")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the encoding changed; keep version 1 readable or bump encodingVersion\n got %s\nwant %s", buf.Bytes(), want)
	}
	for i, line := range bytes.Split(bytes.TrimSpace(want), []byte("\n")) {
		got, err := Decode(line)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if !reflect.DeepEqual(got, everyKind()[i]) {
			t.Errorf("line %d decodes to %#v", i+1, got)
		}
	}
}

// TestDecodeReadsAnyEnvelopeSpelling: an envelope written another way
// (keys reordered, spaces) is read by the full JSON path.
func TestDecodeReadsAnyEnvelopeSpelling(t *testing.T) {
	for _, body := range []string{
		`{"kind":"jobs","record":{"ID":"J1"},"v":1}`,
		`{ "v": 1, "kind": "jobs", "record": {"ID":"J1"} }`,
		`{"v":1,"kind":"jobs","record":{"ID":"J1"}}`,
	} {
		got, err := Decode([]byte(body))
		if err != nil || got.(mosaic.Job).ID != "J1" {
			t.Errorf("%s: %#v %v", body, got, err)
		}
	}
}

func TestDecodeRefusesWithAReason(t *testing.T) {
	for body, want := range map[string]string{
		`not json`:                                  "not a record envelope",
		`{"v":2,"kind":"jobs","record":{}}`:         "encoding version 2",
		`{"v":1,"kind":"payslips","record":{}}`:     `unknown record kind "payslips"`,
		`{"v":1,"kind":"jobs","record":[1]}`:        "queued jobs record cannot be read",
		`{"v":1,"kind":"jobs","record":{"ID":"J1"}`: "queued jobs record cannot be read",
		`{"v":1,"kind":"jobs","record":{}} }`:       "queued jobs record cannot be read",
	} {
		_, err := Decode([]byte(body))
		if err == nil || !bytes.Contains([]byte(mosaic.ErrorMessage(err)), []byte(want)) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
		if mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Errorf("%s: code %s", body, mosaic.ErrorCode(err))
		}
	}
}

// TestNonFiniteCoordinatesTravelAsZero: JSON cannot carry NaN; a sign-in
// with one is queued as the store keeps it, with 0.
func TestNonFiniteCoordinatesTravelAsZero(t *testing.T) {
	data, err := Encode(mosaic.SignIn{ID: "u", Lat: math.NaN(), Lon: math.Inf(1)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil || got.(mosaic.SignIn).Lat != 0 || got.(mosaic.SignIn).Lon != 0 {
		t.Errorf("%#v %v", got, err)
	}
}

func TestEncodeRefusesUnknownRecords(t *testing.T) {
	if _, err := Encode(strangeRecord{}); mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Errorf("got %v", err)
	}
}

type strangeRecord struct{}

func (strangeRecord) RecordOrigin() mosaic.Origin { return mosaic.Origin{} }
func (strangeRecord) RecordKind() mosaic.Kind     { return "strange" }
