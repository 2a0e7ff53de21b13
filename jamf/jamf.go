// Package jamf reads Jamf Pro computer inventory as the Jamf Pro API
// returns it: pages of GET /api/v1/computers-inventory (or v2, v3)
// {"totalCount":n,"results":[computer, ...]} requested with
// section=GENERAL&section=HARDWARE&section=USER_AND_LOCATION&section=APPLICATIONS,
// one computer as GET .../computers-inventory-detail/{id} returns it, or
// computers one per line or in a JSON array.
//
// Each computer is one row read; it gives one HostRow of Query "programs"
// per entry of its applications section (none when the section is empty):
//
//	general.name                      Hostname (the computer name)
//	hardware.serialNumber             Serial (joins the shipping log)
//	udid, else id                     HostIdentifier
//	userAndLocation.username, email   Username
//	general.reportDate, else          Time: when the inventory was
//	lastContactTime                   reported; no time when neither
//	applications[].name               name ("AnyDesk.app", as macOS names it)
//	applications[].version            version
//	applications[].bundleId           bundle_identifier
//	applications[].path               path
//
// Jamf Pro records no USB devices in its computer inventory, so this
// reader gives no usb_devices rows. A computer with neither a name nor a
// serial number, or whose applications section is not a list, is
// rejected.
package jamf

import (
	"context"
	"log/slog"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/inventory"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Extractor reads Jamf Pro computer inventory. It holds only settings, so
// one Extractor may read several files at once.
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
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindJamf} }

// Extract reads f and calls emit once per computer: AcceptMany with its
// applications, or Reject with the reason. It returns an error only when
// the file cannot be read or is not Jamf Pro computer inventory.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	return jsonrows.Extract(ctx, f, emit, jsonrows.Format{
		Name:     "Jamf Pro computer inventory (Jamf Pro API computers-inventory JSON)",
		PageKeys: []string{"results"},
		Decode:   func(row jsonrows.Row) jsonrows.Decoded { return decode(f.Path, row) },
	}, x.log)
}

// computer is the ComputerInventory resource, as far as mosaic reads it.
type computer struct {
	ID      jsonrows.Scalar `json:"id"`
	UDID    jsonrows.Scalar `json:"udid"`
	General *struct {
		Name            jsonrows.Scalar `json:"name"`
		ReportDate      jsonrows.Scalar `json:"reportDate"`
		LastContactTime jsonrows.Scalar `json:"lastContactTime"`
	} `json:"general"`
	Hardware *struct {
		SerialNumber jsonrows.Scalar `json:"serialNumber"`
	} `json:"hardware"`
	UserAndLocation *struct {
		Username jsonrows.Scalar `json:"username"`
		Email    jsonrows.Scalar `json:"email"`
	} `json:"userAndLocation"`
	Applications []*application `json:"applications"`
}

type application struct {
	Name     jsonrows.Scalar `json:"name"`
	Version  jsonrows.Scalar `json:"version"`
	BundleID jsonrows.Scalar `json:"bundleId"`
	Path     jsonrows.Scalar `json:"path"`
}

// probe tells a computer from other JSON: it has general or hardware, and
// other logs have neither.
type probe struct {
	General  jsonrows.Scalar `json:"general"`
	Hardware jsonrows.Scalar `json:"hardware"`
	UDID     jsonrows.Scalar `json:"udid"`
}

func decode(file string, row jsonrows.Row) jsonrows.Decoded {
	var p probe
	if col, why := jsonrows.Unmarshal(row.Data, &p); why != "" && col == "" {
		return jsonrows.Reject(col, why)
	}
	if p.General.Kind == jsonrows.Absent && p.Hardware.Kind == jsonrows.Absent {
		return jsonrows.Decoded{Foreign: true, Reason: "not a Jamf Pro computer: neither general nor hardware"}
	}
	var c computer
	if col, why := jsonrows.Unmarshal(row.Data, &c); why != "" {
		return jsonrows.Reject(col, why)
	}
	h := inventory.Host{ID: c.UDID.Str()}
	if h.ID == "" {
		h.ID = c.ID.Literal()
	}
	var at time.Time
	if g := c.General; g != nil {
		h.Hostname = g.Name.Str()
		for _, v := range []jsonrows.Scalar{g.ReportDate, g.LastContactTime} {
			if s := v.Str(); s != "" {
				t, ok := inventory.ParseTime(s)
				if !ok {
					return jsonrows.Reject("general", "general.reportDate or lastContactTime is not a time")
				}
				at = t
				break
			}
		}
	}
	if c.Hardware != nil {
		h.Serial = c.Hardware.SerialNumber.Str()
	}
	if u := c.UserAndLocation; u != nil {
		h.Username = u.Username.Str()
		if h.Username == "" {
			h.Username = u.Email.Str()
		}
	}
	if h.Hostname == "" && h.Serial == "" {
		return jsonrows.Reject("general", "neither general.name nor hardware.serialNumber: a computer names itself")
	}
	o := mosaic.Origin{File: file, Line: row.Line}
	apps := make([]inventory.MacApp, 0, len(c.Applications))
	for _, a := range c.Applications {
		if a != nil {
			apps = append(apps, inventory.MacApp{Name: a.Name.Str(), Version: a.Version.Str(), BundleID: a.BundleID.Str(), Path: a.Path.Str()})
		}
	}
	return jsonrows.Accept(inventory.MacAppRows("jamf.computers-inventory.applications", h, at, apps, o)...)
}
