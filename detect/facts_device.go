package detect

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// IP-KVM and HDMI-to-USB capture gadgets let an operator drive a laptop at a
// laptop farm from afar without installing software on it (Microsoft, Jasper
// Sleet, 2025; FBI PSA I-012325). Matched on USB vendor:product ids and names.
var ipkvmIDs = map[string]string{
	"1d6b:0104": "Linux composite USB gadget (PiKVM, TinyPilot and other IP-KVMs present as one)",
	"1d6b:0101": "Linux audio/HID USB gadget",
	"2e8a:000a": "Raspberry Pi Pico HID",
}

var ipkvmNames = regexp.MustCompile(`(?i)\b(pikvm|pi-kvm|tinypilot|jetkvm|glkvm|gl\.inet comet|nanokvm|blikvm|kvm over ip|ip-?kvm|multifunction composite gadget|composite gadget)\b`)

// Keep-awake tools keep a session looking active (weak evidence; many honest
// people use them).
var keepAwake = regexp.MustCompile(`(?i)\b(caffeine|mouse ?jiggler|move ?mouse|amphetamine|don'?t ?sleep|insomniax?|keep ?awake|nosleep|jiggler|wiggle ?mouse)\b`)

// deviceFacts computes each subject's endpoint profile from osquery rows.
func (f *Facts) deviceFacts() {
	g := f.g
	ds := g.DS
	f.devices = make([]map[string]any, len(g.Subjects))
	f.deviceEv = make([][]mosaic.Evidence, len(g.Subjects))
	f.deviceAt = make([]time.Time, len(g.Subjects))
	fleet := f.fleetTools()
	for si, s := range g.Subjects {
		if len(s.HostRows()) == 0 {
			continue
		}
		tools := map[string]time.Time{}
		kvm, awake, layouts := map[string]bool{}, map[string]bool{}, map[string]bool{}
		var deviceTZ string
		var ev []mosaic.Evidence
		var evAt time.Time
		// Each row is cited for the fact it shows (the tool, the gadget),
		// so a signal about one never cites another.
		addEv := func(h mosaic.HostRow, field, fact string) {
			e := mosaic.Evidence{File: h.Origin.File, Line: h.Origin.Line, EventID: h.Origin.EventID, Field: field}
			f.cite(si, fact, e, 8)
			if len(ev) < 8 {
				ev = append(ev, e)
				if evAt.IsZero() || h.Time.Before(evAt) {
					evAt = h.Time
				}
			}
		}
		for _, i := range s.HostRows() {
			h := ds.HostRows[i]
			if h.Action == "removed" {
				continue
			}
			switch h.Query {
			case "programs", "processes":
				name := h.Columns["name"]
				if t, ok := f.remoteTool(name); ok && !fleet[t.Name] && !f.catalog.Approved[strings.ToLower(t.Name)] {
					if prev, seen := tools[t.Name]; !seen || h.Time.Before(prev) {
						tools[t.Name] = h.Time
						addEv(h, "name", "devices.remote_access")
					}
				} else if keepAwake.MatchString(name) {
					awake[strings.TrimSpace(name)] = true
					addEv(h, "name", "devices.keep_awake")
				}
			case "usb_devices":
				id := strings.ToLower(strings.TrimPrefix(h.Columns["vendor_id"], "0x") + ":" + strings.TrimPrefix(h.Columns["model_id"], "0x"))
				desc := strings.TrimSpace(h.Columns["vendor"] + " " + h.Columns["model"])
				if d, ok := ipkvmIDs[id]; ok {
					kvm[d+" ("+id+")"] = true
					addEv(h, "model_id", "devices.ipkvm")
				} else if ipkvmNames.MatchString(desc) {
					kvm[desc] = true
					addEv(h, "model", "devices.ipkvm")
				}
			case "time_zone":
				for _, k := range []string{"time_zone_key_name", "local_timezone", "timezone", "data"} {
					if v := strings.TrimSpace(h.Columns[k]); v != "" {
						deviceTZ = v
						// Only the setting reported (the last read) is cited.
						if f.factEv[si] == nil {
							f.factEv[si] = subjectEvidence{}
						}
						f.factEv[si]["devices.timezone"] = []mosaic.Evidence{{File: h.Origin.File, Line: h.Origin.Line, EventID: h.Origin.EventID, Field: k}}
						break
					}
				}
			case "keyboard_layouts":
				if v := strings.TrimSpace(h.Columns["data"]); v != "" {
					layouts[v] = true
				}
			}
		}
		names := make([]string, 0, len(tools))
		var first time.Time
		for n, t := range tools {
			names = append(names, n)
			if first.IsZero() || (!t.IsZero() && t.Before(first)) {
				first = t
			}
		}
		sort.Strings(names)
		m := map[string]any{
			"remote_access":            toAny(names),
			"remote_access_count":      int64(len(names)),
			"ipkvm":                    sortedSet(kvm),
			"keep_awake":               sortedSet(awake),
			"device_timezone":          deviceTZ,
			"context_keyboard_layouts": sortedSet(layouts),
		}
		if ei := f.employee[si]; ei >= 0 && len(names) > 0 && !first.IsZero() {
			if hire := ds.Employees[ei].HireDate; !hire.IsZero() {
				m["remote_access_days_after_hire"] = first.Sub(hire).Hours() / 24
			}
		}
		if loc := f.declaredTZ[si]; loc != nil && deviceTZ != "" {
			if off, ok := deviceOffset(deviceTZ); ok {
				decl := offsetHours(loc, time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC))
				mismatch := absf(off-decl) > 1.5 && absf(off-decl) < 22.5
				// The clock of a place the laptop was shipped to is consistent
				// too: the person told the company they would be there.
				for _, r := range f.homeRegions(si) {
					if at, ok := usStateOffsets[anyStateCode(r.region)]; ok && r.country == "US" && absf(off-at) <= 1.5 {
						mismatch = false
					}
				}
				m["device_timezone_mismatch"] = mismatch
			}
		}
		f.devices[si] = m
		f.deviceEv[si] = ev
		f.deviceAt[si] = evAt
	}
}

// fleetTools are remote-access tools found on more than FleetShare of the
// company's devices: the company's own tools.
func (f *Facts) fleetTools() map[string]bool {
	g := f.g
	with := map[string]map[int]bool{}
	hosts := 0
	for si, s := range g.Subjects {
		if len(s.HostRows()) > 0 {
			hosts++
		}
		for _, i := range s.HostRows() {
			h := g.DS.HostRows[i]
			if h.Query != "programs" && h.Query != "processes" {
				continue
			}
			if t, ok := f.remoteTool(h.Columns["name"]); ok {
				if with[t.Name] == nil {
					with[t.Name] = map[int]bool{}
				}
				with[t.Name][si] = true
			}
		}
	}
	out := map[string]bool{}
	for name, subjects := range with {
		if len(subjects) >= FleetMinDevices && float64(len(subjects)) > FleetShare*float64(hosts) {
			out[name] = true
		}
	}
	return out
}

func toAny(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func absf(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
