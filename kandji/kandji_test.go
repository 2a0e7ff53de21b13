package kandji_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/inventory/inventorytest"
	"github.com/mosaic-sec/mosaic/kandji"
)

var reader = inventorytest.Reader{X: kandji.New(nil), Kind: mosaic.KindKandji}

func TestKinds(t *testing.T) { reader.CheckKinds(t) }

func TestDevicesWithApps(t *testing.T) {
	rec := reader.MustExtract(t, "devices_with_apps.json")
	// Three devices read; the iPad has no apps.
	if len(rec.Rejects) != 0 || rec.Calls != 3 || len(rec.Records) != 4 {
		t.Fatalf("calls %d, rows %d, rejects %+v; want 3 devices, 4 apps", rec.Calls, len(rec.Records), rec.Rejects)
	}
	first := rec.Records[0]
	want := mosaic.HostRow{
		Query: "programs", Name: "kandji.devices.apps",
		HostIdentifier: "1f5a2b3c-4d5e-4f60-8a71-92b3c4d5e6f7", Hostname: "NW-MBP-3107", Serial: "C02FK3LMQ6LR",
		Username: "dana.whitfield@northwind.example", Time: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Action: "snapshot",
		Columns: map[string]string{"name": "AnyDesk.app", "version": "8.0.10", "bundle_identifier": "com.philandro.anydesk", "path": "/Applications/AnyDesk.app"},
		Origin:  mosaic.Origin{File: "kandji/devices_with_apps.json", Line: 2, EventID: first.Origin.EventID},
	}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("row 1:\n got %+v\nwant %+v", first, want)
	}
	if len(first.Origin.EventID) != 32 {
		t.Errorf("EventID = %q", first.Origin.EventID)
	}
	ids := map[string]bool{}
	for _, r := range rec.Records {
		ids[r.Origin.EventID] = true
	}
	if len(ids) != len(rec.Records) {
		t.Errorf("event ids not distinct: %d of %d", len(ids), len(rec.Records))
	}
	// A device assigned to nobody ("user": "") keeps no user; its apps are
	// the bare list.
	if r := rec.Records[3]; r.Hostname != "NW-MBA-3110" || r.Username != "" || r.Columns["name"] != "Google Chrome.app" ||
		!r.Time.Equal(time.Date(2026, 3, 1, 22, 40, 10, 512e6, time.UTC)) {
		t.Errorf("row 4 = %+v", r)
	}
}

func TestBroken(t *testing.T) {
	rec := reader.MustExtract(t, "broken.jsonl")
	inventorytest.CheckRejects(t, rec.Rejects, []inventorytest.Reject{
		{Line: 2, Column: "", Frag: "cut short"},
		{Line: 3, Column: "device_name", Frag: "neither device_name nor serial_number"},
		{Line: 4, Column: "last_check_in", Frag: "not a time"},
		{Line: 5, Column: "apps", Frag: "neither a list nor an apps response"},
		{Line: 6, Column: "device_id", Frag: "an apps response without its device"},
		{Line: 7, Column: "apps", Frag: "not"},
	})
	// Eight devices read; the last keeps its one named application, read
	// from "name" when app_name is empty.
	if rec.Calls != 8 || len(rec.Records) != 2 || rec.Records[1].Columns["name"] != "RustDesk.app" || rec.Records[1].Username != "x@y.example" {
		t.Fatalf("calls %d rows %+v", rec.Calls, rec.Records)
	}
}

func TestNotKandji(t *testing.T) {
	reader.CheckNotFormat(t, "Kandji device inventory", "okta_system_log.jsonl")
}
