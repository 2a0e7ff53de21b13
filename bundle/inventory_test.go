package bundle

import (
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestInventoryFolders: once their readers are registered, defender/ (or
// intune/, mde/), jamf/ and crowdstrike/ (or falcon/) are read as their
// kinds, CSV exports included where the console downloads CSV; an
// inventory export left outside its folder is named for what it is.
func TestInventoryFolders(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "shipments.csv", "shipment_id,employee_id\n")
	write(t, dir, "defender/tvm_software.csv", "DeviceName,SoftwareName\n")
	write(t, dir, "defender/device_events.json", `{"Results":[]}`)
	write(t, dir, "intune/AppInvRawData.csv", "DeviceName,ApplicationName\n")
	write(t, dir, "jamf/computers.json", `{"results":[]}`)
	write(t, dir, "crowdstrike/applications.csv", "hostname,name,vendor\n")
	write(t, dir, "falcon/applications.json", `{"resources":[]}`)
	write(t, dir, "tvm_export.csv", "DeviceId,DeviceName,SoftwareVendor,SoftwareName\n")
	layout := DefaultLayout()
	layout.ReadKinds(mosaic.KindDefender, mosaic.KindJamf, mosaic.KindCrowdStrike)
	l, err := Walk(dir, layout)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]mosaic.Kind{}
	for _, f := range l.Files {
		got[f.Path] = f.Kind
	}
	for path, want := range map[string]mosaic.Kind{
		"defender/tvm_software.csv":    mosaic.KindDefender,
		"defender/device_events.json":  mosaic.KindDefender,
		"intune/AppInvRawData.csv":     mosaic.KindDefender,
		"jamf/computers.json":          mosaic.KindJamf,
		"crowdstrike/applications.csv": mosaic.KindCrowdStrike,
		"falcon/applications.json":     mosaic.KindCrowdStrike,
	} {
		if got[path] != want {
			t.Errorf("%s read as %q, want %q", path, got[path], want)
		}
	}
	if len(l.Unread) != 1 || l.Unread[0].Path != "tvm_export.csv" || !strings.Contains(l.Unread[0].Message(), "move it into defender/") {
		t.Errorf("unread: %+v", l.Unread)
	}

	// Jamf's folder holds JSON only: a CSV there is an error that says so.
	write(t, dir, "jamf/advanced_search.csv", "Computer Name\n")
	if _, err := Walk(dir, layout); err == nil || !strings.Contains(err.Error(), "holds JSON exports") {
		t.Errorf("CSV in jamf/: err = %v", err)
	}
}
