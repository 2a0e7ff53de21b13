package detect

import (
	"context"
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"go.yaml.in/yaml/v3"
)

//go:embed remote_access.yaml
var remoteAccessYAML []byte

// RemoteAccessTool is one entry of the remote-access catalogue.
type RemoteAccessTool struct {
	Name     string   `yaml:"name"`
	Patterns []string `yaml:"patterns"`
	Exclude  []string `yaml:"exclude"`
	Factor   float64  `yaml:"factor"` // weight factor; 1 when unset
	match    []*regexp.Regexp
	exclude  []*regexp.Regexp
}

// RemoteAccessCatalog recognises remote-access software by name.
type RemoteAccessCatalog struct {
	Tools []RemoteAccessTool `yaml:"tools"`
	// Approved names tools the company itself uses; they never fire.
	Approved map[string]bool `yaml:"-"`
}

// ParseRemoteAccessCatalog reads a catalogue in the YAML form of the built-in one.
func ParseRemoteAccessCatalog(data []byte) (*RemoteAccessCatalog, error) {
	var c RemoteAccessCatalog
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "the remote-access catalogue is not valid YAML")
	}
	for i := range c.Tools {
		t := &c.Tools[i]
		if t.Factor == 0 {
			t.Factor = 1
		}
		for _, p := range t.Patterns {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				return nil, mosaic.WrapError(mosaic.EINVALID, err, "remote-access catalogue: tool %s has a bad pattern %q", t.Name, p)
			}
			t.match = append(t.match, re)
		}
		for _, p := range t.Exclude {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				return nil, mosaic.WrapError(mosaic.EINVALID, err, "remote-access catalogue: tool %s has a bad exclude pattern %q", t.Name, p)
			}
			t.exclude = append(t.exclude, re)
		}
	}
	c.Approved = map[string]bool{}
	return &c, nil
}

// DefaultRemoteAccessCatalog returns the built-in catalogue.
func DefaultRemoteAccessCatalog() *RemoteAccessCatalog {
	c, err := ParseRemoteAccessCatalog(remoteAccessYAML)
	if err != nil {
		panic("built-in remote-access catalogue: " + err.Error()) // a build defect, caught by tests
	}
	return c
}

// Match returns the tool a program or process name belongs to.
func (c *RemoteAccessCatalog) Match(name string) (*RemoteAccessTool, bool) {
	if name == "" {
		return nil, false
	}
	for i := range c.Tools {
		t := &c.Tools[i]
		if anyMatch(t.exclude, name) {
			continue
		}
		if anyMatch(t.match, name) {
			return t, true
		}
	}
	return nil, false
}

func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// EarlyInstallWindow: a remote-access tool that appears in the first two
// weeks after hire is the laptop-farm pattern (the facilitator sets it up on
// arrival).
const EarlyInstallWindow = 14 * 24 * time.Hour

// FleetShare: a tool found on more than this share of the company's devices
// (and on at least FleetMinDevices) is taken to be the company's own.
const (
	FleetShare      = 0.3
	FleetMinDevices = 5
)

// itRole matches job titles whose holders use remote-access tools for work.
var itRole = regexp.MustCompile(`(?i)\b(it|help ?desk|service ?desk|desktop support|technical support|support (engineer|specialist|technician)|system(s)? administrator|sysadmin|endpoint engineer)\b`)

type remoteAccess struct{ catalog *RemoteAccessCatalog }

func newRemoteAccess(c *RemoteAccessCatalog) remoteAccess { return remoteAccess{catalog: c} }

func (remoteAccess) Rule() Rule {
	return Rule{
		ID:          "endpoint.remote_access_software",
		Title:       "Remote-access software on a company laptop",
		Description: "osquery found remote-control software (AnyDesk, TeamViewer, RustDesk, ...) installed or running on the person's company device; stronger when several tools, or in the first two weeks after hire.",
		Silo:        mosaic.SiloEndpoint,
		Severity:    "medium",
		Weight:      4,
		References: []string{
			"FBI PSA I-051624-PSA (May 2024): remote desktop software on company laptops at laptop farms",
			"Microsoft Threat Intelligence, Jasper Sleet: North Korean remote IT workers (June 2025)",
			"CISA AA23-025A: malicious use of remote monitoring and management software",
		},
		FalsePositives: []string{
			"IT and help-desk staff (titles such as IT Support, Help Desk, System Administrator are not counted)",
			"a tool the company deploys fleet-wide (present on more than 30% of devices: not counted)",
		},
	}
}

type toolSighting struct {
	tool     *RemoteAccessTool
	at       time.Time
	evidence mosaic.Evidence
	program  string
}

func (d remoteAccess) Detect(ctx context.Context, in *Input, emit func(mosaic.Signal)) error {
	g := in.Graph
	ds := g.DS
	perSubject := make([]map[string]toolSighting, len(g.Subjects))
	devicesWith := map[string]map[int]bool{}
	subjectsWithHosts := 0
	for si, s := range g.Subjects {
		if len(s.HostRows) > 0 {
			subjectsWithHosts++
		}
		for _, i := range s.HostRows {
			h := ds.HostRows[i]
			if h.Action == "removed" || (h.Query != "programs" && h.Query != "processes") {
				continue
			}
			name := h.Columns["name"]
			t, ok := d.catalog.Match(name)
			if !ok && h.Query == "processes" {
				t, ok = d.catalog.Match(h.Columns["path"])
			}
			if !ok || d.catalog.Approved[strings.ToLower(t.Name)] {
				continue
			}
			if devicesWith[t.Name] == nil {
				devicesWith[t.Name] = map[int]bool{}
			}
			devicesWith[t.Name][si] = true
			if perSubject[si] == nil {
				perSubject[si] = map[string]toolSighting{}
			}
			if prev, seen := perSubject[si][t.Name]; seen && !h.Time.Before(prev.at) {
				continue
			}
			perSubject[si][t.Name] = toolSighting{tool: t, at: h.Time, evidence: mosaic.Evidence{File: h.Origin.File, Line: h.Origin.Line, EventID: h.Origin.EventID, Field: "name"}, program: name}
		}
	}
	fleet := map[string]bool{}
	for name, subjects := range devicesWith {
		if len(subjects) >= FleetMinDevices && float64(len(subjects)) > FleetShare*float64(subjectsWithHosts) {
			fleet[name] = true
		}
	}
	for si, tools := range perSubject {
		if len(tools) == 0 || isITStaff(in, si) {
			continue
		}
		var names []string
		var ev []mosaic.Evidence
		var first time.Time
		factor := 0.0
		for name, s := range tools {
			if fleet[name] {
				continue
			}
			names = append(names, name)
			ev = append(ev, s.evidence)
			if first.IsZero() || s.at.Before(first) {
				first = s.at
			}
			factor = max(factor, s.tool.Factor)
		}
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		sort.Slice(ev, func(i, j int) bool { return ev[i].Line < ev[j].Line })
		weight := 4 * factor
		if len(names) >= 2 {
			weight *= 2
		}
		when := ""
		if hire := hireDate(in, si); !hire.IsZero() && !first.IsZero() {
			since := first.Sub(hire)
			if since >= -24*time.Hour && since <= EarlyInstallWindow {
				weight *= 2
				when = fmt.Sprintf(", first seen %d days after hire", max(0, int(since.Hours()/24)))
			}
		}
		emit(mosaic.Signal{
			Subject:     g.Subjects[si].Key,
			Key:         strings.Join(names, ","),
			At:          first,
			Weight:      weight,
			Explanation: fmt.Sprintf("remote-access software on the company laptop: %s%s", strings.Join(names, ", "), when),
			Evidence:    ev,
		})
	}
	return nil
}

func isITStaff(in *Input, si int) bool {
	for _, i := range in.Graph.Subjects[si].Employees {
		if itRole.MatchString(in.Graph.DS.Employees[i].Title) {
			return true
		}
	}
	return false
}

func hireDate(in *Input, si int) time.Time {
	var t time.Time
	for _, i := range in.Graph.Subjects[si].Employees {
		h := in.Graph.DS.Employees[i].HireDate
		if !h.IsZero() && (t.IsZero() || h.Before(t)) {
			t = h
		}
	}
	return t
}
