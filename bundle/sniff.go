package bundle

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Unread is a file or folder of the bundle that mosaic does not read, with
// what it looks like, so the person running the scan learns why it was left
// out and what to do about it.
type Unread struct {
	// Path is relative to the bundle, with forward slashes; a folder ends
	// in "/".
	Path string
	// LooksLike says what the content seems to be ("Microsoft Entra ID
	// sign-in logs"), "" when nothing recognisable.
	LooksLike string
	// Why says why it is not read and what to do, in a few words.
	Why string
}

// Message is the one line a person reads: "entra/: looks like Microsoft
// Entra ID sign-in logs, not read yet".
func (u Unread) Message() string {
	s := u.Path + ": "
	if u.LooksLike != "" {
		s += "looks like " + u.LooksLike + ", "
	}
	return s + u.Why
}

// Source is a kind of export mosaic knows by sight, read or not: the folder
// names companies give it and the text that identifies its content. A
// source whose kind the layout reads is classified by Walk and never
// reported as unread; the others are named for what they are.
type Source struct {
	Kind mosaic.Kind
	Name string // for people: "Okta System Log events"
	// Folders are top-level folder names that hold it, the contract's first.
	Folders []string
	// Markers identify the content: the first bytes of a file contain
	// every string of at least one of the lists.
	Markers [][]string
}

// Sources are the exports of the contract's sign-in and device sources,
// those mosaic reads and those it does not read yet. Readers for a new kind
// add its folder to Layout.Logs (Layout.ReadKinds does it for every kind an
// extractor reads); nothing here needs to change.
var Sources = []Source{
	{Kind: mosaic.KindOkta, Name: "Okta System Log events", Folders: []string{"okta"},
		Markers: [][]string{{`"eventType"`, `"published"`}}},
	{Kind: mosaic.KindOsquery, Name: "osquery result logs", Folders: []string{"osquery"},
		Markers: [][]string{{`"hostIdentifier"`}}},
	{Kind: "entra", Name: "Microsoft Entra ID sign-in logs",
		Folders: []string{"entra", "entra_id", "entraid", "azure_ad", "azuread", "aad", "azure"},
		Markers: [][]string{{`"userPrincipalName"`, `"createdDateTime"`}, {`"userPrincipalName"`, `SignInLogs"`}, {`"category"`, `SignInLogs"`}}},
	{Kind: "google_workspace", Name: "Google Workspace login activity",
		Folders: []string{"google_workspace", "googleworkspace", "gworkspace", "google", "gsuite"},
		Markers: [][]string{{`admin#reports#activity`}, {`"applicationName"`, `"login"`}}},
	{Kind: "ecs", Name: "authentication events in Elastic Common Schema", Folders: []string{"ecs", "elastic"},
		Markers: [][]string{{`"@timestamp"`, `"event"`, `"category"`}}},
	{Kind: mosaic.KindDefender, Name: "Microsoft Defender or Intune device inventory exports",
		Folders: []string{"defender", "mde", "microsoft_defender", "intune"},
		Markers: [][]string{{`"SoftwareName"`, `"DeviceName"`}, {`"ActionType"`, `"DeviceName"`}, {`AdvancedHunting-`}, {"SoftwareName", "SoftwareVendor", "DeviceName"}}},
	{Kind: mosaic.KindJamf, Name: "Jamf Pro computer inventory", Folders: []string{"jamf", "jamf_pro", "jamfpro"},
		Markers: [][]string{{`"general"`, `"hardware"`, `"userAndLocation"`}}},
	{Kind: mosaic.KindCrowdStrike, Name: "CrowdStrike Falcon application inventory", Folders: []string{"crowdstrike", "falcon"},
		Markers: [][]string{{`"name_vendor"`, `"first_seen_timestamp"`}}},
	{Kind: mosaic.KindKandji, Name: "Kandji device inventory", Folders: []string{"kandji"},
		Markers: [][]string{{`"device_id"`, `"serial_number"`, `"last_check_in"`}}},
	{Kind: "devices", Name: "MDM/EDR device inventory exports (mosaic reads them from defender/, jamf/, crowdstrike/ or kandji/)", Folders: []string{"devices", "mdm", "edr", "inventory"}},
}

// csvSignatures tell a tabular export by its header when it carries another
// name: every column of one list present.
var csvSignatures = []struct {
	kind    mosaic.Kind
	columns []string
}{
	{mosaic.KindApplications, []string{"application_id", "submitted_at"}},
	{mosaic.KindEmployees, []string{"employee_id", "work_email"}},
	{mosaic.KindEmployees, []string{"employee_id", "hire_date"}},
	{mosaic.KindShipments, []string{"shipment_id"}},
	{mosaic.KindPayroll, []string{"event_id", "employee_id"}},
	{mosaic.KindNotes, []string{"note_id"}},
	{mosaic.KindJobs, []string{"job_id", "posted_at"}},
}

// sniffBytes is how much of a file is looked at to tell what it is.
const sniffBytes = 8 << 10

// readHead returns the first bytes of a file, nil when it cannot be read.
func readHead(abs string) []byte {
	f, err := os.Open(abs)
	if err != nil {
		return nil
	}
	defer f.Close()
	buf := make([]byte, sniffBytes)
	n, _ := io.ReadFull(f, buf)
	return buf[:n]
}

// sourceByContent returns the source whose markers the bytes carry.
func sourceByContent(head []byte) (Source, bool) {
	for _, s := range Sources {
		for _, set := range s.Markers {
			all := len(set) > 0
			for _, m := range set {
				if !bytes.Contains(head, []byte(m)) {
					all = false
					break
				}
			}
			if all {
				return s, true
			}
		}
	}
	return Source{}, false
}

// sourceByFolder returns the source a folder name stands for.
func sourceByFolder(name string) (Source, bool) {
	name = strings.ToLower(name)
	for _, s := range Sources {
		if slices.Contains(s.Folders, name) {
			return s, true
		}
	}
	return Source{}, false
}

// csvKindOf tells a CSV export by its header.
func csvKindOf(head []byte) (mosaic.Kind, bool) {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	header, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))).Read()
	if err != nil {
		return "", false
	}
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(strings.TrimSpace(h))] = true
	}
	for _, sig := range csvSignatures {
		all := true
		for _, c := range sig.columns {
			all = all && have[c]
		}
		if all {
			return sig.kind, true
		}
	}
	return "", false
}

// sniffer describes what Walk leaves out, once per top-level folder.
type sniffer struct {
	layout Layout
	seen   map[string]bool // top-level folders already described
}

// readsFrom returns the folder the layout reads a kind from, "" when none.
func (l Layout) readsFrom(k mosaic.Kind) string {
	// The folder of the kind's own name first: a kind read from several
	// folders (google_workspace/, gworkspace/) is named the same each time.
	if own := strings.ToLower(string(k)); l.Logs[own] == k {
		return own
	}
	for folder, kind := range l.Logs {
		if kind == k {
			return folder
		}
	}
	return ""
}

// describe says what an unread file is. A file in a top-level folder is
// described as its folder, once: ok is false for the folder's other files.
func (s *sniffer) describe(rel, abs string) (Unread, bool) {
	top, rest, nested := strings.Cut(rel, "/")
	if nested && rest != "" {
		if s.seen[top] {
			return Unread{}, false
		}
		s.seen[top] = true
		u := Unread{Path: top + "/"}
		src, byName := sourceByFolder(top)
		if !byName {
			src, byName = sourceByContent(readHead(abs))
		}
		if byName {
			u.LooksLike = src.Name
			if folder := s.layout.readsFrom(src.Kind); folder != "" {
				u.Why = "not read here: mosaic reads them from " + folder + "/, move them there"
			} else {
				u.Why = "not read yet"
			}
			return u, true
		}
		u.Why = "not a folder of the bundle, not read"
		return u, true
	}

	u := Unread{Path: rel}
	ext := strings.ToLower(path.Ext(rel))
	base := strings.TrimSuffix(strings.ToLower(path.Base(rel)), ext)
	switch ext {
	case ".xlsx", ".xls", ".xlsm", ".ods", ".numbers":
		u.Why = "spreadsheets are not read; export CSV"
		if k, ok := s.csvKindNamed(base); ok {
			u.Why += " as " + s.layout.CSV[k]
		}
		return u, true
	case ".zip", ".tar", ".tgz", ".gz", ".7z", ".rar":
		u.Why = "archives are not read; unpack it and scan the folder that holds the exports"
		return u, true
	case ".pdf", ".docx", ".doc":
		u.Why = "documents are read only as resumes under attachments/"
		return u, true
	}
	head := readHead(abs)
	if src, ok := sourceByContent(head); ok {
		u.LooksLike = src.Name
		if folder := s.layout.readsFrom(src.Kind); folder != "" {
			u.Why = "not read at the top of the bundle: move it into " + folder + "/"
		} else {
			u.Why = "not read yet"
		}
		return u, true
	}
	if ext == ".csv" || ext == ".tsv" || ext == ".txt" {
		if k, ok := csvKindOf(head); ok {
			u.LooksLike = "an export of " + string(k)
			u.Why = "not read under this name: rename it " + s.layout.CSV[k] + " or name it in a mapping file (files: " + string(k) + ": file: " + rel + ")"
			return u, true
		}
		if ext == ".csv" {
			u.Why = "its name and columns match none of mosaic's files (" + strings.Join(s.layout.csvNames(), ", ") + "), not read"
			return u, true
		}
	}
	u.Why = "not a bundle file, not read"
	return u, true
}

// csvKindNamed returns the kind whose file has this base name.
func (s *sniffer) csvKindNamed(base string) (mosaic.Kind, bool) {
	for k, name := range s.layout.CSV {
		if strings.TrimSuffix(strings.ToLower(path.Base(name)), ".csv") == base {
			return k, true
		}
	}
	return "", false
}

// csvNames lists the layout's tabular files, sorted.
func (l Layout) csvNames() []string {
	var names []string
	for _, n := range l.CSV {
		if n != "" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// expected names what a bundle holds at its top, for messages.
func (l Layout) expected() string {
	names := l.csvNames()
	var folders []string
	for f := range l.Logs {
		folders = append(folders, f+"/")
	}
	slices.Sort(folders)
	names = append(names, folders...)
	names = append(names, "attachments/")
	return strings.Join(names, ", ")
}

// isBundleEntry reports whether a top-level name is one the layout reads.
func (l Layout) isBundleEntry(name string, dir bool) bool {
	lower := strings.ToLower(name)
	if dir {
		if lower == "attachments" {
			return true
		}
		if _, ok := l.Logs[lower]; ok {
			return true
		}
	}
	for _, n := range l.CSV {
		first, _, _ := strings.Cut(strings.ToLower(n), "/")
		if first == lower {
			return true
		}
	}
	return false
}

// maxFound bounds how many entries an error lists.
const maxFound = 8

// noBundleError explains a folder that holds nothing mosaic reads: what a
// bundle holds, what the folder holds, and, when the exports sit one level
// down (as after unzipping), which folder to scan instead.
func noBundleError(dir string, l Layout) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot read the bundle folder %s", dir)
	}
	var found, nested []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		name := e.Name()
		if e.IsDir() {
			name += "/"
			if sub, err := os.ReadDir(filepath.Join(dir, e.Name())); err == nil {
				for _, se := range sub {
					if l.isBundleEntry(se.Name(), se.IsDir()) {
						nested = append(nested, e.Name())
						break
					}
				}
			}
		}
		found = append(found, name)
	}
	if len(nested) == 1 {
		sub := filepath.Join(dir, nested[0])
		return mosaic.Errorf(mosaic.EINVALID,
			"%s holds no exports at its top, but %s does (as after unzipping): run mosaic scan %s", dir, sub+string(filepath.Separator), sub)
	}
	if len(nested) > 1 {
		return mosaic.Errorf(mosaic.EINVALID,
			"%s holds no exports at its top, but its folders %s each hold some: scan one bundle folder at a time, e.g. mosaic scan %s",
			dir, strings.Join(nested, ", "), filepath.Join(dir, nested[0]))
	}
	what := "nothing (the folder is empty)"
	if len(found) > 0 {
		shown := found
		if len(shown) > maxFound {
			shown = shown[:maxFound]
		}
		what = strings.Join(shown, ", ")
		if more := len(found) - len(shown); more > 0 {
			what += " and " + strconv.Itoa(more) + " more"
		}
	}
	return mosaic.Errorf(mosaic.EINVALID,
		"%s holds no file mosaic reads: a bundle has at its top %s (each optional, at least one needed); found %s",
		dir, l.expected(), what)
}
