package osquery_test

import (
	"bytes"
	"context"
	"encoding/json"
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
	"github.com/mosaic-sec/mosaic/osquery"
)

// call is one emitter call: "accept", "many" or "reject", at a line.
type call struct {
	kind string
	line int
	rows []mosaic.HostRow
	rej  mosaic.Reject
}

type recorder struct{ calls []call }

func (r *recorder) Accept(rec mosaic.Record) error {
	row := rec.(mosaic.HostRow)
	r.calls = append(r.calls, call{kind: "accept", line: row.Origin.Line, rows: []mosaic.HostRow{row}})
	return nil
}

func (r *recorder) AcceptMany(recs []mosaic.Record) error {
	c := call{kind: "many", line: -1, rows: []mosaic.HostRow{}}
	for _, rec := range recs {
		row := rec.(mosaic.HostRow)
		c.rows = append(c.rows, row)
		c.line = row.Origin.Line
	}
	r.calls = append(r.calls, c)
	return nil
}

func (r *recorder) Reject(rej mosaic.Reject) error {
	r.calls = append(r.calls, call{kind: "reject", line: rej.Line, rej: rej})
	return nil
}

func (r *recorder) rows() []mosaic.HostRow {
	var out []mosaic.HostRow
	for _, c := range r.calls {
		out = append(out, c.rows...)
	}
	return out
}

func (r *recorder) rejects() []mosaic.Reject {
	var out []mosaic.Reject
	for _, c := range r.calls {
		if c.kind == "reject" {
			out = append(out, c.rej)
		}
	}
	return out
}

func extract(t *testing.T, x *osquery.Extractor, path string) (*recorder, error) {
	t.Helper()
	rec := &recorder{}
	err := x.Extract(context.Background(), mosaic.File{Path: "osquery/" + filepath.Base(path), Abs: path, Kind: mosaic.KindOsquery}, rec)
	return rec, err
}

func TestKinds(t *testing.T) {
	if got := osquery.New(nil).Kinds(); !reflect.DeepEqual(got, []mosaic.Kind{mosaic.KindOsquery}) {
		t.Fatalf("Kinds() = %v", got)
	}
}

func TestResults(t *testing.T) {
	rec, err := extract(t, osquery.New(nil), "testdata/osqueryd.results.log")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.rejects()) != 0 {
		t.Fatalf("rejects: %+v", rec.rejects())
	}
	for i, c := range rec.calls {
		if c.kind != "accept" || c.line != i+1 {
			t.Fatalf("call %d = %s at line %d; want one Accept per line", i, c.kind, c.line)
		}
	}
	wantQuery := []string{
		"programs", "programs", "usb_devices", "keyboard_layouts", "time_zone",
		"programs", "keyboard_layouts", "time_zone", "usb_devices", "programs",
		"keyboard_layouts", "processes", "listening_ports",
		// named by the company, recognised by columns
		"programs", "usb_devices", "keyboard_layouts", "time_zone", "processes", "listening_ports", "programs",
		"", "",
	}
	rows := rec.rows()
	if len(rows) != len(wantQuery) {
		t.Fatalf("got %d rows, want %d", len(rows), len(wantQuery))
	}
	for i, row := range rows {
		if row.Query != wantQuery[i] {
			t.Errorf("line %d (%s): Query = %q, want %q", i+1, row.Name, row.Query, wantQuery[i])
		}
	}

	first := rows[0]
	want := mosaic.HostRow{
		Query: "programs", Name: "pack_mosaic_programs", HostIdentifier: "NW-LT-7012", Hostname: "NW-LT-7012",
		Serial: "5CG1234XYZ", Username: "dana.whitfield", Time: time.Unix(1772413200, 0).UTC(), Action: "added",
		Columns: map[string]string{"install_date": "20260302", "name": "AnyDesk", "publisher": "AnyDesk Software GmbH", "version": "8.0.11"},
		Origin:  mosaic.Origin{File: "osquery/osqueryd.results.log", Line: 1, EventID: first.Origin.EventID},
	}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("row 1:\n got %+v\nwant %+v", first, want)
	}
	if len(first.Origin.EventID) != 32 {
		t.Errorf("EventID = %q, want 32 hex digits", first.Origin.EventID)
	}
	if rows[1].Action != "removed" {
		t.Errorf("row 2 action = %q", rows[1].Action)
	}
	// No hostname decoration: hostIdentifier stands in.
	if r := rows[9]; r.Hostname != "nw-dev-ubuntu-03" || r.Serial != "" || r.Username != "omar" {
		t.Errorf("row 10 = %+v", r)
	}
	// unixTime as a string, and absent (calendarTime then).
	if r := rows[9]; !r.Time.Equal(time.Unix(1772416800, 0)) {
		t.Errorf("row 10 time = %v", r.Time)
	}
	if r := rows[10]; !r.Time.Equal(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)) || r.Time.Location() != time.UTC {
		t.Errorf("row 11 time = %v", r.Time)
	}
	// numerics: numbers as strings, written plainly.
	if got := rows[12].Columns; got["port"] != "21118" || got["pid"] != "2231" || got["protocol"] != "6" {
		t.Errorf("row 13 columns = %v", got)
	}
	wantSchedule := map[string]string{"average_memory": "1500", "executions": "12", "denylisted": "false", "interval": "3600", "last_executed": "", "name": "processes", "wall_time": "0.25"}
	if got := rows[21].Columns; !reflect.DeepEqual(got, wantSchedule) {
		t.Errorf("row 22 columns = %v, want %v", got, wantSchedule)
	}
	// Windows paths keep their backslashes.
	if got := rows[3].Columns["path"]; got != `HKEY_USERS\S-1-5-21-3623811015-3361044348-30300820-1013\Keyboard Layout\Preload\2` {
		t.Errorf("row 4 path = %q", got)
	}
}

func TestSnapshots(t *testing.T) {
	rec, err := extract(t, osquery.New(nil), "testdata/osqueryd.snapshots.log")
	if err != nil {
		t.Fatal(err)
	}
	type shape struct {
		kind    string
		rows    int
		actions string
	}
	want := []shape{
		{"many", 3, "snapshot,snapshot,snapshot"},
		{"many", 0, ""}, // an empty snapshot is still one row read
		{"many", 1, "snapshot"},
		{"accept", 1, "snapshot"}, // event format: one snapshot row per line
		{"many", 2, "added,removed"},
	}
	if len(rec.calls) != len(want) {
		t.Fatalf("got %d calls, want %d", len(rec.calls), len(want))
	}
	for i, w := range want {
		c := rec.calls[i]
		var actions []string
		for _, r := range c.rows {
			actions = append(actions, r.Action)
			if r.Origin.Line != i+1 {
				t.Errorf("line %d: row origin line %d", i+1, r.Origin.Line)
			}
		}
		if got := (shape{c.kind, len(c.rows), strings.Join(actions, ",")}); got != w {
			t.Errorf("line %d: %+v, want %+v", i+1, got, w)
		}
	}
	programs := rec.calls[0].rows
	if programs[1].Columns["name"] != "AnyDesk" || programs[1].Query != "programs" || programs[1].Serial != "5CG1234XYZ" {
		t.Errorf("snapshot row = %+v", programs[1])
	}
	if programs[0].Origin.EventID == programs[1].Origin.EventID {
		t.Error("two snapshot rows share an EventID")
	}
	batch := rec.calls[4].rows
	if batch[0].Query != "processes" || batch[0].Columns["path"] != `C:\Program Files (x86)\AnyDesk\AnyDesk.exe` {
		t.Errorf("batch row = %+v", batch[0])
	}
}

func TestBrokenLines(t *testing.T) {
	rec, err := extract(t, osquery.New(nil), "testdata/broken.log")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind   string
		line   int
		column string
		reason string
	}{
		{"accept", 1, "", ""},
		{"reject", 2, "", "JSON cut short at byte 150"},
		{"reject", 3, "", "invalid JSON at byte 1: unexpected character looking for beginning of value"},
		{"reject", 4, "name", "name is missing"},
		{"reject", 5, "hostIdentifier", "hostIdentifier is missing"},
		{"reject", 6, "unixTime", "unixTime and calendarTime are missing or not times"},
		{"reject", 7, "action", "action must be added, removed or snapshot"},
		{"reject", 8, "columns", "columns is missing"},
		{"reject", 9, "columns", "columns is not an object"},
		{"reject", 10, "snapshot", "snapshot is not an array"},
		{"reject", 11, "snapshot", "snapshot row 2 is not an object"},
		{"reject", 13, "", "invalid UTF-8 at byte"},
		{"reject", 14, "", "not a JSON object"},
		{"accept", 15, "", ""},
		{"reject", 16, "", "invalid JSON at byte"},
	}
	if len(rec.calls) != len(want) {
		for _, c := range rec.calls {
			t.Logf("%s %d %+v", c.kind, c.line, c.rej)
		}
		t.Fatalf("got %d calls, want %d", len(rec.calls), len(want))
	}
	for i, w := range want {
		c := rec.calls[i]
		if c.kind != w.kind || c.line != w.line || c.rej.Column != w.column || !strings.HasPrefix(c.rej.Reason, w.reason) {
			t.Errorf("call %d = %s line %d %+v; want %s line %d column %q reason %q", i, c.kind, c.line, c.rej, w.kind, w.line, w.column, w.reason)
		}
		if c.kind == "reject" && c.rej.File != "osquery/broken.log" {
			t.Errorf("reject file = %q", c.rej.File)
		}
	}
}

func TestNotOsquery(t *testing.T) {
	_, err := extract(t, osquery.New(nil), "testdata/not_osquery.csv")
	if mosaic.ErrorCode(err) != mosaic.EINVALID || mosaic.ErrorMessage(err) != "osquery/not_osquery.csv is not an osquery result log (expected JSON lines)" {
		t.Fatalf("err = %v", err)
	}
	rec, err := extract(t, osquery.New(nil), "testdata/empty.log")
	if err != nil || len(rec.calls) != 0 {
		t.Fatalf("empty file: %v, %d calls", err, len(rec.calls))
	}
	_, err = extract(t, osquery.New(nil), filepath.Join(t.TempDir(), "gone.log"))
	if mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Fatalf("missing file: %v", err)
	}
}

// TestEventIDs: re-reading gives the same ids; a row logged again at
// another time or with another value gets a new one.
func TestEventIDs(t *testing.T) {
	a, _ := extract(t, osquery.New(nil), "testdata/osqueryd.results.log")
	b, _ := extract(t, osquery.New(nil), "testdata/osqueryd.results.log")
	seen := map[string]bool{}
	for i, row := range a.rows() {
		if row.Origin.EventID != b.rows()[i].Origin.EventID {
			t.Fatalf("row %d: EventID differs between reads", i+1)
		}
		if seen[row.Origin.EventID] {
			t.Errorf("row %d: EventID repeats", i+1)
		}
		seen[row.Origin.EventID] = true
	}

	base := `{"name":"pack_mosaic_programs","hostIdentifier":"h","unixTime":1772413200,"action":"added","columns":{"name":"AnyDesk","version":"8"}}`
	variants := []string{
		base,
		strings.Replace(base, `"unixTime":1772413200`, `"unixTime":1772413201`, 1),
		strings.Replace(base, `"added"`, `"removed"`, 1),
		strings.Replace(base, `"8"`, `"9"`, 1),
		strings.Replace(base, `"hostIdentifier":"h"`, `"hostIdentifier":"h2"`, 1),
		// the same facts in another key order and with a counter: same id
		`{"counter":7,"columns":{"version":"8","name":"AnyDesk"},"action":"added","unixTime":"1772413200","hostIdentifier":"h","name":"pack_mosaic_programs"}`,
	}
	path := filepath.Join(t.TempDir(), "ids.log")
	if err := os.WriteFile(path, []byte(strings.Join(variants, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	rec, err := extract(t, osquery.New(nil), path)
	if err != nil {
		t.Fatal(err)
	}
	rows := rec.rows()
	ids := map[string]int{}
	for _, r := range rows[:5] {
		ids[r.Origin.EventID]++
	}
	if len(ids) != 5 {
		t.Errorf("five different rows got %d ids", len(ids))
	}
	if rows[5].Origin.EventID != rows[0].Origin.EventID {
		t.Errorf("the same row reordered got another id")
	}
}

// TestRealSamples reads public osquery logs (msticpy) and the sample
// bundle: no rejects, and every line is accounted for.
func TestRealSamples(t *testing.T) {
	files, _ := filepath.Glob("../../shared/realdata/osquery/*.log")
	files = append(files, "../../shared/contract/sample/osquery/osqueryd.results.log")
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if errors.Is(err, os.ErrNotExist) {
				t.Skipf("%s is absent (shared real data is not part of the repository)", path)
			}
			if err != nil {
				t.Fatal(err)
			}
			lines := 0
			for _, l := range bytes.Split(data, []byte("\n")) {
				if len(bytes.TrimSpace(l)) > 0 {
					lines++
				}
			}
			rec, err := extract(t, osquery.New(nil), path)
			if err != nil {
				t.Fatal(err)
			}
			accepted, rejected := 0, len(rec.rejects())
			for _, c := range rec.calls {
				if c.kind != "reject" {
					accepted++
				}
			}
			if rejected != 0 {
				t.Errorf("rejects: %+v", rec.rejects())
			}
			if accepted+rejected != lines {
				t.Errorf("read %d lines, accepted %d + rejected %d", lines, accepted, rejected)
			}
			if strings.Contains(path, "contract") {
				for _, row := range rec.rows() {
					if row.Query == "" || row.Serial == "" || row.Hostname == "" {
						t.Fatalf("sample row not recognised or not tied to a laptop: %+v", row)
					}
				}
			}
		})
	}
}

func TestMaxLine(t *testing.T) {
	good := `{"name":"pack_mosaic_programs","hostIdentifier":"h","unixTime":1772413200,"action":"added","columns":{"name":"AnyDesk"}}`
	var b bytes.Buffer
	b.WriteString(good + "\n")
	b.WriteString(`{"name":"pack_mosaic_processes","hostIdentifier":"h","unixTime":1772413200,"snapshot":[`)
	row := `{"pid":"1","name":"x","path":"/x","cmdline":"` + strings.Repeat("y", 1000) + `"},`
	for b.Len() < 20<<20 {
		b.WriteString(row)
	}
	b.WriteString(`{}],"action":"snapshot"}` + "\n")
	b.WriteString(good + "\n")
	path := filepath.Join(t.TempDir(), "huge.log")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	size := b.Len() - 2*len(good+"\n") - 1
	b = bytes.Buffer{}

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rec, err := extract(t, osquery.New(nil, osquery.WithMaxLine(1<<20)), path)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 { // the 1 MiB limit, grown by doubling, and bufio
		t.Errorf("reading a 20 MB line allocated %d bytes; want it skipped without being held", got)
	}
	want := fmt.Sprintf("line of %d bytes is longer than the limit of 1048576 bytes", size)
	if len(rec.calls) != 3 || rec.calls[1].kind != "reject" || rec.calls[1].line != 2 || rec.calls[1].rej.Reason != want || rec.calls[2].line != 3 {
		t.Errorf("calls = %+v", rec.calls)
	}
}

// TestHostileInput: odd lines never panic and each is accepted or rejected.
func TestHostileInput(t *testing.T) {
	ok := `{"name":"n","hostIdentifier":"h","unixTime":1,"action":"added","columns":{}}`
	tests := []struct {
		name             string
		input            string
		accepted, reject int
		errCode          string
	}{
		{"bom and crlf", "\xEF\xBB\xBF" + ok + "\r\n" + ok + "\r\n", 2, 0, ""},
		{"no final newline", ok + "\n" + ok, 2, 0, ""},
		{"only blank lines", "\n \n\t\n", 0, 0, ""},
		{"leading blanks", "\n\n" + ok, 1, 0, ""},
		{"xml", "<results/>", 0, 0, mosaic.EINVALID},
		{"json array file", "[" + ok + "]", 0, 0, mosaic.EINVALID},
		{"deep nesting", `{"name":"n","hostIdentifier":"h","unixTime":1,"action":"added","columns":{"a":` + strings.Repeat("[", 20000) + "}\n" + ok, 1, 1, ""},
		{"nested column values", `{"name":"n","hostIdentifier":"h","unixTime":1,"action":"added","columns":{"a":{"b": [1, 2]},"c":"\u00e9\n"}}`, 1, 0, ""},
		{"wrong types", `{"name":{"x":1},"hostIdentifier":"h","unixTime":1,"action":"added","columns":{}}` + "\n" + `{"name":"n","hostIdentifier":["h"],"unixTime":1,"action":"added","columns":{}}`, 0, 2, ""},
		{"decorations not object", `{"name":"n","hostIdentifier":"h","unixTime":1,"action":"added","columns":{},"decorations":"x"}`, 0, 1, ""},
		{"unixTime negative, calendarTime ok", `{"name":"n","hostIdentifier":"h","unixTime":-5,"calendarTime":"Mon Mar  2 01:00:00 2026 UTC","action":"added","columns":{}}`, 1, 0, ""},
		{"unixTime huge", `{"name":"n","hostIdentifier":"h","unixTime":1e300,"action":"added","columns":{}}`, 0, 1, ""},
		{"diffResults wrong", `{"name":"n","hostIdentifier":"h","unixTime":1,"diffResults":[1]}` + "\n" + `{"name":"n","hostIdentifier":"h","unixTime":1,"diffResults":{"added":[1]}}`, 0, 2, ""},
		{"null snapshot falls back to columns", `{"name":"n","hostIdentifier":"h","unixTime":1,"snapshot":null,"action":"added","columns":{"a":"b"}}`, 1, 0, ""},
		{"number as host", `{"name":"n","hostIdentifier":42,"unixTime":1,"action":"added","columns":{}}`, 1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "in.log")
			if err := os.WriteFile(path, []byte(tt.input), 0o600); err != nil {
				t.Fatal(err)
			}
			rec, err := extract(t, osquery.New(nil), path)
			if mosaic.ErrorCode(err) != tt.errCode {
				t.Fatalf("err = %v, want code %q", err, tt.errCode)
			}
			if got := len(rec.calls) - len(rec.rejects()); got != tt.accepted || len(rec.rejects()) != tt.reject {
				t.Errorf("accepted %d, rejected %d (%+v); want %d and %d", got, len(rec.rejects()), rec.rejects(), tt.accepted, tt.reject)
			}
		})
	}
}

// failingEmitter fails on its first call.
type failingEmitter struct{}

var errStop = errors.New("stop")

func (failingEmitter) Accept(mosaic.Record) error       { return errStop }
func (failingEmitter) AcceptMany([]mosaic.Record) error { return errStop }
func (failingEmitter) Reject(mosaic.Reject) error       { return errStop }

func TestEmitterErrorAndContext(t *testing.T) {
	f := mosaic.File{Path: "osquery/r.log", Abs: "testdata/osqueryd.results.log"}
	if err := osquery.New(nil).Extract(context.Background(), f, failingEmitter{}); !errors.Is(err, errStop) {
		t.Errorf("err = %v, want the emitter's", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := osquery.New(nil).Extract(ctx, f, &recorder{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestPack(t *testing.T) {
	var p struct {
		Version string `json:"version"`
		Queries map[string]struct {
			Query       string `json:"query"`
			Interval    int    `json:"interval"`
			Platform    string `json:"platform"`
			Description string `json:"description"`
		} `json:"queries"`
	}
	dec := json.NewDecoder(bytes.NewReader(osquery.Pack()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("pack is not the JSON of an osquery pack: %v", err)
	}
	platforms := map[string]bool{"windows": true, "darwin": true, "linux": true, "posix": true, "all": true}
	// Every query of the contract has a Windows form and a macOS and Linux one.
	covered := map[string]map[string]bool{}
	for name, q := range p.Queries {
		if q.Query == "" || !strings.HasSuffix(q.Query, ";") || q.Interval <= 0 || q.Description == "" {
			t.Errorf("%s: incomplete: %+v", name, q)
		}
		if !platforms[q.Platform] {
			t.Errorf("%s: platform %q", name, q.Platform)
		}
		// The rows this query logs are recognised by their name.
		query := osquery.Recognise("pack_mosaic_"+name, nil)
		if query == "" {
			t.Errorf("pack_mosaic_%s is not recognised", name)
			continue
		}
		if covered[query] == nil {
			covered[query] = map[string]bool{}
		}
		switch q.Platform {
		case "all":
			covered[query]["windows"], covered[query]["darwin"], covered[query]["linux"] = true, true, true
		case "posix":
			covered[query]["darwin"], covered[query]["linux"] = true, true
		default:
			covered[query][q.Platform] = true
		}
	}
	for _, query := range []string{"programs", "usb_devices", "keyboard_layouts", "time_zone", "processes", "listening_ports"} {
		for _, platform := range []string{"windows", "darwin", "linux"} {
			if !covered[query][platform] {
				t.Errorf("the pack has no %s query for %s", query, platform)
			}
		}
	}
	// The contract's Windows SQL, as given.
	for name, sql := range map[string]string{
		"programs":         "SELECT name, version, publisher, install_date FROM programs;",
		"keyboard_layouts": `SELECT path, data FROM registry WHERE key LIKE 'HKEY_USERS\%\Keyboard Layout\Preload';`,
		"time_zone":        `SELECT data AS time_zone_key_name FROM registry WHERE path = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\TimeZoneInformation\TimeZoneKeyName';`,
		"usb_devices":      "SELECT vendor, vendor_id, model, model_id, serial, removable FROM usb_devices;",
	} {
		if p.Queries[name].Query != sql {
			t.Errorf("%s query = %q, want %q", name, p.Queries[name].Query, sql)
		}
	}
	// Pack returns a copy.
	a := osquery.Pack()
	a[0] = 'x'
	if osquery.Pack()[0] == 'x' {
		t.Error("Pack() exposes the embedded bytes")
	}
}

func TestRecognise(t *testing.T) {
	tests := []struct {
		name    string
		columns map[string]string
		want    string
	}{
		{"pack_mosaic_programs", nil, "programs"},
		{"pack_it-inventory_deb_packages", nil, "programs"},
		{"pack_mosaic_usb_devices_windows", nil, "usb_devices"},
		{"pack_mosaic_keyboard_layouts_macos", nil, "keyboard_layouts"},
		{"pack_mosaic_time_zone_posix", nil, "time_zone"},
		{"pack_osquery-custom-pack_processes", nil, "processes"},
		{"pack_incident-response_listening_ports", nil, "listening_ports"},
		{"listening_ports", nil, "listening_ports"},
		{"PACK_MOSAIC_PROGRAMS", nil, "programs"},
		{"pack_osquery-snapshots-pack_python_packages", map[string]string{"name": "Babel", "version": "2.5.1", "summary": "", "author": "", "path": "", "directory": "", "license": ""}, ""},
		{"pack_incident-response_process_memory", nil, ""},
		{"fim", map[string]string{"target_path": "/etc/hosts", "action": "UPDATED"}, ""},
		{"q1", map[string]string{"name": "7-Zip", "version": "23.01", "publisher": "Igor Pavlov", "install_date": ""}, "programs"},
		{"q2", map[string]string{"name": "Slack.app", "version": "4.41", "bundle_identifier": "com.tinyspeck.slackmacgap"}, "programs"},
		{"q3", map[string]string{"name": "curl", "version": "8.5.0", "source": "curl"}, "programs"},
		{"q4", map[string]string{"vendor_id": "046d", "model_id": "c52b"}, "usb_devices"},
		{"q5", map[string]string{"path": `HKEY_USERS\S-1-5-21-1\Keyboard Layout\Preload\1`, "data": "00000419"}, "keyboard_layouts"},
		{"q6", map[string]string{"path": `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\x`, "data": "x"}, ""},
		{"q7", map[string]string{"time_zone_key_name": "Korea Standard Time"}, "time_zone"},
		{"q8", map[string]string{"local_timezone": "KST", "unix_time": "1"}, "time_zone"},
		{"q9", map[string]string{"pid": "1", "name": "launchd", "path": "/sbin/launchd", "cmdline": "/sbin/launchd", "uid": "0"}, "processes"},
		{"q10", map[string]string{"pid": "1", "port": "22", "protocol": "6", "address": "0.0.0.0", "name": "sshd", "path": "/usr/sbin/sshd"}, "listening_ports"},
		{"q11", map[string]string{"domain": "com.apple.HIToolbox", "key": "AppleEnabledInputSources", "value": "com.apple.keylayout.Russian"}, "keyboard_layouts"},
		{"q12", map[string]string{"name": "x", "publisher": "y", "active": "1"}, ""},
	}
	for _, tt := range tests {
		if got := osquery.Recognise(tt.name, tt.columns); got != tt.want {
			t.Errorf("Recognise(%q, %v) = %q, want %q", tt.name, tt.columns, got, tt.want)
		}
	}
}
