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
	}}
}

// Listing is what Walk found.
type Listing struct {
	Files []mosaic.File
	// Ignored names files mosaic does not read (truth files, notes to self),
	// so the caller can say so once.
	Ignored []string
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

// Walk lists the bundle at dir. An unreadable or missing folder, or a file in
// a log folder whose format mosaic does not know, is an EINVALID error.
func Walk(dir string, layout Layout) (*Listing, error) {
	if err := CheckDir(dir); err != nil {
		return nil, err
	}
	byName := map[string]mosaic.Kind{}
	for k, name := range layout.CSV {
		byName[strings.ToLower(name)] = k
	}
	l := &Listing{}
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
		kind, ok, err := classify(rel, byName)
		if err != nil {
			return err
		}
		if !ok {
			l.Ignored = append(l.Ignored, rel)
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
	sort.SliceStable(l.Files, func(i, j int) bool {
		oi, oj := order(l.Files[i].Kind), order(l.Files[j].Kind)
		if oi != oj {
			return oi < oj
		}
		return l.Files[i].Path < l.Files[j].Path
	})
	return l, nil
}

func classify(rel string, csvNames map[string]mosaic.Kind) (mosaic.Kind, bool, error) {
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
	case top == "okta" || top == "osquery":
		if !logExtensions[ext] {
			return "", false, mosaic.Errorf(mosaic.EINVALID,
				"%s is in an unknown format: %s/ holds JSON exports (.json, .jsonl, .ndjson or .log)", rel, top)
		}
		if top == "okta" {
			return mosaic.KindOkta, true, nil
		}
		return mosaic.KindOsquery, true, nil
	case top == "attachments":
		switch ext {
		case ".jpg", ".jpeg", ".png":
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
