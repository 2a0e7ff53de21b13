package crowdstrike_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/crowdstrike"
	"github.com/mosaic-sec/mosaic/inventory/inventorytest"
)

var reader = inventorytest.Reader{X: crowdstrike.New(nil), Kind: mosaic.KindCrowdStrike}

func TestKinds(t *testing.T) { reader.CheckKinds(t) }

func TestCombinedApplications(t *testing.T) {
	rec := reader.MustExtract(t, "combined_applications.json")
	if len(rec.Rejects) != 0 || rec.Calls != 3 || len(rec.Records) != 3 {
		t.Fatalf("calls %d rows %d rejects %+v", rec.Calls, len(rec.Records), rec.Rejects)
	}
	first := rec.Records[0]
	want := mosaic.HostRow{
		Query: "programs", Name: "crowdstrike.discover.applications",
		HostIdentifier: "5a0c2f4e6b8d41a3b5c7d9e1f3a5b7c9", Hostname: "NW-LT-7012", Username: "dana.whitfield",
		Time: time.Date(2026, 2, 20, 9, 14, 3, 0, time.UTC), Action: "snapshot",
		Columns: map[string]string{"name": "AnyDesk", "version": "8.0.11", "publisher": "AnyDesk Software GmbH", "path": `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`},
		Origin:  mosaic.Origin{File: "crowdstrike/combined_applications.json", Line: 9, EventID: first.Origin.EventID},
	}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("row 1:\n got %+v\nwant %+v", first, want)
	}
	// installation_timestamp is preferred to first_seen_timestamp.
	if got := rec.Records[1].Time; !got.Equal(time.Date(2026, 2, 16, 18, 35, 12, 0, time.UTC)) {
		t.Errorf("row 2 time = %v", got)
	}
}

// The console's CSV export of the same applications gives the same rows,
// so reading both de-duplicates.
func TestExportSameAsAPI(t *testing.T) {
	api := reader.MustExtract(t, "combined_applications.json")
	csv := reader.MustExtract(t, "applications_export.csv")
	if len(csv.Rejects) != 0 || len(csv.Records) != 3 {
		t.Fatalf("CSV rows %d rejects %+v", len(csv.Records), csv.Rejects)
	}
	for _, i := range []int{0, 2} { // the API's Zoom row has an install time the export lacks
		a, c := api.Records[i], csv.Records[i]
		if a.Origin.EventID != c.Origin.EventID || !reflect.DeepEqual(a.Columns, c.Columns) || a.Hostname != c.Hostname {
			t.Errorf("row %d: API %+v, CSV %+v", i+1, a, c)
		}
	}
}

func TestBroken(t *testing.T) {
	for name, want := range map[string][]inventorytest.Reject{
		"broken.csv": {
			{Line: 3, Column: "hostname", Frag: "host.hostname is missing"},
			{Line: 4, Column: "name", Frag: "name is missing"},
			{Line: 5, Column: "firstseentimestamp", Frag: "not a time"},
			{Line: 6, Column: "", Frag: "3 fields, the header 5"},
			{Line: 7, Column: "", Frag: "not valid CSV"},
		},
		"broken.jsonl": {
			{Line: 2, Column: "hostname", Frag: "host.hostname is missing"},
			{Line: 3, Column: "firstseentimestamp", Frag: "not a time"}, // 20260301 is no Unix time
			{Line: 4, Column: "", Frag: "cut short"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			rec := reader.MustExtract(t, name)
			if len(rec.Records) != 1 || rec.Calls != len(want)+1 {
				t.Fatalf("rows %d calls %d rejects %+v", len(rec.Records), rec.Calls, rec.Rejects)
			}
			inventorytest.CheckRejects(t, rec.Rejects, want)
		})
	}
}

func TestNotCrowdStrike(t *testing.T) {
	reader.CheckNotFormat(t, "a CrowdStrike Falcon application inventory", "okta_system_log.jsonl")
}
