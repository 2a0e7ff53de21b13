package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// sampleReport is a small hand-built report: a critical and a high subject in
// one cluster, and a quiet subject whose nullable fields are all null and
// whose lists are all nil.
func sampleReport() *mosaic.Report {
	return &mosaic.Report{
		Schema:      mosaic.ReportSchema,
		GeneratedAt: at("2026-11-25T17:00:00Z"),
		Input: mosaic.InputSummary{
			RowsRead: 1300, RowsAccepted: 1297, RowsRejected: 3,
			Files: []mosaic.FileStats{
				{Path: "applications.csv", Kind: mosaic.KindApplications, Read: 812, Accepted: 811, Rejected: 1},
				{Path: "okta/system_log.jsonl", Kind: mosaic.KindOkta, Read: 488, Accepted: 486, Rejected: 2},
			},
		},
		Subjects: []mosaic.Subject{
			{
				ID:             "S-jane",
				DisplayName:    "Jane Doe",
				ApplicationIDs: []string{"A0001276", "A0001280"},
				CandidateIDs:   []string{"C001230"},
				EmployeeIDs:    []string{"E00252"},
				Score:          97.5,
				Level:          mosaic.LevelCritical,
				FirstFlaggedAt: ptr(at("2026-05-02T09:14:00Z")),
				ClusterID:      ptr("K-1"),
				MergeReasons:   []string{"same candidate id C001230"},
				Signals: []mosaic.Signal{
					{
						RuleID: "hiring.phone_shared_across_applicants", Title: "Phone number shared with other applicants",
						Silo: mosaic.SiloHiring, At: at("2026-04-30T11:02:00Z"), Weight: 0.8, Share: 0.35,
						Explanation: "+1 602 555 0143 is also given by 3 other applicants (A0001280, A0001283, A0001291)",
						Evidence:    []mosaic.Evidence{{File: "applications.csv", Line: 1277, Field: "phone"}},
					},
					{
						RuleID: "network.vpn_sign_in", Title: "Signs in through a commercial VPN",
						Silo: mosaic.SiloNetwork, At: at("2026-05-02T09:14:00Z"), Weight: 0.6, Share: 0.25,
						Explanation: "12 of 14 sign-ins came from Astrill VPN addresses",
						Evidence:    []mosaic.Evidence{{EventID: "8f3c2a10-0000-4000-8000-000000000001"}},
					},
					{
						RuleID: "endpoint.remote_control_tool", Title: "Remote-control tool installed",
						Silo: mosaic.SiloEndpoint, At: at("2026-05-03T02:00:00Z"), Weight: 0.7, Share: 0.3,
						Explanation: "AnyDesk was installed on the company laptop two days after delivery",
						Evidence:    []mosaic.Evidence{{EventID: "osq-42", Field: "name"}},
					},
					{
						RuleID: "payroll.bank_changed_early", Title: "Bank account changed in the first week",
						Silo: mosaic.SiloPayroll, At: at("2026-05-05T10:00:00Z"), Weight: 0.4, Share: 0.1,
						Explanation: "The direct deposit moved to a new bank 4 days after the start date",
						Evidence:    []mosaic.Evidence{{File: "payroll.csv", Line: 17, Field: "account_number"}},
					},
				},
			},
			{
				ID:             "S-john",
				DisplayName:    "John Roe",
				ApplicationIDs: []string{"A0001283"},
				CandidateIDs:   []string{"C001233"},
				EmployeeIDs:    []string{},
				Score:          72.25,
				Level:          mosaic.LevelHigh,
				FirstFlaggedAt: ptr(at("2026-05-01T08:00:00Z")),
				ClusterID:      ptr("K-1"),
				Signals: []mosaic.Signal{
					{
						RuleID: "hiring.phone_shared_across_applicants", Title: "Phone number shared with other applicants",
						Silo: mosaic.SiloHiring, At: at("2026-04-30T12:00:00Z"), Weight: 0.8, Share: 1,
						Explanation: "+1 602 555 0143 is also given by 3 other applicants (A0001276, A0001280, A0001291)",
						Evidence:    []mosaic.Evidence{{File: "applications.csv", Line: 1284, Field: "phone"}},
					},
				},
			},
			{
				ID:          "S-ana",
				DisplayName: "Ana Lima",
				EmployeeIDs: []string{"E00007"},
				Score:       5,
				Level:       mosaic.LevelNone,
			},
		},
		Clusters: []mosaic.Cluster{
			{
				ID:         "K-1",
				SubjectIDs: []string{"S-jane", "S-john"},
				Links: []mosaic.Link{
					{A: "S-jane", B: "S-john", Kind: "phone", Strength: 0.9, Explanation: "same phone +1 602 555 0143"},
					{A: "S-jane", B: "S-john", Kind: "address", Strength: 0.7, Explanation: "same shipping address in Phoenix, AZ"},
				},
			},
		},
	}
}

// render renders r or fails the test.
func render(t testing.TB, r *mosaic.Report, format string, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, r, format, opts); err != nil {
		t.Fatalf("Render(%s): %v", format, err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		golden string
		format string
		opts   Options
	}{
		{"report.json", "json", Options{}},
		{"report.table.txt", "table", DefaultOptions()},
		{"report.table80.txt", "table", Options{Width: 80, Limit: 2}},
		{"report.table-color.txt", "table", Options{Width: 100, Color: true}},
		{"report.csv", "csv", Options{}},
		{"report.html", "html", Options{}},
		{"report-min50.json", "json", Options{MinScore: 50}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			golden(t, tt.golden, render(t, sampleReport(), tt.format, tt.opts))
		})
	}
}

func TestRenderDoesNotChangeTheReport(t *testing.T) {
	r := sampleReport()
	r.Subjects[0], r.Subjects[2] = r.Subjects[2], r.Subjects[0] // out of order
	before := render(t, r, "json", Options{})
	for _, f := range Formats() {
		render(t, r, f, Options{MinScore: 10})
	}
	if r.Subjects[0].ID != "S-ana" || r.Subjects[0].ApplicationIDs != nil {
		t.Fatal("Render changed the caller's report")
	}
	if after := render(t, r, "json", Options{}); !bytes.Equal(before, after) {
		t.Fatal("rendering twice gave different JSON")
	}
}

func TestRenderRanksByScore(t *testing.T) {
	r := sampleReport()
	r.Subjects[0], r.Subjects[2] = r.Subjects[2], r.Subjects[0]
	out := string(render(t, r, "csv", Options{}))
	jane, ana := strings.Index(out, "S-jane"), strings.Index(out, "S-ana")
	if jane < 0 || ana < 0 || jane > ana {
		t.Fatalf("subjects not ranked by score:\n%s", out)
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	for _, format := range []string{"", "xml", "JSONL", "json ", "<b>"} {
		var buf bytes.Buffer
		err := Render(&buf, sampleReport(), format, Options{})
		if format == "json " {
			if err != nil {
				t.Errorf("format %q: %v", format, err)
			}
			continue
		}
		if mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Fatalf("format %q: got %v, want EINVALID", format, err)
		}
		for _, f := range Formats() {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("error %q does not list format %q", err, f)
			}
		}
		if buf.Len() != 0 {
			t.Errorf("format %q wrote %q", format, buf.String())
		}
	}
}

func TestRenderFormatsAreCaseInsensitive(t *testing.T) {
	if err := Render(new(bytes.Buffer), sampleReport(), "HTML", Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestRenderNilReport(t *testing.T) {
	for _, f := range Formats() {
		err := Render(new(bytes.Buffer), nil, f, Options{})
		if mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Errorf("%s: got %v, want EINVALID", f, err)
		}
	}
}

// failingWriter fails every write, as a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestRenderWriteError(t *testing.T) {
	for _, f := range Formats() {
		err := Render(failingWriter{}, sampleReport(), f, Options{})
		if err == nil {
			t.Errorf("%s: no error from a failing writer", f)
			continue
		}
		var e *mosaic.Error
		if !errors.As(err, &e) || e.Code != mosaic.EINTERNAL {
			t.Errorf("%s: got %#v, want *mosaic.Error EINTERNAL", f, err)
		}
	}
}

func TestFormats(t *testing.T) {
	got := strings.Join(Formats(), ",")
	if got != "json,table,csv,html" {
		t.Fatalf("Formats() = %s", got)
	}
	Formats()[0] = "changed"
	if Formats()[0] != "json" {
		t.Fatal("Formats shares its slice")
	}
}
