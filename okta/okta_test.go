package okta_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/okta"
)

// recorder keeps what an extractor emits, in order.
type recorder struct {
	events  []mosaic.SignIn
	rejects []mosaic.Reject
	order   []string // "a" or "r" per row, to check file order
}

func (r *recorder) Accept(rec mosaic.Record) error {
	r.events = append(r.events, rec.(mosaic.SignIn))
	r.order = append(r.order, fmt.Sprintf("a%d", rec.RecordOrigin().Line))
	return nil
}

func (r *recorder) AcceptMany(recs []mosaic.Record) error {
	for _, rec := range recs {
		r.Accept(rec)
	}
	return nil
}

func (r *recorder) Reject(rej mosaic.Reject) error {
	r.rejects = append(r.rejects, rej)
	r.order = append(r.order, fmt.Sprintf("r%d", rej.Line))
	return nil
}

func extract(t *testing.T, x *okta.Extractor, path string) (*recorder, error) {
	t.Helper()
	rec := &recorder{}
	err := x.Extract(context.Background(), mosaic.File{Path: "okta/" + filepath.Base(path), Abs: path, Kind: mosaic.KindOkta}, rec)
	return rec, err
}

func TestKinds(t *testing.T) {
	if got := okta.New(nil).Kinds(); !reflect.DeepEqual(got, []mosaic.Kind{mosaic.KindOkta}) {
		t.Fatalf("Kinds() = %v", got)
	}
}

// wantReject is a reject expected at a line, with a reason fragment.
type wantReject struct {
	line   int
	column string
	reason string
}

func TestExtractTestdata(t *testing.T) {
	tests := []struct {
		file     string
		accepted []int // lines of the accepted events
		rejects  []wantReject
		errCode  string
	}{
		{file: "system_log.jsonl", accepted: []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{file: "page.json", accepted: []int{1, 1, 1, 1}},
		{file: "page_pretty.json", accepted: []int{2, 93, 184, 275}},
		{file: "events_pretty.json", accepted: []int{1, 92, 183}},
		{file: "empty.jsonl"},
		{
			file:     "broken.jsonl",
			accepted: []int{1, 11, 13},
			rejects: []wantReject{
				{2, "", "JSON cut short at byte 812"},
				{3, "", "invalid JSON at byte 1"},
				{4, "published", "published is missing"},
				{5, "published", "published is not an RFC 3339 time"},
				{6, "uuid", "uuid is required to de-duplicate"},
				{8, "", "invalid UTF-8 at byte 87"},
				{9, "", "not a JSON object"},
				{10, "uuid", "uuid is required to de-duplicate (it is not a string)"},
				{12, "", "unexpected data after the JSON value"},
			},
		},
		{
			// Element 2 is bad inside balanced braces: only it is lost.
			// After element 3 a comma is missing: the rest is one reject.
			file:     "broken_array.json",
			accepted: []int{2, 4},
			rejects: []wantReject{
				{3, "", "invalid JSON at byte"},
				{5, "", "expected ',' or ']' after an element at line 5; the rest of the file was not read"},
			},
		},
		{
			file:     "cut_array.json",
			accepted: []int{1, 2},
			rejects:  []wantReject{{3, "", "JSON cut short at byte 500"}},
		},
		{file: "not_okta.xml", errCode: mosaic.EINVALID},
		{file: "not_okta.csv", errCode: mosaic.EINVALID},
		{file: "entra_signins.jsonl", errCode: mosaic.EINVALID},
	}
	for _, tt := range tests {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/workers=%d", tt.file, workers), func(t *testing.T) {
				rec, err := extract(t, okta.New(nil, okta.WithWorkers(workers)), filepath.Join("testdata", tt.file))
				if tt.errCode != "" {
					if mosaic.ErrorCode(err) != tt.errCode {
						t.Fatalf("error = %v, want code %s", err, tt.errCode)
					}
					want := "okta/" + tt.file + " is not an Okta System Log export (expected a JSON array or JSON lines)"
					if mosaic.ErrorMessage(err) != want {
						t.Fatalf("message = %q, want %q", mosaic.ErrorMessage(err), want)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var lines []int
				for _, e := range rec.events {
					lines = append(lines, e.Origin.Line)
				}
				if !reflect.DeepEqual(lines, tt.accepted) {
					t.Errorf("accepted lines = %v, want %v", lines, tt.accepted)
				}
				if len(rec.rejects) != len(tt.rejects) {
					t.Fatalf("rejects = %+v, want %d", rec.rejects, len(tt.rejects))
				}
				for i, w := range tt.rejects {
					got := rec.rejects[i]
					if got.Line != w.line || got.Column != w.column || !strings.Contains(got.Reason, w.reason) {
						t.Errorf("reject %d = %+v, want line %d column %q reason containing %q", i, got, w.line, w.column, w.reason)
					}
					if got.File != "okta/"+tt.file {
						t.Errorf("reject file = %q", got.File)
					}
				}
			})
		}
	}
}

func TestFields(t *testing.T) {
	rec, err := extract(t, okta.New(nil), "testdata/system_log.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	const file = "okta/system_log.jsonl"
	ts := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	want := []mosaic.SignIn{
		{
			ID: "5f0c7d3e-9a41-11ef-8c2d-1b7e4f2a9c01", Published: ts("2026-03-02T14:05:11.204Z"), EventType: "user.session.start",
			Actor: "dana.whitfield@northwind.example", ActorName: "Dana Whitfield", IP: "73.162.88.14",
			UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			City:      "Denver", Region: "Colorado", Country: "United States", Lat: 39.7392, Lon: -104.9903, HasGeo: true,
			ASNumber: 7922, ASOrg: "comcast cable communications, llc", ISP: "comcast cable communications, llc", IsProxy: mosaic.False,
			Outcome: "SUCCESS", DeviceFingerprint: "3a7c1e9b5d2f4a6c8e0b1d3f5a7c9e1b", SessionID: "102Xk3bQ9mZr7TnP2sV5wY8uA",
			Origin: mosaic.Origin{File: file, Line: 1, EventID: "5f0c7d3e-9a41-11ef-8c2d-1b7e4f2a9c01"},
		},
		{}, // 2: same session, policy evaluation; checked below
		{
			ID: "8b21f6a0-9b02-11ef-a4c9-7d3e1f0b5a22", Published: ts("2026-03-03T02:47:39.918Z"), EventType: "user.session.start",
			Actor: "li.wei@northwind.example", ActorName: "Li Wei", IP: "185.220.101.47",
			UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
			City:      "Frankfurt am Main", Region: "Hesse", Country: "Germany", Lat: 50.1109, Lon: 8.6821, HasGeo: true,
			ASNumber: 60729, ASOrg: "zwiebelfreunde e.v.", ISP: "zwiebelfreunde e.v.", IsProxy: mosaic.True,
			Outcome: "SUCCESS", DeviceFingerprint: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", SessionID: "102Lm4nB8vC2xZ6qW0eR3tY7u",
			Origin: mosaic.Origin{File: file, Line: 3, EventID: "8b21f6a0-9b02-11ef-a4c9-7d3e1f0b5a22"},
		},
		{
			// client.ipAddress is the string "null": the IP comes from ipChain.
			ID: "a3c4d5e6-9b10-11ef-b7f1-2c4e6a8b0d33", Published: ts("2026-03-03T09:12:05.031Z"), EventType: "user.authentication.auth_via_mfa",
			Actor: "li.wei@northwind.example", ActorName: "Li Wei", IP: "211.234.12.9",
			UserAgent: "Okta Verify/9.32.0 (iPhone; iOS 18.1)",
			City:      "Seoul", Region: "Seoul", Country: "South Korea", Lat: 37.5665, Lon: 126.978, HasGeo: true,
			ASNumber: 4766, ASOrg: "korea telecom", ISP: "kt corporation", IsProxy: mosaic.False,
			Outcome: "SUCCESS", SessionID: "102Lm4nB8vC2xZ6qW0eR3tY7u",
			Origin: mosaic.Origin{File: file, Line: 4, EventID: "a3c4d5e6-9b10-11ef-b7f1-2c4e6a8b0d33"},
		},
		{
			// SSO: client is {}; IP and geography come from ipChain.
			ID: "c9d8e7f6-9b55-11ef-9a2b-3d5f7b9d1e44", Published: ts("2026-03-04T16:30:00Z"), EventType: "user.authentication.sso",
			Actor: "omar.haddad@northwind.example", ActorName: "Omar Haddad", IP: "66.249.70.3",
			City: "Austin", Region: "Texas", Country: "United States", Lat: 30.2672, Lon: -97.7431, HasGeo: true,
			ASNumber: 7018, ASOrg: "at&t corp.", ISP: "att services inc", IsProxy: mosaic.False,
			Outcome: "SUCCESS", SessionID: "idx1Qw2Er3Ty4Ui5Op",
			Origin: mosaic.Origin{File: file, Line: 5, EventID: "c9d8e7f6-9b55-11ef-9a2b-3d5f7b9d1e44"},
		},
		{
			// A system event: nearly everything null.
			ID: "d1e2f3a4-9c01-11ef-8e7d-4f6a8c0e2f55", Published: ts("2026-03-05T00:56:17.750Z"), EventType: "app.user_management",
			Actor: "system@okta.com", ActorName: "Okta System", Outcome: "SUCCESS",
			Origin: mosaic.Origin{File: file, Line: 6, EventID: "d1e2f3a4-9c01-11ef-8e7d-4f6a8c0e2f55"},
		},
		{
			// Escaped and non-ASCII text; geolocation 0,0 means "unknown".
			ID: "e5f6a7b8-9c22-11ef-9f0e-5a7c9e1b3d66", Published: ts("2026-03-05T03:14:15.926Z"), EventType: "user.session.start",
			Actor: "josé.martínez@northwind.example", ActorName: `José "Pepe" Martínez`, IP: "203.0.113.77",
			UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 — 😀",
			ASNumber:  1828, ASOrg: "unitas global llc", ISP: "unitas global llc", IsProxy: mosaic.False,
			Outcome: "FAILURE", DeviceFingerprint: "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", SessionID: "102Pq7rS1tU5vW9xY3zA6bC0d",
			Origin: mosaic.Origin{File: file, Line: 7, EventID: "e5f6a7b8-9c22-11ef-9f0e-5a7c9e1b3d66"},
		},
		{
			// A time with an offset; asNumber quoted.
			ID: "f7a8b9c0-9c40-11ef-a1b2-6b8d0f2a4c77", Published: ts("2026-03-06T11:22:33.444Z"), EventType: "device.user.add",
			Actor: "omar.haddad@northwind.example", ActorName: "Omar Haddad", IP: "10.20.30.40",
			UserAgent: "FakeApp.com.okta.mobile/8.1.1 OktaDeviceSDK/0.0.1 macOS/13.4.0 Apple/MacBookPro16,2",
			City:      "Bay Shore", Region: "New York", Country: "United States", Lat: 40.7051, Lon: -73.243, HasGeo: true,
			ASNumber: 701, ASOrg: "verizon business", ISP: "verizon", IsProxy: mosaic.False,
			Outcome: "SUCCESS", SessionID: "102Ab1Cd2Ef3Gh4Ij5Kl6Mn7",
			Origin: mosaic.Origin{File: file, Line: 8, EventID: "f7a8b9c0-9c40-11ef-a1b2-6b8d0f2a4c77"},
		},
	}
	if len(rec.events) != len(want) {
		t.Fatalf("got %d events, want %d", len(rec.events), len(want))
	}
	for i, w := range want {
		if i == 1 {
			if got := rec.events[1]; got.EventType != "policy.evaluate_sign_on" || got.Outcome != "ALLOW" || got.SessionID != rec.events[0].SessionID {
				t.Errorf("event 2 = %+v", got)
			}
			continue
		}
		if got := rec.events[i]; !reflect.DeepEqual(got, w) {
			t.Errorf("event %d:\n got %+v\nwant %+v", i+1, got, w)
		}
	}
}

// TestLayoutsAgree reads the same events as JSON lines, as an API page and
// pretty-printed: apart from line numbers the results are the same.
func TestLayoutsAgree(t *testing.T) {
	lines, err := extract(t, okta.New(nil), "testdata/system_log.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"page.json", "page_pretty.json", "events_pretty.json"} {
		rec, err := extract(t, okta.New(nil), filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range rec.events {
			w := lines.events[i]
			e.Origin, w.Origin = mosaic.Origin{}, mosaic.Origin{}
			if !reflect.DeepEqual(e, w) {
				t.Errorf("%s event %d:\n got %+v\nwant %+v", file, i+1, e, w)
			}
		}
	}
}

// TestRealSamples reads public Okta System Log samples and the sample
// bundle: every event is accepted.
func TestRealSamples(t *testing.T) {
	files, _ := filepath.Glob("../../shared/realdata/okta/*.log")
	files = append(files, "../../shared/contract/sample/okta/system_log.jsonl")
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if errors.Is(err, os.ErrNotExist) {
				t.Skipf("%s is absent (shared real data is not part of the repository)", path)
			}
			if err != nil {
				t.Fatal(err)
			}
			want := bytes.Count(data, []byte("\n"))
			rec, err := extract(t, okta.New(nil), path)
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.rejects) != 0 {
				t.Errorf("rejects: %+v", rec.rejects)
			}
			if len(rec.events) != want {
				t.Errorf("accepted %d events, want %d", len(rec.events), want)
			}
			checkAgainstEncodingJSON(t, data, rec.events)
		})
	}
}

// TestRealSampleShapes pins what the public samples' odd events give.
func TestRealSampleShapes(t *testing.T) {
	path := "../../shared/realdata/okta/test-okta-system-yes-flattened-events.log"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s is absent (shared real data is not part of the repository)", path)
	}
	rec, err := extract(t, okta.New(nil), path)
	if err != nil {
		t.Fatal(err)
	}
	byLine := map[int]mosaic.SignIn{}
	for _, e := range rec.events {
		byLine[e.Origin.Line] = e
	}
	// Line 10: client.ipAddress is the string "null".
	if e := byLine[10]; e.IP != "175.16.199.1" {
		t.Errorf("line 10 IP = %q, want the ipChain address", e.IP)
	}
	// Line 15: geolocation 0,0.
	if e := byLine[15]; e.HasGeo {
		t.Errorf("line 15 HasGeo = true for 0,0")
	}
	// Line 20: an Okta System event with a null client.
	if e := byLine[20]; e.Actor != "system@okta.com" || e.IP != "" || e.IsProxy != mosaic.Unknown {
		t.Errorf("line 20 = %+v", e)
	}
	// Line 21: SSO with client {}: IP and place from ipChain.
	if e := byLine[21]; e.IP != "192.168.1.10" || e.City != "Lawn Park" || !e.HasGeo || e.ASNumber != 7018 {
		t.Errorf("line 21 = %+v", e)
	}
	// Line 24: client and ipChain disagree; client wins.
	if e := byLine[24]; e.IP != "192.168.1.10" || e.City != "Bay Shore" {
		t.Errorf("line 24 = %+v", e)
	}
	// Line 15: a mixed-case login is lower-cased.
	if e := byLine[15]; e.Actor != "snipped_user@domain.com" {
		t.Errorf("line 15 actor = %q", e.Actor)
	}
}

func TestMaxLine(t *testing.T) {
	good, err := os.ReadFile("testdata/system_log.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	first := good[:bytes.IndexByte(good, '\n')+1]
	// A 20 MB line between two good ones.
	huge := bytes.Repeat([]byte("a"), 20<<20)
	dir := t.TempDir()
	var jl bytes.Buffer
	jl.Write(first)
	jl.WriteString(`{"uuid":"`)
	jl.Write(huge)
	jl.WriteString("\"}\n")
	jl.Write(first)
	lines := filepath.Join(dir, "huge.jsonl")
	if err := os.WriteFile(lines, jl.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	// The same as an array.
	var arr bytes.Buffer
	arr.WriteString("[\n")
	arr.Write(bytes.TrimSpace(first))
	arr.WriteString(",\n{\"uuid\":\"")
	arr.Write(huge)
	arr.WriteString("\"},\n")
	arr.Write(bytes.TrimSpace(first))
	arr.WriteString("\n]\n")
	array := filepath.Join(dir, "huge.json")
	if err := os.WriteFile(array, arr.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	huge, jl, arr = nil, bytes.Buffer{}, bytes.Buffer{}

	const limit = 256 << 10
	for _, tt := range []struct {
		path       string
		lines      []int
		rejectLine int
		what       string
	}{
		{lines, []int{1, 3}, 2, "line of 20971531 bytes is longer than the limit of 262144 bytes"},
		{array, []int{2, 4}, 3, "element of 20971531 bytes is longer than the limit of 262144 bytes"},
	} {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			rec, err := extract(t, okta.New(nil, okta.WithMaxLine(limit), okta.WithWorkers(1)), tt.path)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
				t.Errorf("reading a 20 MB line allocated %d bytes; want it skipped without being held", got)
			}
			if len(rec.events) != 2 || rec.events[0].Origin.Line != tt.lines[0] || rec.events[1].Origin.Line != tt.lines[1] {
				t.Errorf("events = %v", rec.order)
			}
			if len(rec.rejects) != 1 || rec.rejects[0].Reason != tt.what || rec.rejects[0].Line != tt.rejectLine {
				t.Errorf("rejects = %+v", rec.rejects)
			}
		})
	}
}

// TestWorkersKeepOrder reads a large file with interleaved bad rows using
// several worker counts: the output is the same, in file order.
func TestWorkersKeepOrder(t *testing.T) {
	path := writeBenchFile(t, 3000)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := bytes.SplitAfter(data, []byte("\n"))
	for i := 7; i < len(rows); i += 97 {
		rows[i] = append(rows[i][:len(rows[i])/2:len(rows[i])/2], '\n') // cut short
	}
	mixed := filepath.Join(t.TempDir(), "mixed.jsonl")
	if err := os.WriteFile(mixed, bytes.Join(rows, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	base, err := extract(t, okta.New(nil, okta.WithWorkers(1)), mixed)
	if err != nil {
		t.Fatal(err)
	}
	if len(base.events)+len(base.rejects) != 3000 || len(base.rejects) == 0 {
		t.Fatalf("read %d events and %d rejects", len(base.events), len(base.rejects))
	}
	for _, workers := range []int{2, 3, 8} {
		got, err := extract(t, okta.New(nil, okta.WithWorkers(workers)), mixed)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.order, base.order) || !reflect.DeepEqual(got.events, base.events) || !reflect.DeepEqual(got.rejects, base.rejects) {
			t.Errorf("workers=%d: output differs from workers=1", workers)
		}
	}
}

// failingEmitter fails after n rows.
type failingEmitter struct{ n int }

var errStop = errors.New("stop")

func (f *failingEmitter) Accept(mosaic.Record) error {
	if f.n--; f.n < 0 {
		return errStop
	}
	return nil
}
func (f *failingEmitter) AcceptMany([]mosaic.Record) error { return nil }
func (f *failingEmitter) Reject(mosaic.Reject) error       { return f.Accept(nil) }

func TestEmitterErrorStops(t *testing.T) {
	path := writeBenchFile(t, 5000)
	for _, workers := range []int{1, 2, 4} {
		before := runtime.NumGoroutine()
		err := okta.New(nil, okta.WithWorkers(workers)).Extract(context.Background(),
			mosaic.File{Path: "okta/x.jsonl", Abs: path}, &failingEmitter{n: 1000})
		if !errors.Is(err, errStop) {
			t.Errorf("workers=%d: err = %v, want the emitter's error", workers, err)
		}
		// Other tests of the package run in parallel and start goroutines
		// of their own: wait a moment for the count to settle before
		// calling anything a leak.
		after := runtime.NumGoroutine()
		for deadline := time.Now().Add(2 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
			time.Sleep(10 * time.Millisecond)
		}
		if after > before {
			t.Errorf("workers=%d: %d goroutines left running", workers, after-before)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	path := writeBenchFile(t, 2000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, workers := range []int{1, 2} {
		err := okta.New(nil, okta.WithWorkers(workers)).Extract(ctx, mosaic.File{Path: "okta/x.jsonl", Abs: path}, &recorder{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("workers=%d: err = %v, want context.Canceled", workers, err)
		}
	}
}

func TestMissingFile(t *testing.T) {
	err := okta.New(nil).Extract(context.Background(), mosaic.File{Path: "okta/gone.jsonl", Abs: filepath.Join(t.TempDir(), "gone.jsonl")}, &recorder{})
	if mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Fatalf("err = %v, want not_found", err)
	}
}

// TestHostileInput feeds small broken files; none may panic, and every
// non-blank line is accepted or rejected.
func TestHostileInput(t *testing.T) {
	okEvent := `{"uuid":"u1","published":"2026-03-02T14:05:11Z","eventType":"user.session.start"}`
	tests := []struct {
		name     string
		input    string
		accepted int
		rejected int
		errCode  string
	}{
		{"bom", "\xEF\xBB\xBF" + okEvent + "\n", 1, 0, ""},
		{"crlf", okEvent + "\r\n" + okEvent + "\r\n", 2, 0, ""},
		{"no final newline", okEvent + "\n" + okEvent, 2, 0, ""},
		{"leading blank lines", "\n\n  \n" + okEvent + "\n", 1, 0, ""},
		{"deep nesting", `{"uuid":"u","published":"2026-03-02T14:05:11Z","x":` + strings.Repeat("[", 100000) + "\n" + okEvent, 1, 1, ""},
		{"lone surrogate", `{"uuid":"u\ud800","published":"2026-03-02T14:05:11Z","eventType":"e"}`, 1, 0, ""},
		{"bad escape", `{"uuid":"u\x","published":"2026-03-02T14:05:11Z"}` + "\n" + okEvent, 1, 1, ""},
		{"control char", "{\"uuid\":\"u\x01\",\"published\":\"2026-03-02T14:05:11Z\"}\n" + okEvent, 1, 1, ""},
		{"nul bytes", "\x00\x00\x00", 0, 0, mosaic.EINVALID},
		{"just a brace", "{", 0, 1, ""},
		{"empty object", "{}\n" + okEvent, 1, 1, ""},
		{"wrong types", `{"uuid":"u","published":"2026-03-02T14:05:11Z","actor":"x","client":[1,2],"securityContext":{"asNumber":"x","isProxy":"maybe"},"request":{"ipChain":{"ip":1}}}`, 1, 0, ""},
		{"huge number", `{"uuid":"u","published":"2026-03-02T14:05:11Z","securityContext":{"asNumber":1e999},"client":{"geographicalContext":{"geolocation":{"lat":1e999,"lon":-1e999}}}}`, 1, 0, ""},
		{"array of junk", `[1, "two", null, {"uuid":"u","published":"2026-03-02T14:05:11Z"}, [3]]`, 1, 4, ""},
		{"array never closed", `[` + okEvent + `,`, 1, 1, ""},
		{"empty array", `[]`, 0, 0, ""},
		{"two pages", `[` + okEvent + "]\n[" + okEvent + "]", 2, 0, ""},
		{"garbage after array", `[` + okEvent + "] trailing", 1, 1, ""},
		{"array with leading comma", `[,` + okEvent + `]`, 0, 1, ""},
		{"unbalanced quote in array", `[{"uuid":"u}, ` + okEvent + `]`, 0, 1, ""},
		{"close brace first", "}\n", 0, 0, mosaic.EINVALID},
		{"array trailing comma", `[` + okEvent + `,]`, 1, 0, ""},
		{"array element cut", `[{"uuid":"u","pub`, 0, 1, ""},
		{"pretty then broken", "{\n  \"uuid\": \"u\",\n  \"published\": \"2026-03-02T14:05:11Z\"\n}\n}\n", 1, 1, ""},
		{"published not a string", `{"uuid":"u","published":20260302}`, 0, 1, ""},
		{"uuid null", `{"uuid":null,"published":"2026-03-02T14:05:11Z","eventType":"x"}`, 0, 1, ""},
	}
	for _, tt := range tests {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/workers=%d", tt.name, workers), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "in.json")
				if err := os.WriteFile(path, []byte(tt.input), 0o600); err != nil {
					t.Fatal(err)
				}
				rec, err := extract(t, okta.New(nil, okta.WithWorkers(workers)), path)
				if mosaic.ErrorCode(err) != tt.errCode {
					t.Fatalf("err = %v, want code %q", err, tt.errCode)
				}
				if len(rec.events) != tt.accepted || len(rec.rejects) != tt.rejected {
					t.Errorf("accepted %d, rejected %d (%+v); want %d and %d", len(rec.events), len(rec.rejects), rec.rejects, tt.accepted, tt.rejected)
				}
				for _, r := range rec.rejects {
					if r.Reason == "" || r.Line < 1 {
						t.Errorf("reject without reason or line: %+v", r)
					}
				}
			})
		}
	}
}
