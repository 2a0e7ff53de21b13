// Package bundle finds the files of an export bundle and says what each one
// is, so that the right reader gets it. It reads no rows itself, except for
// attachments (one file, one row).
package bundle

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Layout says where each kind of file lives in a bundle.
type Layout struct {
	// CSV maps each tabular kind to its file name at the top of the bundle.
	CSV map[mosaic.Kind]string
	// Logs maps a top-level folder (lower case) to the kind of JSON log it
	// holds: okta/ and osquery/ by default. A kind read from a folder is
	// never reported as unread.
	Logs map[string]mosaic.Kind
	// Mapped holds the file names a mapping file gave explicitly, by kind;
	// such a file must exist. MappingFile names that file for messages.
	Mapped      map[mosaic.Kind]string
	MappingFile string
}

// DefaultLayout is the layout of ../shared/contract/README.md.
func DefaultLayout() Layout {
	return Layout{CSV: map[mosaic.Kind]string{
		mosaic.KindJobs:         "jobs.csv",
		mosaic.KindApplications: "applications.csv",
		mosaic.KindEmployees:    "employees.csv",
		mosaic.KindShipments:    "shipments.csv",
		mosaic.KindPayroll:      "payroll.csv",
		mosaic.KindNotes:        "notes.csv",
	}, Logs: map[string]mosaic.Kind{
		"okta":    mosaic.KindOkta,
		"osquery": mosaic.KindOsquery,
	}}
}

// ReadKinds adds a log folder for each kind an extractor reads that the
// layout does not place yet: the folder of the kind's name (entra/ for a
// kind "entra"), so a new reader needs no change here.
func (l *Layout) ReadKinds(kinds ...mosaic.Kind) {
	if l.Logs == nil {
		l.Logs = map[string]mosaic.Kind{}
	}
	for _, k := range kinds {
		if _, tabular := l.CSV[k]; tabular || k == mosaic.KindResume || k == mosaic.KindPhoto || k == "" {
			continue
		}
		if l.readsFrom(k) == "" {
			l.Logs[strings.ToLower(string(k))] = k
			for _, alias := range folderAliases[k] {
				l.Logs[alias] = k
			}
		}
	}
}

// folderAliases are further folders ReadKinds reads a kind from: gworkspace/
// is what the reader package calls Google Workspace logs, and people name
// the folder after it.
var folderAliases = map[mosaic.Kind][]string{
	mosaic.KindGoogleWorkspace: {"gworkspace"},
	mosaic.KindDefender:        {"mde", "microsoft_defender", "intune"},
	mosaic.KindCrowdStrike:     {"falcon"},
}

// tabularLogs are the kinds whose folders hold CSV as well as JSON: MDM
// and EDR consoles download their inventories as CSV (Defender's advanced
// hunting, Intune's reports, Falcon's applications), their APIs as JSON.
var tabularLogs = map[mosaic.Kind]bool{
	mosaic.KindDefender:    true,
	mosaic.KindCrowdStrike: true,
}

// Listing is what Walk found.
type Listing struct {
	Files []mosaic.File
	// Ignored names files mosaic does not read (truth files, notes to self),
	// so the caller can say so once.
	Ignored []string
	// Unread describes what is not read: each unread top-level file, and
	// each unread top-level folder once, with what it looks like.
	Unread []Unread
}

var logExtensions = map[string]bool{".json": true, ".jsonl": true, ".ndjson": true, ".log": true}

// CheckDir reports, as an EINVALID error, a bundle folder that is missing,
// unreadable or not a folder, so a command can refuse it before it creates
// anything (a database, a key).
func CheckDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot read the bundle folder %s", dir)
	}
	if !st.IsDir() {
		return mosaic.Errorf(mosaic.EINVALID, "%s is not a folder: give the folder that holds applications.csv, okta/, ...", dir)
	}
	return nil
}

// Check refuses, before anything is created, a bundle folder that cannot be
// scanned: missing or not a folder (CheckDir), holding nothing mosaic reads
// at its top (an empty folder, or exports one level down as after
// unzipping), or lacking a file the mapping file names.
func Check(dir string, layout Layout) error {
	if err := CheckDir(dir); err != nil {
		return err
	}
	if err := checkMapped(dir, layout); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot read the bundle folder %s", dir)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") && layout.isBundleEntry(e.Name(), e.IsDir()) {
			return nil
		}
	}
	return noBundleError(dir, layout)
}

// checkMapped refuses a mapping file that names a file the bundle lacks:
// reading nothing instead would silently skip the real export.
func checkMapped(dir string, layout Layout) error {
	kinds := make([]string, 0, len(layout.Mapped))
	for k := range layout.Mapped {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		name := layout.Mapped[mosaic.Kind(k)]
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s, which the mapping file names for %s", filepath.Join(dir, name), k)
		}
		from := "the mapping file"
		if layout.MappingFile != "" {
			from = layout.MappingFile
		}
		hint := ""
		if def := k + ".csv"; !strings.EqualFold(def, name) {
			if _, err := os.Stat(filepath.Join(dir, def)); err == nil {
				hint = "; " + def + " is there: remove file: from the mapping to read it"
			}
		}
		return mosaic.Errorf(mosaic.ENOTFOUND, "%s maps %s to %s, which is not in %s%s", from, k, name, dir, hint)
	}
	return nil
}

// Walk lists the bundle at dir. An unreadable or missing folder, a folder
// holding nothing mosaic reads, a file a mapping names that is missing, or
// a file in a log folder whose format mosaic does not know, is an error
// (EINVALID, or ENOTFOUND for the mapped file).
func Walk(dir string, layout Layout) (*Listing, error) {
	if err := CheckDir(dir); err != nil {
		return nil, err
	}
	if err := checkMapped(dir, layout); err != nil {
		return nil, err
	}
	if layout.Logs == nil {
		layout.Logs = DefaultLayout().Logs
	}
	byName := map[string]mosaic.Kind{}
	for k, name := range layout.CSV {
		byName[strings.ToLower(name)] = k
	}
	l := &Listing{}
	sn := &sniffer{layout: layout, seen: map[string]bool{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", p)
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !d.Type().IsRegular() {
			return nil
		}
		kind, ok, err := classify(rel, byName, layout.Logs)
		if err != nil {
			return err
		}
		if !ok {
			l.Ignored = append(l.Ignored, rel)
			if u, ok := sn.describe(rel, p); ok {
				l.Unread = append(l.Unread, u)
			}
			return nil
		}
		abs, _ := filepath.Abs(p)
		l.Files = append(l.Files, mosaic.File{Path: rel, Abs: abs, Kind: kind})
		return nil
	})
	if err != nil {
		var me *mosaic.Error
		if errors.As(err, &me) {
			return nil, err
		}
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the bundle folder %s", dir)
	}
	if len(l.Files) == 0 {
		return nil, noBundleError(dir, layout)
	}
	sort.SliceStable(l.Files, func(i, j int) bool {
		oi, oj := order(l.Files[i].Kind), order(l.Files[j].Kind)
		if oi != oj {
			return oi < oj
		}
		return l.Files[i].Path < l.Files[j].Path
	})
	return l, nil
}

func classify(rel string, csvNames map[string]mosaic.Kind, logs map[string]mosaic.Kind) (mosaic.Kind, bool, error) {
	// A column mapping may name a file anywhere in the bundle.
	if k, ok := csvNames[strings.ToLower(rel)]; ok {
		return k, true, nil
	}
	dir, name := path.Split(rel)
	ext := strings.ToLower(path.Ext(name))
	top := strings.SplitN(rel, "/", 2)[0]
	switch {
	case dir == "":
		return "", false, nil
	case logs[strings.ToLower(top)] != "":
		kind := logs[strings.ToLower(top)]
		if tabularLogs[kind] && ext == ".csv" {
			return kind, true, nil
		}
		if !logExtensions[ext] {
			also := ""
			if tabularLogs[kind] {
				also = " or CSV (.csv)"
			}
			return "", false, mosaic.Errorf(mosaic.EINVALID,
				"%s is in an unknown format: %s/ holds JSON exports (.json, .jsonl, .ndjson or .log)%s", rel, top, also)
		}
		return kind, true, nil
	case top == "attachments":
		switch ext {
		case ".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif":
			return mosaic.KindPhoto, true, nil
		default:
			return mosaic.KindResume, true, nil
		}
	}
	return "", false, nil
}

// order reads the small reference files before the logs, so a progress line
// shows the large files last and joins can be checked early.
func order(k mosaic.Kind) int {
	switch k {
	case mosaic.KindJobs:
		return 0
	case mosaic.KindApplications:
		return 1
	case mosaic.KindEmployees:
		return 2
	case mosaic.KindShipments:
		return 3
	case mosaic.KindPayroll:
		return 4
	case mosaic.KindNotes:
		return 5
	case mosaic.KindResume, mosaic.KindPhoto:
		return 6
	case mosaic.KindOsquery:
		return 7
	}
	return 8
}
