package gworkspace_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/gworkspace"
	"github.com/mosaic-sec/mosaic/internal/readertest"
)

type recorder = readertest.Recorder[mosaic.SignIn]

func extract(t *testing.T, path string) (*recorder, error) {
	t.Helper()
	return readertest.Extract[mosaic.SignIn](t, gworkspace.New(nil), mosaic.KindGoogleWorkspace, "google_workspace", path)
}

func mustExtract(t *testing.T, path string) *recorder {
	t.Helper()
	return readertest.MustExtract[mosaic.SignIn](t, gworkspace.New(nil), mosaic.KindGoogleWorkspace, "google_workspace", path)
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestLoginPage reads an API page of login activities: each event is a
// sign-in, an activity of two events gives two, and an OAuth key's login
// is read but gives none.
func TestLoginPage(t *testing.T) {
	rec := mustExtract(t, "testdata/login_page.json")
	if rec.Calls != 5 || rec.Empty != 1 || len(rec.Rejects) != 0 || len(rec.Records) != 5 {
		t.Fatalf("%d rows, %d sign-ins, %d unused, rejects %v; want 5 rows, 5 sign-ins, 1 key caller",
			rec.Calls, len(rec.Records), rec.Empty, rec.Rejects)
	}
	want := []struct {
		published, event, outcome, ip, country, region string
		asn                                            int
	}{
		{"2026-03-02T16:05:11.204Z", "login_success", "SUCCESS", "198.51.100.23", "US", "AZ", 7018},
		{"2026-03-02T16:41:09.551Z", "login_failure", "FAILURE", "203.0.113.77", "KR", "11", 4766},
		{"2026-03-03T01:12:44.1Z", "login_challenge", "SUCCESS", "192.0.2.145", "NL", "NH", 60068},
		{"2026-03-03T01:12:44.1Z", "login_success", "SUCCESS", "192.0.2.145", "NL", "NH", 60068},
		{"2026-03-03T01:20:00Z", "suspicious_login", "UNKNOWN", "192.0.2.145", "NL", "NH", 60068},
	}
	ids := map[string]bool{}
	for i, w := range want {
		s := rec.Records[i]
		if s.Actor != "dana.whitfield@northwind.example" || !s.Published.Equal(at(w.published)) || s.EventType != w.event ||
			s.Outcome != w.outcome || s.IP != w.ip || s.Country != w.country || s.Region != w.region || s.ASNumber != w.asn || s.HasGeo {
			t.Errorf("sign-in %d: %+v, want %+v", i, s, w)
		}
		if len(s.ID) != 36 || ids[s.ID] || s.Origin.EventID != s.ID || s.Origin.File != "google_workspace/login_page.json" {
			t.Errorf("sign-in %d: id %q origin %+v", i, s.ID, s.Origin)
		}
		ids[s.ID] = true
	}
	// An activity's events share its line.
	if rec.Records[2].Origin.Line != rec.Records[3].Origin.Line || rec.Records[0].Origin.Line != 5 {
		t.Errorf("lines %d %d %d", rec.Records[0].Origin.Line, rec.Records[2].Origin.Line, rec.Records[3].Origin.Line)
	}
}

// TestOneEventPerLine: the Elastic input's shape (events as one object, one
// event a line) gives the same sign-ins, with the same ids, as the API page.
func TestOneEventPerLine(t *testing.T) {
	page := mustExtract(t, "testdata/login_page.json")
	lines := mustExtract(t, "testdata/login_events.jsonl")
	if lines.Calls != 6 || lines.Empty != 1 || len(lines.Rejects) != 0 || len(lines.Records) != len(page.Records) {
		t.Fatalf("%d rows, %d sign-ins, %d unused, rejects %v", lines.Calls, len(lines.Records), lines.Empty, lines.Rejects)
	}
	for i := range page.Records {
		a, b := page.Records[i], lines.Records[i]
		a.Origin, b.Origin = mosaic.Origin{}, mosaic.Origin{}
		if a != b {
			t.Errorf("event %d\n page %+v\n line %+v", i, a, b)
		}
	}
}

// TestBroken: a reject per broken activity, naming the field, quoting
// nothing of the row.
func TestBroken(t *testing.T) {
	rec := mustExtract(t, "testdata/broken.jsonl")
	want := []mosaic.Reject{
		{Line: 2, Reason: "JSON cut short at byte 250"},
		{Line: 3, Column: "id.time", Reason: "id.time is a number, not a string"},
		{Line: 4, Column: "actor.email", Reason: "actor.email is missing: a login names its user"},
		{Line: 5, Column: "id.applicationName", Reason: "not login, user_accounts, admin or mobile activity (applicationName drive)"},
		{Line: 6, Column: "id.uniqueQualifier", Reason: "id.uniqueQualifier is required to de-duplicate"},
		{Line: 7, Column: "events", Reason: "the activity has no events"},
		{Line: 8, Column: "actor", Reason: "actor is a string, not an object"},
		{Line: 9, Column: "events", Reason: "events is not an array of objects"},
		{Line: 10, Column: "id.time", Reason: "id.time is not an RFC 3339 time"},
	}
	if len(rec.Rejects) != len(want) || len(rec.Records) != 2 || rec.Calls != 11 {
		t.Fatalf("%d rows, %d sign-ins, rejects %+v", rec.Calls, len(rec.Records), rec.Rejects)
	}
	for i, w := range want {
		w.File = "google_workspace/broken.jsonl"
		if rec.Rejects[i] != w {
			t.Errorf("reject %d\n got %+v\nwant %+v", i, rec.Rejects[i], w)
		}
	}
	// Line 11: a numeric uniqueQualifier is read; network details of the
	// wrong type are left out, not the event.
	if s := rec.Records[1]; s.Origin.Line != 11 || s.Country != "" || s.ASNumber != 0 || s.Outcome != "SUCCESS" {
		t.Errorf("line 11: %+v", s)
	}
}

// TestNotGoogle: Entra sign-ins put in google_workspace/ are one error.
func TestNotGoogle(t *testing.T) {
	rec, err := extract(t, "testdata/entra_signins.jsonl")
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(err.Error(), "is not Google Workspace login or account activity") || rec.Calls != 0 {
		t.Errorf("%d rows, error %v", rec.Calls, err)
	}
}

const realData = "/work/shared/realdata/google_workspace/test-login.log"

// TestRealSample reads Elastic's Google Workspace login test data (17
// activities, one event each, events as an object, numeric and string
// uniqueQualifiers): every one is accepted.
func TestRealSample(t *testing.T) {
	if _, err := os.Stat(realData); err != nil {
		t.Skipf("real Google Workspace sample absent: %v", err)
	}
	rec := mustExtract(t, realData)
	if rec.Calls != 17 || len(rec.Records) != 17 || len(rec.Rejects) != 0 {
		t.Fatalf("%d rows, %d sign-ins, rejects %v", rec.Calls, len(rec.Records), rec.Rejects)
	}
	outcomes := map[string]int{}
	ids := map[string]bool{}
	for _, s := range rec.Records {
		outcomes[s.Outcome]++
		ids[s.ID] = true
		if s.Actor == "" || s.IP == "" || s.Published.IsZero() {
			t.Errorf("line %d: incomplete %+v", s.Origin.Line, s)
		}
	}
	// Sixteen synthetic activities share one id (time and qualifier 1);
	// their events' names tell them apart except for two login_success
	// events, which Google would never give one (time, uniqueQualifier):
	// those two are one event to mosaic, as the store de-duplicates them.
	if len(ids) != 16 {
		t.Errorf("%d distinct ids for 17 events, want 16", len(ids))
	}
	// login_success x2, logout, login_challenge and login_verification x2
	// passed; login_failure; risky_sensitive_action_allowed; nine warnings.
	if outcomes["SUCCESS"] != 6 || outcomes["FAILURE"] != 1 || outcomes["ALLOW"] != 1 || outcomes["UNKNOWN"] != 9 {
		t.Errorf("outcomes %v", outcomes)
	}
}
