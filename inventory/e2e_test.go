package inventory_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/crowdstrike"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/defender"
	"github.com/mosaic-sec/mosaic/jamf"
	"github.com/mosaic-sec/mosaic/osquery"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/secret"
)

// The roster and shipping log every bundle below shares: Dana was hired on
// 16 February and her laptop is NW-LT-7012, serial 5CG1234XYZ; Lee's is
// NW-LT-7044 and shows nothing.
var e2eRoster = map[string]string{
	"employees.csv": "employee_id,first_name,last_name,work_email,timezone,hire_date\n" +
		"E1001,Dana,Whitfield,dana.whitfield@northwind.example,America/Phoenix,2026-02-16\n" +
		"E1002,Lee,Chan,lee.chan@northwind.example,America/Phoenix,2026-02-16\n",
	"shipments.csv": "shipment_id,employee_id,serial_number,hostname,shipped_at\n" +
		"S1001,E1001,5CG1234XYZ,NW-LT-7012,2026-02-10T15:00:00Z\n" +
		"S1002,E1002,5CG5678ABC,NW-LT-7044,2026-02-10T15:00:00Z\n",
}

// osqueryBundle: AnyDesk installed and a PiKVM presenting itself as the
// Linux composite gadget (1d6b:0104), as mosaic's osquery pack logs them.
var osqueryBundle = map[string]string{
	"osquery/osqueryd.results.log": `{"name":"pack_mosaic_programs","hostIdentifier":"NW-LT-7012","calendarTime":"Mon Mar  2 01:00:00 2026 UTC","unixTime":1772413200,"decorations":{"hostname":"NW-LT-7012","serial_number":"5CG1234XYZ","username":"dana.whitfield"},"columns":{"name":"AnyDesk","publisher":"AnyDesk Software GmbH","version":"8.0.11"},"action":"added"}
{"name":"pack_mosaic_usb_devices","hostIdentifier":"NW-LT-7012","calendarTime":"Mon Mar  2 01:00:00 2026 UTC","unixTime":1772413200,"decorations":{"hostname":"NW-LT-7012","serial_number":"5CG1234XYZ","username":"dana.whitfield"},"columns":{"model":"USB Composite Device","model_id":"0104","serial":"CAFEBABE","vendor":"","vendor_id":"1d6b"},"action":"added"}
{"name":"pack_mosaic_programs","hostIdentifier":"NW-LT-7044","calendarTime":"Mon Mar  2 01:00:00 2026 UTC","unixTime":1772413200,"decorations":{"hostname":"NW-LT-7044","serial_number":"5CG5678ABC","username":"lee.chan"},"columns":{"name":"Microsoft Teams","publisher":"Microsoft","version":"24033"},"action":"added"}
`,
}

// vendorBundle: the same facts from Jamf Pro (AnyDesk.app in the computer
// inventory, joined by serial number) and Defender (the gadget in
// DeviceEvents PnpDeviceConnected, joined by the FQDN's host name).
var vendorBundle = map[string]string{
	"jamf/computers-inventory.json": `{"totalCount":2,"results":[
  {"id":"117","udid":"8A2C7E51-4B3D-4F6A-9C1E-2D3F4A5B6C7D",
   "general":{"name":"Dana's MacBook Pro","reportDate":"2026-03-02T01:00:00.000Z"},
   "hardware":{"serialNumber":"5CG1234XYZ"},
   "userAndLocation":{"username":"dana.whitfield","email":"dana.whitfield@northwind.example"},
   "applications":[{"name":"AnyDesk.app","path":"/Applications/AnyDesk.app","version":"8.0.10","bundleId":"com.philandro.anydesk"}]},
  {"id":"118","general":{"name":"NW-LT-7044","reportDate":"2026-03-02T01:00:00.000Z"},"hardware":{"serialNumber":"5CG5678ABC"},
   "applications":[{"name":"Microsoft Teams.app","version":"24033"}]}
]}`,
	"defender/DeviceEvents.csv": "Timestamp,DeviceId,DeviceName,ActionType,AccountName,AdditionalFields\n" +
		`2026-03-02T01:00:00.0000000Z,c4e9b1f07a2d,nw-lt-7012.northwind.example,PnpDeviceConnected,,"{""ClassName"":""USB"",""DeviceId"":""USB\\VID_1D6B&PID_0104\\CAFEBABE"",""DeviceDescription"":""USB Composite Device"",""VendorIds"":""USB\\VID_1D6B&PID_0104&REV_0510""}"` + "\n",
}

func writeBundle(t *testing.T, parts ...map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, files := range parts {
		for name, body := range files {
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// endpointSignal is what a person reads of a signal; where its evidence
// sits (file and line) differs by source and is left out.
type endpointSignal struct {
	Rule, Explanation string
	Weight            float64
	At                time.Time
	Cited             int
}

func scanEndpointSignals(t *testing.T, dir string) map[string][]endpointSignal {
	t.Helper()
	h, err := secret.NewHasher([]byte("inventory-e2e-test-key-0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	xs := []mosaic.Extractor{csvbundle.New(h, nil, nil), osquery.New(nil), defender.New(nil), jamf.New(nil), crowdstrike.New(nil)}
	layout := bundle.DefaultLayout()
	for _, x := range xs {
		layout.ReadKinds(x.Kinds()...)
	}
	var rejects []mosaic.Reject
	res, err := scan.Run(context.Background(), scan.Config{
		Dir: dir, Layout: layout, Extractors: xs,
		Reject: func(r mosaic.Reject) error { rejects = append(rejects, r); return nil },
		Now:    func() time.Time { return time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rejects) > 0 {
		t.Fatalf("rejects: %+v", rejects)
	}
	out := map[string][]endpointSignal{}
	for _, s := range res.Report.Subjects {
		for _, sig := range s.Signals {
			if !strings.HasPrefix(sig.RuleID, "endpoint.") {
				continue
			}
			out[strings.Join(s.EmployeeIDs, ",")] = append(out[strings.Join(s.EmployeeIDs, ",")], endpointSignal{
				Rule: sig.RuleID, Explanation: sig.Explanation, Weight: sig.Weight, At: sig.At, Cited: len(sig.Evidence),
			})
		}
	}
	for _, sigs := range out {
		sort.Slice(sigs, func(i, j int) bool { return sigs[i].Rule < sigs[j].Rule })
	}
	return out
}

// TestVendorInventoriesSameSignalsAsOsquery: a laptop that shows AnyDesk
// in Jamf Pro's inventory and a PiKVM in Defender's plug-and-play events
// raises the same remote-access and IP-KVM signals, with the same weights
// and explanations, as the same facts logged by osquery.
func TestVendorInventoriesSameSignalsAsOsquery(t *testing.T) {
	fromOsquery := scanEndpointSignals(t, writeBundle(t, e2eRoster, osqueryBundle))
	fromVendors := scanEndpointSignals(t, writeBundle(t, e2eRoster, vendorBundle))

	dana := fromOsquery["E1001"]
	rulesSeen := map[string]bool{}
	for _, s := range dana {
		rulesSeen[s.Rule] = true
	}
	if !rulesSeen["endpoint.remote_access_tools"] || !rulesSeen["endpoint.ipkvm_device"] {
		t.Fatalf("osquery bundle: Dana's endpoint signals = %+v, want remote access and IP-KVM", dana)
	}
	if !reflect.DeepEqual(fromVendors, fromOsquery) {
		t.Errorf("endpoint signals differ:\n vendors %+v\n osquery %+v", fromVendors, fromOsquery)
	}
	if len(fromOsquery["E1002"]) != 0 {
		t.Errorf("Lee has endpoint signals: %+v", fromOsquery["E1002"])
	}
}
