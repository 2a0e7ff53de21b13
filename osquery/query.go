package osquery

import "strings"

// The queries mosaic's detectors understand. A row is tied to one by the
// name osquery logs it under (pack_<pack>_<query>) or, when a company names
// its queries differently, by the columns it carries.
const (
	QueryPrograms        = "programs"
	QueryUSBDevices      = "usb_devices"
	QueryKeyboardLayouts = "keyboard_layouts"
	QueryTimeZone        = "time_zone"
	QueryProcesses       = "processes"
	QueryListeningPorts  = "listening_ports"
)

// queryNames maps the last part of a logged query name to the query it
// answers. Read-only. The mosaic pack names its macOS and Linux forms after
// their tables (apps, deb_packages) or with a platform suffix.
var queryNames = map[string]string{
	"programs":           QueryPrograms,
	"apps":               QueryPrograms,
	"deb_packages":       QueryPrograms,
	"rpm_packages":       QueryPrograms,
	"installed_programs": QueryPrograms,
	"installed_software": QueryPrograms,
	"usb_devices":        QueryUSBDevices,
	"keyboard_layouts":   QueryKeyboardLayouts,
	"keyboard_layout":    QueryKeyboardLayouts,
	"time_zone":          QueryTimeZone,
	"timezone":           QueryTimeZone,
	"processes":          QueryProcesses,
	"listening_ports":    QueryListeningPorts,
}

// platformSuffixes are dropped from a query name before matching.
var platformSuffixes = []string{"_windows", "_macos", "_darwin", "_linux", "_posix"}

// Recognise returns the query a row answers (QueryPrograms, ...), or ""
// when it is none of mosaic's: by the logged name first, then by columns.
func Recognise(name string, columns map[string]string) string {
	if q := byName(name); q != "" {
		return q
	}
	return byColumns(columns)
}

// byName matches the end of the logged name: "pack_mosaic_programs",
// "pack_it-inventory_deb_packages" and "programs" alike.
func byName(name string) string {
	name = strings.ToLower(name)
	for _, s := range platformSuffixes {
		name = strings.TrimSuffix(name, s)
	}
	if q, ok := queryNames[name]; ok {
		return q
	}
	// Try each "_"-separated tail, longest first, so that "deb_packages"
	// wins over a shorter tail.
	for i := 0; i < len(name); i++ {
		if name[i] == '_' {
			if q, ok := queryNames[name[i+1:]]; ok {
				return q
			}
		}
	}
	return ""
}

// byColumns recognises a row from its columns, most specific shapes first.
func byColumns(c map[string]string) string {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := c[k]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("path", "data") && isKeyboardPath(c["path"]):
		return QueryKeyboardLayouts
	case has("domain") && strings.EqualFold(c["domain"], "com.apple.HIToolbox"):
		return QueryKeyboardLayouts
	case has("time_zone_key_name"), has("local_timezone"), has("time_zone"), has("timezone"):
		return QueryTimeZone
	case has("path", "data") && strings.Contains(strings.ToLower(c["path"]), `timezoneinformation\timezonekeyname`):
		return QueryTimeZone
	case has("vendor_id", "model_id"):
		return QueryUSBDevices
	case has("port", "protocol", "address", "pid"):
		return QueryListeningPorts
	case has("pid", "name", "path", "cmdline"):
		return QueryProcesses
	case has("name", "version", "publisher"), has("name", "version", "install_date"):
		return QueryPrograms // Windows programs
	case has("name", "bundle_identifier"):
		return QueryPrograms // macOS apps
	case has("name", "version", "source"):
		return QueryPrograms // deb and rpm packages
	}
	return ""
}

func isKeyboardPath(path string) bool {
	p := strings.ToLower(path)
	return strings.Contains(p, `keyboard layout\preload`) ||
		strings.Contains(p, "com.apple.hitoolbox") ||
		strings.Contains(p, "/etc/default/keyboard") ||
		strings.Contains(p, "/etc/vconsole.conf")
}
