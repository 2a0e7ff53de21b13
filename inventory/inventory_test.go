package inventory

import (
	"reflect"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 3, 2, 1, 4, 12, 0, time.UTC)
	for _, s := range []string{
		"2026-03-02T01:04:12Z", "2026-03-02T01:04:12.0000000Z", "2026-03-02T02:04:12+01:00",
		"2026-03-02T01:04:12", "2026-03-02 01:04:12", "3/2/2026 1:04:12 AM", "3/2/2026, 1:04:12.000 AM",
		"1772413452", "1772413452000",
	} {
		got, ok := ParseTime(s)
		if !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "yesterday", "20260302", "0", "-5"} {
		if got, ok := ParseTime(s); ok {
			t.Errorf("ParseTime(%q) = %v, want not a time", s, got)
		}
	}
}

func TestUSBIDs(t *testing.T) {
	for _, c := range []struct {
		ids      []string
		vid, pid string
	}{
		{[]string{`USB\VID_1D6B&PID_0104\CAFEBABE`}, "1d6b", "0104"},
		{[]string{`USBSTOR\DISK&VEN_X`, `HID\VID_046D&PID_C52B&MI_00`}, "046d", "c52b"},
		{[]string{`USBSTOR\DISK&VEN_SANDISK&PROD_ULTRA\4C53&0`}, "", ""},
	} {
		if vid, pid := USBIDs(c.ids...); vid != c.vid || pid != c.pid {
			t.Errorf("USBIDs(%q) = %s:%s, want %s:%s", c.ids, vid, pid, c.vid, c.pid)
		}
	}
	for id, want := range map[string]string{
		`USB\VID_1D6B&PID_0104\CAFEBABE`:            "CAFEBABE",
		`USB\VID_1D6B&PID_0104\6&2B1A3C4D&0&1`:      "",
		`USB\VID_1D6B&PID_0104`:                     "",
		`USBSTOR\DISK&VEN_SANDISK\4C530001230417&0`: "",
	} {
		if got := InstanceSerial(id); got != want {
			t.Errorf("InstanceSerial(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestKeyAndFlatten(t *testing.T) {
	for in, want := range map[string]string{"SoftwareName": "softwarename", "software_name": "softwarename", "Host name": "hostname", "host.hostname": "hosthostname"} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
	r, col, why := Flatten([]byte(`{"name":"AnyDesk","version":8,"ok":true,"gone":null,"paths":["a","b"],"host":{"hostname":"NW-LT-7012","os":{"name":"Windows"}}}`))
	if why != "" {
		t.Fatalf("Flatten: %s %s", col, why)
	}
	want := Row{"name": "AnyDesk", "version": "8", "ok": "true", "gone": "", "paths": `["a","b"]`,
		"host": `{"hostname":"NW-LT-7012","os":{"name":"Windows"}}`, "hosthostname": "NW-LT-7012",
		"hostos": `{"name":"Windows"}`, "hostosname": "Windows"}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("Flatten = %v\nwant %v", r, want)
	}
	if _, _, why := Flatten([]byte(`[1]`)); why == "" {
		t.Error("Flatten of an array: no reason")
	}
}

// Event ids follow what a row says, not where it was read.
func TestEventID(t *testing.T) {
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	h := Host{ID: "d1", Hostname: "NW-LT-7012"}
	a := HostRow("x", Programs, h, at, map[string]string{"name": "AnyDesk"}, mosaic.Origin{File: "a.csv", Line: 2})
	b := HostRow("x", Programs, h, at, map[string]string{"name": "AnyDesk"}, mosaic.Origin{File: "b.json", Line: 9})
	c := HostRow("x", Programs, h, at.Add(time.Second), map[string]string{"name": "AnyDesk"}, mosaic.Origin{})
	d := HostRow("x", Programs, h, at, map[string]string{"name": "AnyDesk", "version": "1"}, mosaic.Origin{})
	if a.Origin.EventID != b.Origin.EventID || len(a.Origin.EventID) != 32 {
		t.Errorf("same row, ids %q and %q", a.Origin.EventID, b.Origin.EventID)
	}
	if a.Origin.EventID == c.Origin.EventID || a.Origin.EventID == d.Origin.EventID {
		t.Error("different rows share an id")
	}
	if a.HostIdentifier != "d1" || a.Action != "snapshot" || a.Origin.File != "a.csv" {
		t.Errorf("row = %+v", a)
	}
	if r := HostRow("x", Programs, Host{Serial: "S1"}, at, nil, mosaic.Origin{}); r.HostIdentifier != "S1" {
		t.Errorf("host identifier without id or name = %q", r.HostIdentifier)
	}
}
