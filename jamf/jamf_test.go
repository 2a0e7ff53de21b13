package jamf_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/inventory/inventorytest"
	"github.com/mosaic-sec/mosaic/jamf"
)

var reader = inventorytest.Reader{X: jamf.New(nil), Kind: mosaic.KindJamf}

func TestKinds(t *testing.T) { reader.CheckKinds(t) }

func TestInventoryPage(t *testing.T) {
	rec := reader.MustExtract(t, "computers_inventory_page.json")
	// Three computers read; the third has no applications.
	if len(rec.Rejects) != 0 || rec.Calls != 3 || len(rec.Records) != 5 {
		t.Fatalf("calls %d, rows %d, rejects %+v; want 3 computers, 5 applications", rec.Calls, len(rec.Records), rec.Rejects)
	}
	first := rec.Records[0]
	want := mosaic.HostRow{
		Query: "programs", Name: "jamf.computers-inventory.applications",
		HostIdentifier: "8A2C7E51-4B3D-4F6A-9C1E-2D3F4A5B6C7D", Hostname: "NW-MBP-2231", Serial: "C02ZK1ABMD6T",
		Username: "dana.whitfield", Time: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Action: "snapshot",
		Columns: map[string]string{"name": "AnyDesk.app", "version": "8.0.10", "bundle_identifier": "com.philandro.anydesk", "path": "/Applications/AnyDesk.app"},
		Origin:  mosaic.Origin{File: "jamf/computers_inventory_page.json", Line: 4, EventID: first.Origin.EventID},
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
	if r := rec.Records[3]; r.Hostname != "NW-MBP-2240" || r.Username != "lee.chan" || !r.Time.Equal(time.Date(2026, 3, 1, 22, 40, 10, 0, time.UTC)) {
		t.Errorf("row 4 = %+v", r)
	}
}

// The detail endpoint's single computer gives the same row as the page's.
func TestDetailSameAsPage(t *testing.T) {
	page := reader.MustExtract(t, "computers_inventory_page.json")
	one := reader.MustExtract(t, "computers_inventory_detail.json")
	if len(one.Records) != 1 || one.Records[0].Origin.EventID != page.Records[0].Origin.EventID {
		t.Fatalf("detail rows = %+v, want the page's first", one.Records)
	}
}

func TestBroken(t *testing.T) {
	rec := reader.MustExtract(t, "broken.jsonl")
	inventorytest.CheckRejects(t, rec.Rejects, []inventorytest.Reject{
		{Line: 2, Column: "", Frag: "cut short"},
		{Line: 3, Column: "general", Frag: "neither general.name nor hardware.serialNumber"},
		{Line: 4, Column: "general", Frag: "not a time"},
		{Line: 5, Column: "applications", Frag: "not an array"},
		{Line: 6, Column: "general", Frag: "not an object"},
	})
	// Seven computers read; the last keeps its one named application.
	if rec.Calls != 7 || len(rec.Records) != 2 || rec.Records[1].Columns["name"] != "RustDesk.app" {
		t.Fatalf("calls %d rows %+v", rec.Calls, rec.Records)
	}
}

func TestNotJamf(t *testing.T) {
	reader.CheckNotFormat(t, "Jamf Pro computer inventory", "okta_system_log.jsonl", "advanced_search.csv")
}
