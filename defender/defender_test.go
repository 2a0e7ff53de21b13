package defender_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/defender"
)

// recorder keeps what the extractor emits: one call per row read.
type recorder struct {
	rows    []mosaic.HostRow
	rejects []mosaic.Reject
	calls   int // Accept, AcceptMany and Reject calls: rows read
	empty   int // rows accepted with no record
}

func (r *recorder) Accept(rec mosaic.Record) error {
	r.calls++
	r.rows = append(r.rows, rec.(mosaic.HostRow))
	return nil
}

func (r *recorder) AcceptMany(recs []mosaic.Record) error {
	r.calls++
	if len(recs) == 0 {
		r.empty++
	}
	for _, rec := range recs {
		r.rows = append(r.rows, rec.(mosaic.HostRow))
	}
	return nil
}

func (r *recorder) Reject(rej mosaic.Reject) error {
	r.calls++
	r.rejects = append(r.rejects, rej)
	return nil
}

func extract(t *testing.T, name string) (*recorder, error) {
	t.Helper()
	rec := &recorder{}
	path := filepath.Join("testdata", name)
	err := defender.New(nil).Extract(context.Background(), mosaic.File{Path: "defender/" + name, Abs: path, Kind: mosaic.KindDefender}, rec)
	return rec, err
}

func mustExtract(t *testing.T, name string) *recorder {
	t.Helper()
	rec, err := extract(t, name)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestKinds(t *testing.T) {
	if got := defender.New(nil).Kinds(); !reflect.DeepEqual(got, []mosaic.Kind{mosaic.KindDefender}) {
		t.Fatalf("Kinds() = %v", got)
	}
}

func TestSoftwareInventoryCSV(t *testing.T) {
	rec := mustExtract(t, "tvm_software_inventory.csv")
	if len(rec.rejects) != 0 || len(rec.rows) != 5 || rec.calls != 5 {
		t.Fatalf("rows %d, rejects %+v, calls %d; want 5 rows", len(rec.rows), rec.rejects, rec.calls)
	}
	first := rec.rows[0]
	want := mosaic.HostRow{
		Query: "programs", Name: "defender.DeviceTvmSoftwareInventory",
		HostIdentifier: "c4e9b1f07a2d4e8f9b3c5d6e7f8091a2b3c4d5e6", Hostname: "nw-lt-7012.northwind.example",
		Action:  "snapshot",
		Columns: map[string]string{"name": "anydesk", "version": "8.0.11.0", "publisher": "anydesk"},
		Origin:  mosaic.Origin{File: "defender/tvm_software_inventory.csv", Line: 2, EventID: first.Origin.EventID},
	}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("row 1:\n got %+v\nwant %+v", first, want)
	}
	if len(first.Origin.EventID) != 32 {
		t.Errorf("EventID = %q, want 32 hex digits", first.Origin.EventID)
	}
	// Defender's snake_case names are read with spaces, so the catalogue's
	// patterns ("chrome remote desktop", "mouse ?jiggler") match them.
	if got := rec.rows[2].Columns["name"]; got != "chrome remote desktop" {
		t.Errorf("row 3 name = %q", got)
	}
	if got := rec.rows[4].Columns["name"]; got != "mouse jiggler" {
		t.Errorf("row 5 name = %q", got)
	}
}

func TestPnpDeviceEventsCSV(t *testing.T) {
	rec := mustExtract(t, "device_events_pnp.csv")
	if len(rec.rejects) != 0 || rec.calls != 4 || rec.empty != 1 || len(rec.rows) != 3 {
		t.Fatalf("rows %d, empty %d, rejects %+v; want 3 rows and one other event", len(rec.rows), rec.empty, rec.rejects)
	}
	kvm := rec.rows[0]
	if kvm.Query != "usb_devices" || kvm.Hostname != "nw-lt-7012.northwind.example" || kvm.Username != "" ||
		!kvm.Time.Equal(time.Date(2026, 3, 2, 1, 4, 12, 345678900, time.UTC)) {
		t.Errorf("row 1 = %+v", kvm)
	}
	wantCols := map[string]string{"vendor_id": "1d6b", "model_id": "0104", "model": "USB Composite Device", "class": "USB", "serial": "CAFEBABE"}
	if !reflect.DeepEqual(kvm.Columns, wantCols) {
		t.Errorf("row 1 columns = %v, want %v", kvm.Columns, wantCols)
	}
	// A made-up instance id (with '&') is no serial.
	if _, ok := rec.rows[1].Columns["serial"]; ok {
		t.Errorf("row 2 columns = %v: Windows' made-up instance id taken as a serial", rec.rows[1].Columns)
	}
	// Mass storage has no VID/PID in its ids; it keeps its description.
	if got := rec.rows[2].Columns; got["vendor_id"] != "" || got["model"] != "SanDisk Ultra USB Device" || got["class"] != "DiskDrive" {
		t.Errorf("row 3 columns = %v", got)
	}
}

// The same event from the portal's CSV, the advanced hunting API and the
// streaming API is one row: same columns, same event id.
func TestSameEventAcrossShapes(t *testing.T) {
	csvRows := mustExtract(t, "device_events_pnp.csv")
	api := mustExtract(t, "advanced_hunting_api.json")
	stream := mustExtract(t, "streaming_records.json")
	if len(api.rejects)+len(stream.rejects) != 0 {
		t.Fatalf("rejects: %+v %+v", api.rejects, stream.rejects)
	}
	if len(api.rows) != 3 || api.calls != 3 {
		t.Fatalf("API: %d rows in %d calls, want 3", len(api.rows), api.calls)
	}
	// The stream's three records: the device, another DeviceEvents action
	// and a DeviceLogonEvents record, both read and accepted with nothing.
	if len(stream.rows) != 1 || stream.calls != 3 || stream.empty != 2 {
		t.Fatalf("stream: %d rows, %d calls, %d empty; want 1, 3, 2", len(stream.rows), stream.calls, stream.empty)
	}
	want := csvRows.rows[0]
	for name, got := range map[string]mosaic.HostRow{"API": api.rows[0], "stream": stream.rows[0]} {
		if got.Origin.EventID != want.Origin.EventID || !reflect.DeepEqual(got.Columns, want.Columns) || !got.Time.Equal(want.Time) {
			t.Errorf("%s row = %+v, want as CSV %+v", name, got, want)
		}
	}
	// AdditionalFields as an object (the API's second row) reads the same.
	if got := api.rows[1]; got.Columns["vendor_id"] != "534d" || got.Columns["model_id"] != "2109" || got.Username != "lee.chan" {
		t.Errorf("API row 2 = %+v", got)
	}
	if got := api.rows[2].Columns["model"]; got != "TinyPilot Virtual Keyboard" {
		t.Errorf("API row 3 model = %q", got)
	}
}

func TestIntuneAppInventory(t *testing.T) {
	rec := mustExtract(t, "intune_appinvrawdata.csv")
	if len(rec.rejects) != 0 || len(rec.rows) != 3 {
		t.Fatalf("rows %d, rejects %+v", len(rec.rows), rec.rejects)
	}
	r := rec.rows[0]
	if r.Query != "programs" || r.Name != "intune.AppInvRawData" || r.Hostname != "NW-LT-7012" ||
		r.Username != "dana.whitfield@northwind.example" || !r.Time.IsZero() {
		t.Errorf("row 1 = %+v", r)
	}
	want := map[string]string{"name": "AnyDesk", "version": "8.0.11", "publisher": "AnyDesk Software GmbH"}
	if !reflect.DeepEqual(r.Columns, want) {
		t.Errorf("row 1 columns = %v, want %v", r.Columns, want)
	}
}

type wantReject struct {
	line   int
	column string
	reason string
}

func checkRejects(t *testing.T, got []mosaic.Reject, want []wantReject) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rejects, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Line != w.line || g.Column != w.column || !strings.Contains(g.Reason, w.reason) {
			t.Errorf("reject %d = %+v, want line %d column %q reason ~%q", i, g, w.line, w.column, w.reason)
		}
	}
}

func TestBrokenCSV(t *testing.T) {
	rec := mustExtract(t, "broken.csv")
	checkRejects(t, rec.rejects, []wantReject{
		{3, "", "4 fields, the header 5"},
		{4, "devicename", "DeviceName is missing"},
		{5, "timestamp", "not a time"},
		{6, "timestamp", "Timestamp is missing"},
		{7, "additionalfields", "invalid JSON"},
		{8, "additionalfields", "none of ClassName"},
		{9, "additionalfields", "AdditionalFields is missing"},
		{10, "additionalfields", "invalid UTF-8"},
		{11, "", "not valid CSV"},
	})
	if len(rec.rows) != 2 || rec.calls != 11 {
		t.Fatalf("rows %d, calls %d; want 2 rows of 11 read", len(rec.rows), rec.calls)
	}
	for _, rej := range rec.rejects {
		if strings.Contains(rej.Reason, "nw-lt") || strings.Contains(rej.Reason, "PiKVM") {
			t.Errorf("reject quotes the row: %+v", rej)
		}
	}
}

func TestBrokenJSON(t *testing.T) {
	rec := mustExtract(t, "broken.jsonl")
	checkRejects(t, rec.rejects, []wantReject{
		{2, "", "cut short"},
		{3, "softwarename", "SoftwareName is missing"},
		{4, "devicename", "DeviceName is missing"},
		{5, "timestamp", "not a time"},
		{6, "", "not a JSON object"}, // [1,2]: two values, two rows
		{6, "", "not a JSON object"},
		{7, "additionalfields", "not a JSON object"},
		{8, "category", "not an advanced hunting record"},
	})
	if len(rec.rows) != 2 || rec.rows[1].Columns["version"] != "15" {
		t.Fatalf("rows = %+v; want 2, the second with a numeric version read as text", rec.rows)
	}
}

func TestNotDefender(t *testing.T) {
	for _, name := range []string{"not_defender.csv", "okta_system_log.jsonl"} {
		rec, err := extract(t, name)
		if err == nil || !strings.Contains(err.Error(), "is not a Microsoft Defender") {
			t.Errorf("%s: err = %v, want a not-Defender error", name, err)
		}
		if rec.calls != 0 {
			t.Errorf("%s: %d rows emitted before the error", name, rec.calls)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty.csv")
	os.WriteFile(empty, []byte("\xEF\xBB\xBF\n"), 0o644)
	rec := &recorder{}
	if err := defender.New(nil).Extract(context.Background(), mosaic.File{Path: "defender/empty.csv", Abs: empty}, rec); err != nil || rec.calls != 0 {
		t.Errorf("empty file: err %v, calls %d", err, rec.calls)
	}
	if err := defender.New(nil).Extract(context.Background(), mosaic.File{Path: "defender/missing.csv", Abs: filepath.Join(t.TempDir(), "missing.csv")}, rec); mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Errorf("missing file: err %v, want ENOTFOUND", err)
	}
}
