// Package inventory holds what the readers of MDM and EDR device
// inventories (defender, jamf, crowdstrike) share: reading an export that
// is either CSV, as consoles download it, or JSON, as APIs return it, one
// row at a time; building the mosaic.HostRow a row stands for, with a
// stable event id; and reading the times and USB ids those exports write.
//
// Rows come out in the shape of osquery's: an installed program is a
// HostRow with Query "programs" and columns name, version and publisher; a
// plug-and-play device is Query "usb_devices" with vendor, vendor_id,
// model, model_id, serial and class. So the device facts (remote-access
// tools, IP-KVM gadgets, keep-awake tools) and the joins to the shipping
// log (hostname, serial number) work on them unchanged.
package inventory

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// Queries an inventory row can stand for, as osquery names them.
const (
	Programs   = "programs"
	USBDevices = "usb_devices"
)

// Host names the device a row is about. Hostname or Serial joins the
// shipping log; ID is the product's own device id, kept as the host
// identifier so rows of a device without a name still group.
type Host struct {
	ID       string
	Hostname string
	Serial   string
	Username string
}

// HostRow builds the row: name is the product and table it came from
// ("defender.DeviceTvmSoftwareInventory"), kept as the row's query name
// so a person sees where it came from.
func HostRow(name, query string, h Host, at time.Time, cols map[string]string, o mosaic.Origin) mosaic.HostRow {
	id := h.ID
	if id == "" {
		id = h.Hostname
	}
	if id == "" {
		id = h.Serial
	}
	r := mosaic.HostRow{
		Query: query, Name: name, HostIdentifier: id,
		Hostname: h.Hostname, Serial: h.Serial, Username: h.Username,
		Time: at, Action: "snapshot", Columns: cols, Origin: o,
	}
	r.Origin.EventID = EventID(r)
	return r
}

// MacApp is an installed application as the macOS MDMs (Jamf Pro, Kandji)
// list it: its name ("AnyDesk.app", as macOS names it), version, bundle
// identifier and path.
type MacApp struct{ Name, Version, BundleID, Path string }

// MacAppRows gives one HostRow of Query "programs" per app, with the
// columns name, version, bundle_identifier and path (those given). An app
// without a name says nothing and gives no row.
func MacAppRows(name string, h Host, at time.Time, apps []MacApp, o mosaic.Origin) []mosaic.Record {
	recs := make([]mosaic.Record, 0, len(apps))
	for _, a := range apps {
		app := strings.TrimSpace(a.Name)
		if app == "" {
			continue
		}
		cols := map[string]string{"name": app}
		for k, v := range map[string]string{"version": a.Version, "bundle_identifier": a.BundleID, "path": a.Path} {
			if v != "" {
				cols[k] = v
			}
		}
		recs = append(recs, HostRow(name, Programs, h, at, cols, o))
	}
	return recs
}

// EventID is a stable id for a row, so reading the same export twice, or
// the same item in its CSV and its JSON form, de-duplicates. It hashes
// what the row says, not where it was: every part length-prefixed, so no
// two different rows hash the same input.
func EventID(r mosaic.HostRow) string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put(r.Name)
	put(r.HostIdentifier)
	put(strings.ToLower(r.Hostname))
	put(r.Serial)
	if !r.Time.IsZero() {
		put(strconv.FormatInt(r.Time.UnixNano(), 10))
	} else {
		put("")
	}
	keys := make([]string, 0, len(r.Columns))
	for k := range r.Columns {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		put(k)
		put(r.Columns[k])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// timeLayouts are the forms these exports write times in: RFC 3339 (the
// APIs, Defender's CSV with seven fractional digits), and the same without
// a zone or with a space, which spreadsheets and SQL tools write and which
// are taken as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"1/2/2006 3:04:05.999999999 PM",
	"1/2/2006, 3:04:05.999999999 PM",
}

// ParseTime reads a time in any form of timeLayouts, or Unix seconds or
// milliseconds. ok is false for "" and for anything else.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	// Seconds or milliseconds since 2001 (10 and 13 digits); a smaller
	// number is a date written as digits (20260302) or a mistake.
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 1e9 {
		if n >= 1e11 {
			return time.UnixMilli(n).UTC(), true
		}
		return time.Unix(n, 0).UTC(), true
	}
	return time.Time{}, false
}

var vidPid = regexp.MustCompile(`(?i)\bVID_([0-9a-f]{4})&PID_([0-9a-f]{4})`)

// USBIDs reads the vendor and product ids from a Windows device instance
// or hardware id ("USB\VID_1D6B&PID_0104\6&2b1a..."), lower case as
// osquery's usb_devices gives them; "" when there are none.
func USBIDs(ids ...string) (vendor, product string) {
	for _, id := range ids {
		if m := vidPid.FindStringSubmatch(id); m != nil {
			return strings.ToLower(m[1]), strings.ToLower(m[2])
		}
	}
	return "", ""
}

// InstanceSerial is the last part of a Windows device instance id
// ("USB\VID_1D6B&PID_0104\CAFEBABE"): the device's serial number when it
// reports one. Windows makes up ids with '&' in them for devices that do
// not ("6&2b1a3c4d&0&1"); those are no serial.
func InstanceSerial(instanceID string) string {
	parts := strings.Split(instanceID, `\`)
	if len(parts) < 3 {
		return ""
	}
	last := parts[len(parts)-1]
	if strings.Contains(last, "&") {
		return ""
	}
	return last
}

// systemAccounts are the accounts Windows runs services as: they name no
// person, so a row they are on gets no username.
var systemAccounts = map[string]bool{
	"system": true, "local service": true, "network service": true,
	"localsystem": true, "nt authority\\system": true,
}

// PersonAccount returns the account name when it is a person's, "" for
// Windows' service accounts.
func PersonAccount(name string) string {
	name = strings.TrimSpace(name)
	if systemAccounts[strings.ToLower(name)] {
		return ""
	}
	return name
}
