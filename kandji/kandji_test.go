package kandji_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/kandji"
)

// recorder keeps what the extractor emits: one call per device read.
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
	err := kandji.New(nil).Extract(context.Background(), mosaic.File{Path: "kandji/" + name, Abs: filepath.Join("testdata", name), Kind: mosaic.KindKandji}, rec)
	return rec, err
}

func TestKinds(t *testing.T) {
	if got := kandji.New(nil).Kinds(); !reflect.DeepEqual(got, []mosaic.Kind{mosaic.KindKandji}) {
		t.Fatalf("Kinds() = %v", got)
	}
}

func TestDevicesWithApps(t *testing.T) {
	rec, err := extract(t, "devices_with_apps.json")
	if err != nil {
		t.Fatal(err)
	}
	// Three devices read; the iPad has no apps.
	if len(rec.rejects) != 0 || rec.calls != 3 || len(rec.rows) != 4 {
		t.Fatalf("calls %d, rows %d, rejects %+v; want 3 devices, 4 apps", rec.calls, len(rec.rows), rec.rejects)
	}
	first := rec.rows[0]
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
	for _, r := range rec.rows {
		ids[r.Origin.EventID] = true
	}
	if len(ids) != len(rec.rows) {
		t.Errorf("event ids not distinct: %d of %d", len(ids), len(rec.rows))
	}
	// A device assigned to nobody ("user": "") keeps no user; its apps are
	// the bare list.
	if r := rec.rows[3]; r.Hostname != "NW-MBA-3110" || r.Username != "" || r.Columns["name"] != "Google Chrome.app" ||
		!r.Time.Equal(time.Date(2026, 3, 1, 22, 40, 10, 512e6, time.UTC)) {
		t.Errorf("row 4 = %+v", r)
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
		{3, "device_name", "neither device_name nor serial_number"},
		{4, "last_check_in", "not a time"},
		{5, "apps", "neither a list nor an apps response"},
		{6, "device_id", "an apps response without its device"},
		{7, "apps", "not"},
	}
	if len(rec.rejects) != len(want) {
		t.Fatalf("rejects = %+v", rec.rejects)
	}
	for i, w := range want {
		if g := rec.rejects[i]; g.Line != w.line || g.Column != w.column || !strings.Contains(g.Reason, w.frag) {
			t.Errorf("reject %d = %+v, want line %d %q ~%q", i, g, w.line, w.column, w.frag)
		}
	}
	// Eight devices read; the last keeps its one named application, read
	// from "name" when app_name is empty.
	if rec.calls != 8 || len(rec.rows) != 2 || rec.rows[1].Columns["name"] != "RustDesk.app" || rec.rows[1].Username != "x@y.example" {
		t.Fatalf("calls %d rows %+v", rec.calls, rec.rows)
	}
}

func TestNotKandji(t *testing.T) {
	rec, err := extract(t, "okta_system_log.jsonl")
	if err == nil || !strings.Contains(err.Error(), "is not Kandji device inventory") || rec.calls != 0 {
		t.Errorf("err %v, calls %d", err, rec.calls)
	}
}
