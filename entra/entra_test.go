package entra_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/entra"
	"github.com/mosaic-sec/mosaic/internal/readertest"
)

type recorder = readertest.Recorder[mosaic.SignIn]

func extract(t *testing.T, path string) (*recorder, error) {
	t.Helper()
	return readertest.Extract[mosaic.SignIn](t, entra.New(nil), mosaic.KindEntra, "entra", path)
}

func mustExtract(t *testing.T, path string) *recorder {
	t.Helper()
	return readertest.MustExtract[mosaic.SignIn](t, entra.New(nil), mosaic.KindEntra, "entra", path)
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// The three user sign-ins of testdata/graph_page.json (and of the other
// layouts of the same events), as mosaic keeps them.
var wantGraph = []mosaic.SignIn{{
	ID: "66ea54eb-6301-4ee5-be62-ff5a759b0100", Published: at("2026-03-02T16:05:11.204Z"),
	EventType: "entra.interactiveUser", Actor: "dana.whitfield@northwind.example", ActorName: "Dana Whitfield",
	IP: "198.51.100.23", UserAgent: "Edge 120.0.0; Windows 10", City: "Tempe", Region: "Arizona", Country: "US",
	Lat: 33.4255, Lon: -111.94, HasGeo: true, Outcome: "SUCCESS",
	DeviceFingerprint: "0d3a6c1e-5b7f-4e21-9a0c-2f8e4b6d1c73", SessionID: "d79f5bee-5860-4832-928f-3133e22ae912",
}, {
	ID: "9f2c1d44-8e3b-4a7f-b0c6-1e5d2a9f8b00", Published: at("2026-03-02T16:41:09.5512345Z"),
	EventType: "entra.interactiveUser", Actor: "dana.whitfield@northwind.example", ActorName: "Dana Whitfield",
	IP: "203.0.113.77", UserAgent: "Edge 120.0.0; Windows 10", City: "Seoul", Region: "Seoul", Country: "KR",
	Lat: 37.5665, Lon: 126.978, HasGeo: true, Outcome: "FAILURE", SessionID: "d79f5bee-5860-4832-928f-3133e22ae912",
}, {
	ID: "1c7e9a02-3d4b-4f6e-8a9b-0c1d2e3f4a00", Published: at("2026-03-03T01:12:44.1Z"),
	EventType: "entra.nonInteractiveUser", Actor: "dana.whitfield@northwind.example", ActorName: "Dana Whitfield",
	IP: "192.0.2.145", UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0",
	City: "Amsterdam", Region: "Noord-Holland", Country: "NL", Lat: 52.3676, Lon: 4.9041, HasGeo: true,
	ASNumber: 60068, IsProxy: mosaic.True, Outcome: "SUCCESS", SessionID: "5f0e8c1a-7b2d-4e93-a1c4-6d8f2b0e9a31",
}}

// sameEvent compares sign-ins apart from where they were read.
func sameEvent(t *testing.T, file string, got []mosaic.SignIn, want []mosaic.SignIn) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d sign-ins, want %d", file, len(got), len(want))
	}
	for i := range want {
		g := got[i]
		if g.Origin.EventID != g.ID || g.Origin.File != "entra/"+file || g.Origin.Line < 1 {
			t.Errorf("%s: sign-in %d origin %+v", file, i, g.Origin)
		}
		g.Origin = mosaic.Origin{}
		if g != want[i] {
			t.Errorf("%s: sign-in %d\n got %+v\nwant %+v", file, i, g, want[i])
		}
	}
}

// TestGraphLayouts reads the same Graph signIns as an API page
// (pretty-printed, with @odata.nextLink), as JSON lines and as a JSON
// array: every layout gives the same sign-ins, and the service principal
// is read but gives none.
func TestGraphLayouts(t *testing.T) {
	for _, file := range []string{"graph_page.json", "graph_signins.jsonl", "graph_array.json"} {
		rec := mustExtract(t, filepath.Join("testdata", file))
		if rec.Calls != 4 || rec.Empty != 1 || len(rec.Rejects) != 0 {
			t.Errorf("%s: %d rows, %d unused, rejects %v; want 4 rows, 1 service principal", file, rec.Calls, rec.Empty, rec.Rejects)
		}
		sameEvent(t, file, rec.Records, wantGraph)
	}
	// Lines are the physical lines where each event starts.
	page := mustExtract(t, "testdata/graph_page.json")
	lines := mustExtract(t, "testdata/graph_signins.jsonl")
	data, _ := os.ReadFile("testdata/graph_page.json")
	all := strings.Split(string(data), "\n")
	for i, s := range page.Records {
		if !strings.Contains(all[s.Origin.Line], `"id": "`+s.ID+`"`) || strings.TrimSpace(all[s.Origin.Line-1]) != "{" {
			t.Errorf("page sign-in %d: line %d does not open its object", i, s.Origin.Line)
		}
		if lines.Records[i].Origin.Line != i+1 {
			t.Errorf("JSON lines sign-in %d on line %d", i, lines.Records[i].Origin.Line)
		}
	}
}

// TestMonitorRecords reads Azure Monitor diagnostic-settings records: the
// properties hold the signIn, and the record's time, callerIpAddress and
// location stand in for what they leave out.
func TestMonitorRecords(t *testing.T) {
	rec := mustExtract(t, "testdata/signinlogs.jsonl")
	// The AuditLogs record is an Update user with no authentication phone:
	// read, valid, nothing to keep (audit.go).
	if rec.Calls != 5 || len(rec.Records) != 2 || rec.Empty != 3 || len(rec.Rejects) != 0 {
		t.Fatalf("%d rows, %d sign-ins, %d unused, rejects %v; want 5, 2, 3 and none",
			rec.Calls, len(rec.Records), rec.Empty, rec.Rejects)
	}
	first := rec.Records[0]
	first.Origin = mosaic.Origin{}
	if first != wantGraph[0] {
		t.Errorf("SignInLogs record\n got %+v\nwant %+v", first, wantGraph[0])
	}
	nonInteractive := rec.Records[1]
	if nonInteractive.Published != at("2026-03-02T16:41:09.5512345Z") || nonInteractive.IP != "203.0.113.77" ||
		nonInteractive.Country != "KR" || nonInteractive.HasGeo || nonInteractive.Outcome != "FAILURE" ||
		nonInteractive.EventType != "entra.nonInteractiveUser" || nonInteractive.Origin.Line != 2 {
		t.Errorf("NonInteractiveUserSignInLogs record with fallbacks: %+v", nonInteractive)
	}

	batch := mustExtract(t, "testdata/eventhub_records.json")
	if batch.Calls != 3 || len(batch.Records) != 2 || batch.Empty != 1 || len(batch.Rejects) != 0 {
		t.Fatalf("Event Hubs batch: %d rows, %d sign-ins, %d unused, rejects %v", batch.Calls, len(batch.Records), batch.Empty, batch.Rejects)
	}
	if batch.Records[0].ID != wantGraph[0].ID || batch.Records[1].Country != "KR" {
		t.Errorf("Event Hubs batch sign-ins: %+v", batch.Records)
	}
}

// TestBroken: every broken line is one reject with a reason that quotes
// nothing of the row, and the good lines around them are read.
func TestBroken(t *testing.T) {
	rec := mustExtract(t, "testdata/broken.jsonl")
	want := []mosaic.Reject{
		{Line: 2, Reason: "JSON cut short at byte 604"},
		{Line: 3, Column: "status", Reason: "status is a string, not an object"},
		{Line: 4, Column: "createdDateTime", Reason: "createdDateTime is a number, not a string"},
		{Line: 5, Column: "userPrincipalName", Reason: "userPrincipalName is missing: a sign-in names its user"},
		{Line: 6, Column: "id", Reason: "id is missing: it is required to de-duplicate"},
		{Line: 7, Column: "createdDateTime", Reason: "createdDateTime is not an RFC 3339 time"},
		{Line: 9, Column: "deviceDetail", Reason: "deviceDetail is a string, not an object"},
		{Line: 10, Reason: "not a JSON object"},
		{Line: 12, Reason: "invalid UTF-8 at byte 112"},
	}
	if rec.Calls != len(rec.Records)+len(rec.Rejects) || len(rec.Records) != 2 {
		t.Errorf("%d rows, %d sign-ins, %d rejects", rec.Calls, len(rec.Records), len(rec.Rejects))
	}
	if len(rec.Rejects) != len(want) {
		t.Fatalf("rejects %+v", rec.Rejects)
	}
	for i, w := range want {
		w.File = "entra/broken.jsonl"
		if rec.Rejects[i] != w {
			t.Errorf("reject %d\n got %+v\nwant %+v", i, rec.Rejects[i], w)
		}
	}
	// Line 11: coordinates that are not numbers are left out, not the
	// event; an upper-case GUID is kept lower-case (16 bytes in the dataset).
	last := rec.Records[1]
	if last.Origin.Line != 11 || last.HasGeo || last.Country != "US" || last.ID != "66ea54eb-6301-4ee5-be62-ff5a759b0111" {
		t.Errorf("line 11: %+v", last)
	}
}

// TestPageCutShort: a page whose file ends inside an event keeps the
// events before it and rejects the one cut.
func TestPageCutShort(t *testing.T) {
	rec := mustExtract(t, "testdata/graph_page_cut.json")
	if len(rec.Records) != 2 || len(rec.Rejects) != 1 || rec.Calls != 3 {
		t.Fatalf("%d sign-ins, rejects %+v", len(rec.Records), rec.Rejects)
	}
	if r := rec.Rejects[0]; !strings.HasPrefix(r.Reason, "JSON cut short") || r.Line <= rec.Records[1].Origin.Line {
		t.Errorf("cut event: %+v", r)
	}
}

// TestNotEntra: an Okta log or a CSV file put in entra/ is one clear error,
// not a reject per line.
func TestNotEntra(t *testing.T) {
	for _, file := range []string{"okta_system_log.jsonl", "signins.csv"} {
		rec, err := extract(t, filepath.Join("testdata", file))
		if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(err.Error(), "is not a Microsoft Entra ID sign-in or audit log") {
			t.Errorf("%s: error %v", file, err)
		}
		if rec.Calls != 0 {
			t.Errorf("%s: %d rows emitted before the error", file, rec.Calls)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty.json")
	os.WriteFile(empty, []byte("\n\n"), 0o644)
	if rec, err := extract(t, empty); err != nil || rec.Calls != 0 {
		t.Errorf("empty file: %d rows, %v", rec.Calls, err)
	}
	if _, err := extract(t, filepath.Join(t.TempDir(), "missing.json")); mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Errorf("missing file: %v", err)
	}
}

// realData is the folder of public samples others wrote (see its README);
// the test skips when it is absent. The samples are not copied here.
const realData = "/work/shared/realdata/entra"

// TestRealSamples reads Elastic's Azure sign-in log test data (interactive,
// non-interactive, service principal, and one record of each category):
// every record is accepted; service principals and managed identities give
// no sign-in.
func TestRealSamples(t *testing.T) {
	want := map[string][2]int{ // sign-ins, rows accepted with none
		"test-signinlogs-raw.log":                      {2, 3},
		"test-signinlogs-sample.log":                   {2, 0},
		"test-non-interactive-user-sample.log":         {15, 0},
		"test-service-principal-signinlogs-sample.log": {0, 7},
	}
	for file, w := range want {
		path := filepath.Join(realData, file)
		if _, err := os.Stat(path); err != nil {
			t.Skipf("real Entra sample %s absent: %v", path, err)
		}
		rec := mustExtract(t, path)
		if len(rec.Rejects) != 0 || len(rec.Records) != w[0] || rec.Empty != w[1] || rec.Calls != w[0]+w[1] {
			t.Errorf("%s: %d rows, %d sign-ins, %d unused, rejects %v; want %v", file, rec.Calls, len(rec.Records), rec.Empty, rec.Rejects, w)
		}
		for _, s := range rec.Records {
			if s.ID == "" || s.Actor == "" || s.Published.IsZero() || s.IP == "" || s.Country == "" || !s.HasGeo || s.Outcome == "" {
				t.Errorf("%s line %d: incomplete sign-in %+v", file, s.Origin.Line, s)
			}
		}
	}
}
