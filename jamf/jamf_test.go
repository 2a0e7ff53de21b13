package jamf_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/jamf"
)

// recorder keeps what the extractor emits: one call per computer read.
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
	err := jamf.New(nil).Extract(context.Background(), mosaic.File{Path: "jamf/" + name, Abs: filepath.Join("testdata", name), Kind: mosaic.KindJamf}, rec)
	return rec, err
}

func TestKinds(t *testing.T) {
	if got := jamf.New(nil).Kinds(); !reflect.DeepEqual(got, []mosaic.Kind{mosaic.KindJamf}) {
		t.Fatalf("Kinds() = %v", got)
	}
}

func TestInventoryPage(t *testing.T) {
	rec, err := extract(t, "computers_inventory_page.json")
	if err != nil {
		t.Fatal(err)
	}
	// Three computers read; the third has no applications.
	if len(rec.rejects) != 0 || rec.calls != 3 || len(rec.rows) != 5 {
		t.Fatalf("calls %d, rows %d, rejects %+v; want 3 computers, 5 applications", rec.calls, len(rec.rows), rec.rejects)
	}
	first := rec.rows[0]
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
	for _, r := range rec.rows {
		ids[r.Origin.EventID] = true
	}
	if len(ids) != len(rec.rows) {
		t.Errorf("event ids not distinct: %d of %d", len(ids), len(rec.rows))
	}
	if r := rec.rows[3]; r.Hostname != "NW-MBP-2240" || r.Username != "lee.chan" || !r.Time.Equal(time.Date(2026, 3, 1, 22, 40, 10, 0, time.UTC)) {
		t.Errorf("row 4 = %+v", r)
	}
}

// The detail endpoint's single computer gives the same row as the page's.
func TestDetailSameAsPage(t *testing.T) {
	page, err := extract(t, "computers_inventory_page.json")
	if err != nil {
		t.Fatal(err)
	}
	one, err := extract(t, "computers_inventory_detail.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(one.rows) != 1 || one.rows[0].Origin.EventID != page.rows[0].Origin.EventID {
		t.Fatalf("detail rows = %+v, want the page's first", one.rows)
	}
}

func TestBroken(t *testing.T) {
	rec, err := extract(t, "broken.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line         int
		column, frag string
	}{
		{2, "", "cut short"},
		{3, "general", "neither general.name nor hardware.serialNumber"},
		{4, "general", "not a time"},
		{5, "applications", "not an array"},
		{6, "general", "not an object"},
	}
	if len(rec.rejects) != len(want) {
		t.Fatalf("rejects = %+v", rec.rejects)
	}
	for i, w := range want {
		if g := rec.rejects[i]; g.Line != w.line || g.Column != w.column || !strings.Contains(g.Reason, w.frag) {
			t.Errorf("reject %d = %+v, want line %d %q ~%q", i, g, w.line, w.column, w.frag)
		}
	}
	// Seven computers read; the last keeps its one named application.
	if rec.calls != 7 || len(rec.rows) != 2 || rec.rows[1].Columns["name"] != "RustDesk.app" {
		t.Fatalf("calls %d rows %+v", rec.calls, rec.rows)
	}
}

func TestNotJamf(t *testing.T) {
	for _, name := range []string{"okta_system_log.jsonl", "advanced_search.csv"} {
		rec, err := extract(t, name)
		if err == nil || !strings.Contains(err.Error(), "is not Jamf Pro computer inventory") || rec.calls != 0 {
			t.Errorf("%s: err %v, calls %d", name, err, rec.calls)
		}
	}
}
