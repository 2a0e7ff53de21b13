package csvbundle

import (
	"embed"
	"path"
	"slices"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Mapping maps a company's own file and column names onto mosaic's. A nil
// *Mapping, like DefaultMapping, means the names of the contract. A Mapping
// is never changed after it is made, so one may be shared freely.
type Mapping struct {
	files map[mosaic.Kind]fileMapping
}

// fileMapping is what a mapping says about the file of one kind. Empty parts
// fall back to the contract.
type fileMapping struct {
	file string // name in the bundle, relative, with forward slashes
	// columns maps a contract column to the headers to look for, in order
	// of preference. The contract's own name is always tried last.
	columns     map[string][]string
	timeLayouts []string // Go layouts tried before the standard forms
	dateLayouts []string
}

// DefaultMapping returns the mapping of the contract: applications.csv with
// columns application_id, candidate_id and so on.
func DefaultMapping() *Mapping { return &Mapping{} }

// FileName returns the name of the kind's file in the bundle:
// "applications.csv" by default, or the mapped name. It returns "" for a
// kind this package does not read.
func (m *Mapping) FileName(k mosaic.Kind) string {
	if columnNames(k) == nil {
		return ""
	}
	if f := m.forKind(k); f.file != "" {
		return f.file
	}
	return string(k) + ".csv"
}

// MappedFile returns the file name the mapping gives a kind explicitly
// (its file: key), "" when the kind keeps the contract's name. A bundle must
// hold every explicitly mapped file.
func (m *Mapping) MappedFile(k mosaic.Kind) string {
	if columnNames(k) == nil {
		return ""
	}
	return m.forKind(k).file
}

func (m *Mapping) forKind(k mosaic.Kind) fileMapping {
	if m == nil {
		return fileMapping{}
	}
	return m.files[k]
}

// headersFor lists the headers that may hold a contract column, the
// mapping's first, the contract's own name last.
func (f fileMapping) headersFor(column string) []string {
	mapped := f.columns[column]
	if slices.Contains(mapped, column) {
		return mapped
	}
	return append(slices.Clip(mapped), column)
}

// merge lays the mappings over each other: a later one's file name, layouts
// and each of its columns replace an earlier one's.
func merge(layers ...*Mapping) *Mapping {
	out := &Mapping{files: make(map[mosaic.Kind]fileMapping)}
	for _, layer := range layers {
		if layer == nil {
			continue
		}
		for k, f := range layer.files {
			o := out.files[k]
			if f.file != "" {
				o.file = f.file
			}
			if len(f.timeLayouts) > 0 {
				o.timeLayouts = f.timeLayouts
			}
			if len(f.dateLayouts) > 0 {
				o.dateLayouts = f.dateLayouts
			}
			if len(f.columns) > 0 {
				cols := make(map[string][]string, len(o.columns)+len(f.columns))
				for c, h := range o.columns {
					cols[c] = h
				}
				for c, h := range f.columns {
					cols[c] = h
				}
				o.columns = cols
			}
			out.files[k] = o
		}
	}
	return out
}

// Presets for well-known systems, in the mapping file's own format. See the
// comment at the top of each for where its column names come from.
//
//go:embed presets/*.yaml
var presetFiles embed.FS

// Presets returns the names of the built-in presets, sorted.
func Presets() []string {
	entries, err := presetFiles.ReadDir("presets")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// preset parses a built-in preset; ok is false when there is none by that
// name. A preset that does not parse is a bug, caught by the tests.
func preset(name string) (m *Mapping, ok bool, err error) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, false, nil
	}
	file := path.Join("presets", name+".yaml")
	data, err := presetFiles.ReadFile(file)
	if err != nil {
		return nil, false, nil
	}
	m, err = parseMapping(file, data, false)
	return m, true, err
}
