// Package crowdstrike reads CrowdStrike Falcon's application inventory
// (Falcon Discover / Exposure Management "Applications"): the Discover
// API's GET /discover/combined/applications/v1 (or entities/applications)
// pages {"meta":{...},"resources":[application, ...],"errors":[]}
// requested with facet=host_info, applications one per line or in a JSON
// array, or the console's CSV export of the same fields.
//
// Each application on a host is one row and one HostRow of Query
// "programs":
//
//	host.hostname (CSV: hostname)          Hostname (joins the shipping log)
//	host.id, else host.aid                 HostIdentifier
//	name                                   name
//	version                                version
//	vendor                                 publisher
//	installation_paths                     path (several joined by "; ")
//	last_used_user_name                    Username
//	installation_timestamp, else           Time: when it was installed, or
//	first_seen_timestamp, else             first seen by the cloud (the
//	last_updated_timestamp                 nearest to an install date)
//
// CSV headers are matched loosely (case, spaces, '_' and '.' ignored), so
// "host.hostname", "Hostname" and "Host name" are one column. Falcon's
// application inventory has no hardware serial number and no USB
// devices; its rows join the shipping log by hostname.
package crowdstrike

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/inventory"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Extractor reads Falcon application inventory. It holds only settings,
// so one Extractor may read several files at once.
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
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindCrowdStrike} }

// Extract reads f and calls emit once per application: Accept with a
// HostRow, or Reject with the reason. It returns an error only when the
// file cannot be read or is not Falcon application inventory.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	return inventory.Extract(ctx, f, emit, inventory.Format{
		Name:     "a CrowdStrike Falcon application inventory (Discover applications API JSON or its CSV export)",
		PageKeys: []string{"resources"},
		Known:    known,
		Decode:   decode,
	}, x.log)
}

// Column keys: the API's nested names and the export's flat ones.
var (
	hostnameKeys = []string{"hosthostname", "hostname", "hostnames"}
	hostIDKeys   = []string{"hostid", "hostaid", "aid", "assetid"}
	nameKeys     = []string{"name", "applicationname", "application"}
	timeKeys     = []string{"installationtimestamp", "firstseentimestamp", "firstseen", "lastupdatedtimestamp", "lastupdated"}
)

// known: an application has a name, and a vendor or a version, and one
// of the host's columns.
func known(r inventory.Row) bool {
	return r.Has(nameKeys...) && r.Has("vendor", "version", "namevendor") && (r.Has(hostnameKeys...) || r.Has(hostIDKeys...) || r.Has("host"))
}

func decode(r inventory.Row, o mosaic.Origin) jsonrows.Decoded {
	h := inventory.Host{ID: r.Get(hostIDKeys...), Hostname: r.Get(hostnameKeys...), Username: r.Get("lastusedusername", "lastuseduser")}
	if h.Hostname == "" {
		return jsonrows.Reject("hostname", "host.hostname is missing: an application names its host (request facet=host_info)")
	}
	name := r.Get(nameKeys...)
	if name == "" {
		return jsonrows.Reject("name", "name is missing")
	}
	var at time.Time
	for _, k := range timeKeys {
		if s := r.Get(k); s != "" {
			t, ok := inventory.ParseTime(s)
			if !ok {
				return jsonrows.Reject(k, k+" is not a time")
			}
			at = t
			break
		}
	}
	cols := map[string]string{"name": name}
	for col, keys := range map[string][]string{"version": {"version"}, "publisher": {"vendor"}, "path": {"installationpaths", "installationpath"}} {
		if v := r.Get(keys...); v != "" {
			cols[col] = v
		}
	}
	// The API gives installation paths as a list; the export as text.
	if p := cols["path"]; strings.HasPrefix(p, "[") {
		var paths []string
		if json.Unmarshal([]byte(p), &paths) == nil {
			cols["path"] = strings.Join(paths, "; ")
		}
	}
	return jsonrows.Accept(inventory.HostRow("crowdstrike.discover.applications", inventory.Programs, h, at, cols, o))
}
