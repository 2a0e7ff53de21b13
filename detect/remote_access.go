package detect

import (
	_ "embed"
	"regexp"
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

// opsRole matches infrastructure and operations titles whose holders may
// reach servers and colleagues' machines through remote tools now and then:
// the tools count for little there, not nothing (operators often apply
// for exactly these roles).
var opsRole = regexp.MustCompile(`(?i)\b(devops|dev ops|site reliability|sre|infrastructure|platform engineer|cloud (engineer|architect|operations)|operations engineer|network engineer|systems? engineer)\b`)
