// Package kandji reads Kandji device inventory as its API returns it: the
// devices of GET /api/v1/devices (a JSON array, or one device per line), each
// with its installed applications from GET /api/v1/devices/{device_id}/apps
// under the key "apps", either the response's list or the whole response
// {"device_id": ..., "apps": [...]}. The two calls are joined by whoever
// exports them (see testdata/README.md): an apps response alone names no
// computer, user or serial number, so nothing could tie its rows to a person,
// and it is rejected with that reason.
//
// Each device is one row read; it gives one HostRow of Query "programs" per
// entry of its apps (none when it has none):
//
//	device_name                    Hostname (the computer name)
//	serial_number                  Serial (joins the shipping log)
//	device_id                      HostIdentifier
//	user.email, else user.name     Username
//	last_check_in                  Time: when the inventory was last
//	                               reported; no time when absent
//	apps[].app_name, else name     name ("AnyDesk.app", as macOS names it)
//	apps[].version                 version
//	apps[].bundle_id               bundle_identifier
//	apps[].path                    path
//
// Kandji's device APIs list no USB devices, so this reader gives no
// usb_devices rows. A device with neither a name nor a serial number, or
// whose apps are neither a list nor an apps response, is rejected.
package kandji

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/inventory"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Extractor reads Kandji device inventory. It holds only settings, so one
// Extractor may read several files at once.
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
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindKandji} }

// Extract reads f and calls emit once per device: AcceptMany with its
// applications, or Reject with the reason. It returns an error only when
// the file cannot be read or is not Kandji device inventory.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	return jsonrows.Extract(ctx, f, emit, jsonrows.Format{
		Name: "Kandji device inventory (Kandji API /api/v1/devices JSON with each device's apps)",
		// Exports that page devices themselves keep them under "results"
		// or "devices"; the API returns a bare array.
		PageKeys: []string{"devices", "results"},
		Decode:   func(row jsonrows.Row) jsonrows.Decoded { return decode(f.Path, row) },
	}, x.log)
}

// device is one entry of /api/v1/devices, as far as mosaic reads it, with
// the apps the exporter put beside it.
type device struct {
	DeviceID     jsonrows.Scalar `json:"device_id"`
	DeviceName   jsonrows.Scalar `json:"device_name"`
	SerialNumber jsonrows.Scalar `json:"serial_number"`
	LastCheckIn  jsonrows.Scalar `json:"last_check_in"`
	// User is an object ({"email", "name", "id", "is_archived"}), or an
	// empty string on a device assigned to nobody.
	User json.RawMessage `json:"user"`
	Apps json.RawMessage `json:"apps"`
}

type user struct {
	Email jsonrows.Scalar `json:"email"`
	Name  jsonrows.Scalar `json:"name"`
}

type app struct {
	AppName  jsonrows.Scalar `json:"app_name"`
	Name     jsonrows.Scalar `json:"name"`
	Version  jsonrows.Scalar `json:"version"`
	BundleID jsonrows.Scalar `json:"bundle_id"`
	Path     jsonrows.Scalar `json:"path"`
}

// appsResponse is what /api/v1/devices/{device_id}/apps returns.
type appsResponse struct {
	DeviceID jsonrows.Scalar `json:"device_id"`
	Apps     []*app          `json:"apps"`
}

// probe tells a Kandji device from other JSON: device_id with a device's
// own fields, or an apps response.
type probe struct {
	DeviceID     jsonrows.Scalar `json:"device_id"`
	DeviceName   jsonrows.Scalar `json:"device_name"`
	SerialNumber jsonrows.Scalar `json:"serial_number"`
	Platform     jsonrows.Scalar `json:"platform"`
	Apps         jsonrows.Scalar `json:"apps"`
}

func decode(file string, row jsonrows.Row) jsonrows.Decoded {
	var p probe
	if col, why := jsonrows.Unmarshal(row.Data, &p); why != "" && col == "" {
		return jsonrows.Reject(col, why)
	}
	if p.DeviceID.Kind == jsonrows.Absent {
		return jsonrows.Decoded{Foreign: true, Reason: "not a Kandji device: no device_id"}
	}
	if p.DeviceName.Kind == jsonrows.Absent && p.SerialNumber.Kind == jsonrows.Absent && p.Platform.Kind == jsonrows.Absent {
		if p.Apps.Kind != jsonrows.Absent {
			return jsonrows.Reject("device_id", "an apps response without its device: put the /api/v1/devices entry (device_name, serial_number, user) beside it, or nothing ties these apps to a computer or a person")
		}
		return jsonrows.Decoded{Foreign: true, Reason: "not a Kandji device: neither device_name nor serial_number nor platform"}
	}
	var d device
	if col, why := jsonrows.Unmarshal(row.Data, &d); why != "" {
		return jsonrows.Reject(col, why)
	}
	h := inventory.Host{ID: d.DeviceID.Literal(), Hostname: d.DeviceName.Str(), Serial: d.SerialNumber.Str()}
	if u := bytes.TrimSpace(d.User); len(u) > 0 && u[0] == '{' {
		var who user
		if col, why := jsonrows.Unmarshal(u, &who); why != "" {
			return jsonrows.Reject("user."+col, why)
		}
		h.Username = who.Email.Str()
		if h.Username == "" {
			h.Username = who.Name.Str()
		}
	}
	if h.Hostname == "" && h.Serial == "" {
		return jsonrows.Reject("device_name", "neither device_name nor serial_number: a device names itself")
	}
	var at time.Time
	if s := d.LastCheckIn.Str(); s != "" {
		t, ok := inventory.ParseTime(s)
		if !ok {
			return jsonrows.Reject("last_check_in", "last_check_in is not a time")
		}
		at = t
	}
	apps, col, why := appsOf(d.Apps)
	if why != "" {
		return jsonrows.Reject(col, why)
	}
	o := mosaic.Origin{File: file, Line: row.Line}
	macApps := make([]inventory.MacApp, 0, len(apps))
	for _, a := range apps {
		if a == nil {
			continue
		}
		// app_name, else name when app_name is empty.
		name := strings.TrimSpace(a.AppName.Str())
		if name == "" {
			name = a.Name.Str()
		}
		macApps = append(macApps, inventory.MacApp{Name: name, Version: a.Version.Str(), BundleID: a.BundleID.Str(), Path: a.Path.Str()})
	}
	return jsonrows.Accept(inventory.MacAppRows("kandji.devices.apps", h, at, macApps, o)...)
}

// appsOf reads a device's apps: the list, or the apps response holding it.
// Absent or null apps are none.
func appsOf(raw json.RawMessage) (apps []*app, column, reason string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, "", ""
	}
	switch raw[0] {
	case '[':
		// Unmarshal reads objects; wrapped, the list is read as the apps
		// response's and a fault is named apps.<field> all the same.
		wrapped := make([]byte, 0, len(raw)+10)
		wrapped = append(append(append(wrapped, `{"apps":`...), raw...), '}')
		raw = wrapped
		fallthrough
	case '{':
		var r appsResponse
		if col, why := jsonrows.Unmarshal(raw, &r); why != "" {
			if col == "" || strings.HasPrefix(col, "apps") {
				return nil, col, why
			}
			return nil, "apps." + col, why
		}
		return r.Apps, "", ""
	}
	return nil, "apps", "apps is neither a list nor an apps response"
}
