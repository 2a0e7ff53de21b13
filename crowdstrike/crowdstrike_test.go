package crowdstrike_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/crowdstrike"
)

// recorder keeps what the extractor emits: one call per row read.
type recorder struct {
	rows    []mosaic.HostRow
	rejects []mosaic.Reject
	calls   int
}

func (r *recorder) Accept(rec mosaic.Record) error {
	return r.AcceptMany([]mosaic.Record{rec})
}

func (r *recorder) AcceptMany(recs []mosaic.Record) error {
	r.calls++
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
	err := crowdstrike.New(nil).Extract(context.Background(), mosaic.File{Path: "crowdstrike/" + name, Abs: filepath.Join("testdata", name), Kind: mosaic.KindCrowdStrike}, rec)
	return rec, err
}

func TestKinds(t *testing.T) {
	if got := crowdstrike.New(nil).Kinds(); !reflect.DeepEqual(got, []mosaic.Kind{mosaic.KindCrowdStrike}) {
		t.Fatalf("Kinds() = %v", got)
	}
}

func TestCombinedApplications(t *testing.T) {
	rec, err := extract(t, "combined_applications.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.rejects) != 0 || rec.calls != 3 || len(rec.rows) != 3 {
		t.Fatalf("calls %d rows %d rejects %+v", rec.calls, len(rec.rows), rec.rejects)
	}
	first := rec.rows[0]
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
	if got := rec.rows[1].Time; !got.Equal(time.Date(2026, 2, 16, 18, 35, 12, 0, time.UTC)) {
		t.Errorf("row 2 time = %v", got)
	}
}

// The console's CSV export of the same applications gives the same rows,
// so reading both de-duplicates.
func TestExportSameAsAPI(t *testing.T) {
	api, err := extract(t, "combined_applications.json")
	if err != nil {
		t.Fatal(err)
	}
	csv, err := extract(t, "applications_export.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(csv.rejects) != 0 || len(csv.rows) != 3 {
		t.Fatalf("CSV rows %d rejects %+v", len(csv.rows), csv.rejects)
	}
	for _, i := range []int{0, 2} { // the API's Zoom row has an install time the export lacks
		a, c := api.rows[i], csv.rows[i]
		if a.Origin.EventID != c.Origin.EventID || !reflect.DeepEqual(a.Columns, c.Columns) || a.Hostname != c.Hostname {
			t.Errorf("row %d: API %+v, CSV %+v", i+1, a, c)
		}
	}
}

func TestBroken(t *testing.T) {
	for name, want := range map[string][]struct {
		line         int
		column, frag string
	}{
		"broken.csv": {
			{3, "hostname", "host.hostname is missing"},
			{4, "name", "name is missing"},
			{5, "firstseentimestamp", "not a time"},
			{6, "", "3 fields, the header 5"},
			{7, "", "not valid CSV"},
		},
		"broken.jsonl": {
			{2, "hostname", "host.hostname is missing"},
			{3, "firstseentimestamp", "not a time"}, // 20260301 is no Unix time
			{4, "", "cut short"},
		},
	} {
		rec, err := extract(t, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.rejects) != len(want) || len(rec.rows) != 1 || rec.calls != len(want)+1 {
			t.Fatalf("%s: rows %d calls %d rejects %+v", name, len(rec.rows), rec.calls, rec.rejects)
		}
		for i, w := range want {
			if g := rec.rejects[i]; g.Line != w.line || g.Column != w.column || !strings.Contains(g.Reason, w.frag) {
				t.Errorf("%s reject %d = %+v, want line %d %q ~%q", name, i, g, w.line, w.column, w.frag)
			}
		}
	}
}

func TestNotCrowdStrike(t *testing.T) {
	rec, err := extract(t, "okta_system_log.jsonl")
	if err == nil || !strings.Contains(err.Error(), "is not a CrowdStrike Falcon application inventory") || rec.calls != 0 {
		t.Errorf("err %v, calls %d", err, rec.calls)
	}
}
