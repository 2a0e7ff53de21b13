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
	"github.com/mosaic-sec/mosaic/inventory/inventorytest"
)

var reader = inventorytest.Reader{X: defender.New(nil), Kind: mosaic.KindDefender}

func TestKinds(t *testing.T) { reader.CheckKinds(t) }

func TestSoftwareInventoryCSV(t *testing.T) {
	rec := reader.MustExtract(t, "tvm_software_inventory.csv")
	if len(rec.Rejects) != 0 || len(rec.Records) != 5 || rec.Calls != 5 {
		t.Fatalf("rows %d, rejects %+v, calls %d; want 5 rows", len(rec.Records), rec.Rejects, rec.Calls)
	}
	first := rec.Records[0]
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
	if got := rec.Records[2].Columns["name"]; got != "chrome remote desktop" {
		t.Errorf("row 3 name = %q", got)
	}
	if got := rec.Records[4].Columns["name"]; got != "mouse jiggler" {
		t.Errorf("row 5 name = %q", got)
	}
}

func TestPnpDeviceEventsCSV(t *testing.T) {
	rec := reader.MustExtract(t, "device_events_pnp.csv")
	if len(rec.Rejects) != 0 || rec.Calls != 4 || rec.Empty != 1 || len(rec.Records) != 3 {
		t.Fatalf("rows %d, empty %d, rejects %+v; want 3 rows and one other event", len(rec.Records), rec.Empty, rec.Rejects)
	}
	kvm := rec.Records[0]
	if kvm.Query != "usb_devices" || kvm.Hostname != "nw-lt-7012.northwind.example" || kvm.Username != "" ||
		!kvm.Time.Equal(time.Date(2026, 3, 2, 1, 4, 12, 345678900, time.UTC)) {
		t.Errorf("row 1 = %+v", kvm)
	}
	wantCols := map[string]string{"vendor_id": "1d6b", "model_id": "0104", "model": "USB Composite Device", "class": "USB", "serial": "CAFEBABE"}
	if !reflect.DeepEqual(kvm.Columns, wantCols) {
		t.Errorf("row 1 columns = %v, want %v", kvm.Columns, wantCols)
	}
	// A made-up instance id (with '&') is no serial.
	if _, ok := rec.Records[1].Columns["serial"]; ok {
		t.Errorf("row 2 columns = %v: Windows' made-up instance id taken as a serial", rec.Records[1].Columns)
	}
	// Mass storage has no VID/PID in its ids; it keeps its description.
	if got := rec.Records[2].Columns; got["vendor_id"] != "" || got["model"] != "SanDisk Ultra USB Device" || got["class"] != "DiskDrive" {
		t.Errorf("row 3 columns = %v", got)
	}
}

// The same event from the portal's CSV, the advanced hunting API and the
// streaming API is one row: same columns, same event id.
func TestSameEventAcrossShapes(t *testing.T) {
	csvRows := reader.MustExtract(t, "device_events_pnp.csv")
	api := reader.MustExtract(t, "advanced_hunting_api.json")
	stream := reader.MustExtract(t, "streaming_records.json")
	if len(api.Rejects)+len(stream.Rejects) != 0 {
		t.Fatalf("rejects: %+v %+v", api.Rejects, stream.Rejects)
	}
	if len(api.Records) != 3 || api.Calls != 3 {
		t.Fatalf("API: %d rows in %d calls, want 3", len(api.Records), api.Calls)
	}
	// The stream's three records: the device, another DeviceEvents action
	// and a DeviceLogonEvents record, both read and accepted with nothing.
	if len(stream.Records) != 1 || stream.Calls != 3 || stream.Empty != 2 {
		t.Fatalf("stream: %d rows, %d calls, %d empty; want 1, 3, 2", len(stream.Records), stream.Calls, stream.Empty)
	}
	want := csvRows.Records[0]
	for name, got := range map[string]mosaic.HostRow{"API": api.Records[0], "stream": stream.Records[0]} {
		if got.Origin.EventID != want.Origin.EventID || !reflect.DeepEqual(got.Columns, want.Columns) || !got.Time.Equal(want.Time) {
			t.Errorf("%s row = %+v, want as CSV %+v", name, got, want)
		}
	}
	// AdditionalFields as an object (the API's second row) reads the same.
	if got := api.Records[1]; got.Columns["vendor_id"] != "534d" || got.Columns["model_id"] != "2109" || got.Username != "lee.chan" {
		t.Errorf("API row 2 = %+v", got)
	}
	if got := api.Records[2].Columns["model"]; got != "TinyPilot Virtual Keyboard" {
		t.Errorf("API row 3 model = %q", got)
	}
}

func TestIntuneAppInventory(t *testing.T) {
	rec := reader.MustExtract(t, "intune_appinvrawdata.csv")
	if len(rec.Rejects) != 0 || len(rec.Records) != 3 {
		t.Fatalf("rows %d, rejects %+v", len(rec.Records), rec.Rejects)
	}
	r := rec.Records[0]
	if r.Query != "programs" || r.Name != "intune.AppInvRawData" || r.Hostname != "NW-LT-7012" ||
		r.Username != "dana.whitfield@northwind.example" || !r.Time.IsZero() {
		t.Errorf("row 1 = %+v", r)
	}
	want := map[string]string{"name": "AnyDesk", "version": "8.0.11", "publisher": "AnyDesk Software GmbH"}
	if !reflect.DeepEqual(r.Columns, want) {
		t.Errorf("row 1 columns = %v, want %v", r.Columns, want)
	}
}

func TestBrokenCSV(t *testing.T) {
	rec := reader.MustExtract(t, "broken.csv")
	inventorytest.CheckRejects(t, rec.Rejects, []inventorytest.Reject{
		{Line: 3, Column: "", Frag: "4 fields, the header 5"},
		{Line: 4, Column: "devicename", Frag: "DeviceName is missing"},
		{Line: 5, Column: "timestamp", Frag: "not a time"},
		{Line: 6, Column: "timestamp", Frag: "Timestamp is missing"},
		{Line: 7, Column: "additionalfields", Frag: "invalid JSON"},
		{Line: 8, Column: "additionalfields", Frag: "none of ClassName"},
		{Line: 9, Column: "additionalfields", Frag: "AdditionalFields is missing"},
		{Line: 10, Column: "additionalfields", Frag: "invalid UTF-8"},
		{Line: 11, Column: "", Frag: "not valid CSV"},
	})
	if len(rec.Records) != 2 || rec.Calls != 11 {
		t.Fatalf("rows %d, calls %d; want 2 rows of 11 read", len(rec.Records), rec.Calls)
	}
	for _, rej := range rec.Rejects {
		if strings.Contains(rej.Reason, "nw-lt") || strings.Contains(rej.Reason, "PiKVM") {
			t.Errorf("reject quotes the row: %+v", rej)
		}
	}
}

func TestBrokenJSON(t *testing.T) {
	rec := reader.MustExtract(t, "broken.jsonl")
	inventorytest.CheckRejects(t, rec.Rejects, []inventorytest.Reject{
		{Line: 2, Column: "", Frag: "cut short"},
		{Line: 3, Column: "softwarename", Frag: "SoftwareName is missing"},
		{Line: 4, Column: "devicename", Frag: "DeviceName is missing"},
		{Line: 5, Column: "timestamp", Frag: "not a time"},
		{Line: 6, Column: "", Frag: "not a JSON object"}, // [1,2]: two values, two rows
		{Line: 6, Column: "", Frag: "not a JSON object"},
		{Line: 7, Column: "additionalfields", Frag: "not a JSON object"},
		{Line: 8, Column: "category", Frag: "not an advanced hunting record"},
	})
	if len(rec.Records) != 2 || rec.Records[1].Columns["version"] != "15" {
		t.Fatalf("rows = %+v; want 2, the second with a numeric version read as text", rec.Records)
	}
}

func TestNotDefender(t *testing.T) {
	reader.CheckNotFormat(t, "a Microsoft Defender", "not_defender.csv", "okta_system_log.jsonl")
	empty := filepath.Join(t.TempDir(), "empty.csv")
	os.WriteFile(empty, []byte("\xEF\xBB\xBF\n"), 0o644)
	rec := &inventorytest.Recorder{}
	if err := defender.New(nil).Extract(context.Background(), mosaic.File{Path: "defender/empty.csv", Abs: empty}, rec); err != nil || rec.Calls != 0 {
		t.Errorf("empty file: err %v, calls %d", err, rec.Calls)
	}
	if err := defender.New(nil).Extract(context.Background(), mosaic.File{Path: "defender/missing.csv", Abs: filepath.Join(t.TempDir(), "missing.csv")}, rec); mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Errorf("missing file: err %v, want ENOTFOUND", err)
	}
}
