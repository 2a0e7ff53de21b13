// Package defender reads Microsoft endpoint inventories, as the Defender
// portal's advanced hunting exports them (Export to CSV), as its APIs
// return them (the advanced hunting API's {"Schema":[...],"Results":[...]},
// Graph's runHuntingQuery {"schema":[...],"results":[...]}, JSON lines or
// arrays), or as the streaming API writes them to an Event Hub or storage
// account ({"records":[{"category":"AdvancedHunting-DeviceEvents",
// "properties":{...}}]}). Three tables are read, told apart by their
// columns:
//
//   - DeviceTvmSoftwareInventory (Defender Vulnerability Management): each
//     row is one installed program, a HostRow of Query "programs":
//
//     DeviceName       Hostname (a fully qualified name; the shipping log's
//     hostname joins its first label)
//     DeviceId         HostIdentifier
//     SoftwareName     name, with '_' read as ' ' (Defender writes
//     "chrome_remote_desktop" and "mouse_jiggler")
//     SoftwareVersion  version
//     SoftwareVendor   publisher
//     Timestamp        Time, when the query added one; the table itself has
//     no time, and the row then has none
//
//   - DeviceEvents with ActionType PnpDeviceConnected: each row is one plug
//     and play device attached, a HostRow of Query "usb_devices". Its
//     AdditionalFields (a JSON object, or JSON text in CSV) hold ClassName,
//     DeviceId (the device instance id), DeviceDescription and VendorIds:
//
//     VID_xxxx&PID_yyyy of DeviceId or VendorIds   vendor_id, model_id
//     DeviceDescription                            model
//     ClassName                                    class
//     the instance id's last part, if a serial     serial
//     Timestamp                                    Time
//     AccountName / InitiatingProcessAccountName   Username (not SYSTEM)
//
//     Other DeviceEvents rows (other action types) are read and accepted
//     with no record: valid, but nothing mosaic reads.
//
//   - Intune's app inventory report (AppInvRawData, from the admin
//     center's Reports or Graph's exportJobs): each row one app on one
//     device, a HostRow of Query "programs": DeviceName, ApplicationName,
//     ApplicationVersion, ApplicationPublisher, and UserName or
//     EmailAddress as Username. It has no time.
//
// Defender's tables carry no hardware serial number, so these rows join
// the shipping log by hostname.
package defender

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/inventory"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Extractor reads Defender and Intune inventory exports. It holds only
// settings, so one Extractor may read several files at once.
type Extractor struct {
	log *slog.Logger
}

var _ mosaic.Extractor = (*Extractor)(nil)

// New returns an Extractor. A nil log discards log output.
func New(log *slog.Logger) *Extractor {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Extractor{log: log}
}

// Kinds returns the kind of file the Extractor reads.
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindDefender} }

// Extract reads f and calls emit once per row: Accept with a HostRow,
// AcceptMany with none for a device event mosaic does not read, or Reject
// with the reason. It returns an error only when the file cannot be read
// or is not one of the three tables.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	return inventory.Extract(ctx, f, emit, inventory.Format{
		Name:     "a Microsoft Defender advanced hunting export (DeviceTvmSoftwareInventory or DeviceEvents) or an Intune app inventory report",
		PageKeys: []string{"Results", "results", "value", "records"},
		Known:    known,
		Decode:   decode,
	}, x.log)
}

// Column keys (inventory.Key of the documented names).
const (
	colDeviceName   = "devicename"
	colDeviceID     = "deviceid"
	colTimestamp    = "timestamp"
	colSoftwareName = "softwarename"
	colActionType   = "actiontype"
	colAppName      = "applicationname"
	colCategory     = "category"
	colProperties   = "properties"
)

func known(r inventory.Row) bool {
	if r.Has(colCategory) && r.Has(colProperties) {
		return true // a streaming API record; its properties are judged
	}
	return r.Has(colSoftwareName) || r.Has(colActionType) || (r.Has(colAppName) && r.Has(colDeviceName))
}

func decode(r inventory.Row, o mosaic.Origin) jsonrows.Decoded {
	if r.Has(colCategory) && r.Has(colProperties) && !r.Has(colDeviceName) {
		cat := r.Get(colCategory)
		if !strings.HasPrefix(strings.ToLower(cat), "advancedhunting-") {
			return jsonrows.Reject(colCategory, "not an advanced hunting record (category "+jsonrows.Printable(cat)+")")
		}
		r = unwrap(r)
		if r.Get(colTimestamp) == "" {
			r[colTimestamp] = r.Get("time")
		}
	}
	switch {
	case r.Has(colSoftwareName):
		return software(r, o)
	case r.Has(colActionType):
		return deviceEvent(r, o)
	case r.Has(colAppName):
		return intuneApp(r, o)
	}
	return jsonrows.Reject("", "none of SoftwareName, ActionType and ApplicationName: not a table this reader knows")
}

// unwrap lifts a streaming record's properties to the top, keeping the
// record's time.
func unwrap(r inventory.Row) inventory.Row {
	out := inventory.Row{"time": r.Get("time")}
	for k, v := range r {
		if rest, ok := strings.CutPrefix(k, colProperties); ok && rest != "" {
			out[rest] = v
		}
	}
	return out
}

// host reads the device columns every table has.
func host(r inventory.Row) (inventory.Host, string) {
	h := inventory.Host{ID: r.Get(colDeviceID), Hostname: r.Get(colDeviceName)}
	if h.Hostname == "" {
		return h, "DeviceName is missing: a row names its device"
	}
	return h, ""
}

// optionalTime reads Timestamp when the row has one. ok is false when
// it is there but not a time.
func optionalTime(r inventory.Row) (time.Time, bool) {
	s := r.Get(colTimestamp)
	if s == "" {
		return time.Time{}, true
	}
	return inventory.ParseTime(s)
}

func software(r inventory.Row, o mosaic.Origin) jsonrows.Decoded {
	h, why := host(r)
	if why != "" {
		return jsonrows.Reject(colDeviceName, why)
	}
	name := strings.TrimSpace(strings.ReplaceAll(r.Get(colSoftwareName), "_", " "))
	if name == "" {
		return jsonrows.Reject(colSoftwareName, "SoftwareName is missing")
	}
	at, ok := optionalTime(r)
	if !ok {
		return jsonrows.Reject(colTimestamp, "Timestamp is not a time")
	}
	cols := map[string]string{"name": name}
	if v := r.Get("softwareversion"); v != "" {
		cols["version"] = v
	}
	if v := r.Get("softwarevendor"); v != "" {
		cols["publisher"] = v
	}
	return jsonrows.Accept(inventory.HostRow("defender.DeviceTvmSoftwareInventory", inventory.Programs, h, at, cols, o))
}

// pnpFields are the documented members of a PnpDeviceConnected event's
// AdditionalFields.
type pnpFields struct {
	ClassName         jsonrows.Scalar `json:"ClassName"`
	DeviceID          jsonrows.Scalar `json:"DeviceId"`
	DeviceDescription jsonrows.Scalar `json:"DeviceDescription"`
	VendorIDs         jsonrows.Scalar `json:"VendorIds"`
}

func deviceEvent(r inventory.Row, o mosaic.Origin) jsonrows.Decoded {
	action := r.Get(colActionType)
	if action == "" {
		return jsonrows.Reject(colActionType, "ActionType is missing")
	}
	h, why := host(r)
	if why != "" {
		return jsonrows.Reject(colDeviceName, why)
	}
	stamp := r.Get(colTimestamp)
	if stamp == "" {
		return jsonrows.Reject(colTimestamp, "Timestamp is missing: an event has a time")
	}
	at, ok := inventory.ParseTime(stamp)
	if !ok {
		return jsonrows.Reject(colTimestamp, "Timestamp is not a time")
	}
	if !strings.EqualFold(action, "PnpDeviceConnected") {
		return jsonrows.Accept() // a valid event of a kind mosaic does not read
	}
	raw := r.Get("additionalfields")
	if raw == "" {
		return jsonrows.Reject("additionalfields", "AdditionalFields is missing: it describes the device")
	}
	var p pnpFields
	if col, why := jsonrows.Unmarshal([]byte(raw), &p); why != "" {
		if col == "" {
			col = "additionalfields"
		}
		return jsonrows.Reject(col, "AdditionalFields: "+why)
	}
	instance := p.DeviceID.Str()
	vendorIDs := p.VendorIDs.Str()
	cols := map[string]string{}
	put := func(k, v string) {
		if v != "" {
			cols[k] = v
		}
	}
	vid, pid := inventory.USBIDs(instance, vendorIDs)
	put("vendor_id", vid)
	put("model_id", pid)
	put("model", p.DeviceDescription.Str())
	put("class", p.ClassName.Str())
	put("serial", inventory.InstanceSerial(instance))
	if len(cols) == 0 {
		return jsonrows.Reject("additionalfields", "AdditionalFields has none of ClassName, DeviceId, DeviceDescription and VendorIds")
	}
	h.Username = inventory.PersonAccount(r.Get("accountname"))
	if h.Username == "" {
		h.Username = inventory.PersonAccount(r.Get("initiatingprocessaccountname"))
	}
	return jsonrows.Accept(inventory.HostRow("defender.DeviceEvents.PnpDeviceConnected", inventory.USBDevices, h, at, cols, o))
}

func intuneApp(r inventory.Row, o mosaic.Origin) jsonrows.Decoded {
	h, why := host(r)
	if why != "" {
		return jsonrows.Reject(colDeviceName, why)
	}
	name := r.Get(colAppName)
	if name == "" {
		return jsonrows.Reject(colAppName, "ApplicationName is missing")
	}
	h.Username = r.Get("emailaddress", "userprincipalname", "username")
	cols := map[string]string{"name": name}
	if v := r.Get("applicationversion", "applicationshortversion"); v != "" {
		cols["version"] = v
	}
	if v := r.Get("applicationpublisher"); v != "" {
		cols["publisher"] = v
	}
	return jsonrows.Accept(inventory.HostRow("intune.AppInvRawData", inventory.Programs, h, time.Time{}, cols, o))
}
