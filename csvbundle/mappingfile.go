package csvbundle

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"go.yaml.in/yaml/v3"
)

// maxMappingBytes bounds the mapping file. A real one is a few kilobytes.
const maxMappingBytes = 1 << 20

// LoadMapping reads a mapping file (YAML):
//
//	preset: greenhouse            # optional; a name or a list of names
//	files:
//	  applications:
//	    file: candidate_export.csv
//	    columns:                    # contract column: the company's header
//	      application_id: "Application ID"
//	      submitted_at: ["Applied At", "Applied On"]   # first found wins
//	    time_format: "2006-01-02 15:04:05"   # Go layout; UTC unless it has a zone
//	    date_format: "01/02/2006"            # Go layout for date columns
//
// Every problem is a *mosaic.Error with code EINVALID naming the file, the
// line and what is wrong.
func LoadMapping(path string) (*Mapping, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, mosaic.Errorf(mosaic.ENOTFOUND, "mapping file %s does not exist", path)
	}
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot open mapping file %s", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMappingBytes+1))
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read mapping file %s", path)
	}
	if len(data) > maxMappingBytes {
		return nil, mosaic.Errorf(mosaic.EINVALID, "%s: a mapping file is at most 1 MiB; is this the right file?", path)
	}
	return ParseMapping(path, data)
}

// ParseMapping parses the text of a mapping file; name is used in errors.
func ParseMapping(name string, data []byte) (*Mapping, error) {
	return parseMapping(name, data, true)
}

func parseMapping(name string, data []byte, allowPreset bool) (*Mapping, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	if len(doc.Content) == 0 {
		return DefaultMapping(), nil // empty file, or only comments
	}
	root := deref(doc.Content[0])
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return DefaultMapping(), nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, lineError(name, root.Line, "expected the keys preset and files at the top level")
	}
	if err := checkKeys(name, root); err != nil {
		return nil, err
	}

	p := mappingParser{name: name, own: &Mapping{files: make(map[mosaic.Kind]fileMapping)}, fileLines: map[mosaic.Kind]int{}}
	var layers []*Mapping
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i], deref(root.Content[i+1])
		switch key.Value {
		case "preset":
			if !allowPreset {
				return nil, lineError(name, key.Line, "a preset cannot name another preset")
			}
			presets, err := p.presets(value)
			if err != nil {
				return nil, err
			}
			layers = append(layers, presets...)
		case "files":
			if err := p.files(value); err != nil {
				return nil, err
			}
		default:
			return nil, lineError(name, key.Line, "unknown key %q; the top level has preset and files", key.Value)
		}
	}
	m := merge(append(layers, p.own)...)
	if err := p.checkFileNames(m); err != nil {
		return nil, err
	}
	return m, nil
}

// mappingParser walks the YAML tree of one mapping file.
type mappingParser struct {
	name      string
	own       *Mapping
	fileLines map[mosaic.Kind]int // where each kind's file: was given
}

func (p *mappingParser) presets(n *yaml.Node) ([]*Mapping, error) {
	names, err := p.stringList(n, "preset")
	if err != nil {
		return nil, err
	}
	var out []*Mapping
	for _, name := range names {
		m, ok, err := preset(name)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "built-in preset %s does not parse", name)
		}
		if !ok {
			return nil, lineError(p.name, n.Line, "unknown preset %q; the presets are %s", name, strings.Join(Presets(), ", "))
		}
		out = append(out, m)
	}
	return out, nil
}

func (p *mappingParser) files(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return lineError(p.name, n.Line, "files must map a kind (%s) to its settings", kindList())
	}
	if err := checkKeys(p.name, n); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], deref(n.Content[i+1])
		k := mosaic.Kind(key.Value)
		if columnNames(k) == nil {
			return lineError(p.name, key.Line, "unknown kind %q; the kinds are %s", key.Value, kindList())
		}
		f, err := p.file(k, value)
		if err != nil {
			return err
		}
		p.own.files[k] = f
	}
	return nil
}

func (p *mappingParser) file(k mosaic.Kind, n *yaml.Node) (fileMapping, error) {
	var f fileMapping
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return f, nil
	}
	if n.Kind != yaml.MappingNode {
		return f, lineError(p.name, n.Line, "the settings of %s must be keys such as file and columns", k)
	}
	if err := checkKeys(p.name, n); err != nil {
		return f, err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], deref(n.Content[i+1])
		var err error
		switch key.Value {
		case "file":
			f.file, err = p.fileName(value)
			p.fileLines[k] = key.Line
		case "columns":
			f.columns, err = p.columns(k, value)
		case "time_format":
			f.timeLayouts, err = p.layouts(value, "time_format")
		case "date_format":
			f.dateLayouts, err = p.layouts(value, "date_format")
		default:
			err = lineError(p.name, key.Line, "unknown key %q under %s; expected file, columns, time_format or date_format", key.Value, k)
		}
		if err != nil {
			return f, err
		}
	}
	return f, nil
}

// fileName accepts a path inside the bundle: relative, without "..".
func (p *mappingParser) fileName(n *yaml.Node) (string, error) {
	s, err := p.scalar(n, "file")
	if err != nil {
		return "", err
	}
	name := strings.ReplaceAll(s, `\`, "/")
	if path.IsAbs(name) || filepath.IsAbs(s) || filepath.VolumeName(s) != "" || slices.Contains(strings.Split(name, "/"), "..") {
		return "", lineError(p.name, n.Line, "file %q must be a path inside the bundle folder", s)
	}
	return path.Clean(name), nil
}

func (p *mappingParser) columns(k mosaic.Kind, n *yaml.Node) (map[string][]string, error) {
	if n.Kind != yaml.MappingNode {
		return nil, lineError(p.name, n.Line, "columns must map a mosaic column to the header in your file")
	}
	if err := checkKeys(p.name, n); err != nil {
		return nil, err
	}
	known := columnNames(k)
	cols := make(map[string][]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], deref(n.Content[i+1])
		if !slices.Contains(known, key.Value) {
			return nil, lineError(p.name, key.Line, "%s has no column %q; its columns are %s", k, key.Value, strings.Join(known, ", "))
		}
		headers, err := p.stringList(value, key.Value)
		if err != nil {
			return nil, err
		}
		cols[key.Value] = headers
	}
	return cols, nil
}

func (p *mappingParser) layouts(n *yaml.Node, what string) ([]string, error) {
	layouts, err := p.stringList(n, what)
	if err != nil {
		return nil, err
	}
	for _, layout := range layouts {
		if !isDateLayout(layout) {
			return nil, lineError(p.name, n.Line,
				"%s %q is not a Go time layout with a year, a month and a day; write the reference time 2006-01-02 15:04:05 the way your export writes times, e.g. \"01/02/2006 15:04\"",
				what, layout)
		}
	}
	return layouts, nil
}

// isDateLayout checks that a layout reads back a date it wrote, which rules
// out text that is no layout at all ("yyyy-mm-dd" parses nothing).
func isDateLayout(layout string) bool {
	want := time.Date(2026, time.April, 18, 14, 39, 7, 0, time.UTC)
	got, err := time.ParseInLocation(layout, want.Format(layout), time.UTC)
	return err == nil && got.Year() == want.Year() && got.Month() == want.Month() && got.Day() == want.Day()
}

// stringList reads one non-empty string or a list of them.
func (p *mappingParser) stringList(n *yaml.Node, what string) ([]string, error) {
	if n.Kind == yaml.SequenceNode {
		if len(n.Content) == 0 {
			return nil, lineError(p.name, n.Line, "%s is an empty list", what)
		}
		out := make([]string, 0, len(n.Content))
		for _, item := range n.Content {
			s, err := p.scalar(deref(item), what)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := p.scalar(n, what)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func (p *mappingParser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", lineError(p.name, n.Line, "%s must be text", what)
	}
	s := strings.TrimSpace(n.Value)
	if s == "" || n.Tag == "!!null" {
		return "", lineError(p.name, n.Line, "%s is empty", what)
	}
	return s, nil
}

// checkFileNames refuses two kinds read from one file.
func (p *mappingParser) checkFileNames(m *Mapping) error {
	seen := map[string]mosaic.Kind{}
	for _, k := range csvKinds {
		name := strings.ToLower(m.FileName(k))
		if other, dup := seen[name]; dup {
			line := max(p.fileLines[k], p.fileLines[other])
			return lineError(p.name, line, "%s and %s would both be read from %s", other, k, m.FileName(k))
		}
		seen[name] = k
	}
	return nil
}

// checkKeys refuses a key given twice in one mapping, which YAML decoding
// into a tree lets through and which would otherwise silently keep the last.
func checkKeys(name string, n *yaml.Node) error {
	first := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if line, dup := first[key.Value]; dup {
			return lineError(name, key.Line, "%s appears twice (first on line %d)", key.Value, line)
		}
		first[key.Value] = key.Line
	}
	return nil
}

// deref follows a YAML alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func lineError(name string, line int, format string, args ...any) *mosaic.Error {
	return mosaic.Errorf(mosaic.EINVALID, "%s:%d: %s", name, line, fmt.Sprintf(format, args...))
}

// yamlError turns "yaml: line 3: did not find expected key" into
// "mapping.yaml:3: did not find expected key".
func yamlError(name string, err error) *mosaic.Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, problem, ok := strings.Cut(rest, ": "); ok {
			if line, convErr := strconv.Atoi(num); convErr == nil {
				return lineError(name, line, "not valid YAML: %s", problem)
			}
		}
	}
	return mosaic.Errorf(mosaic.EINVALID, "%s: not valid YAML: %s", name, msg)
}

func kindList() string {
	names := make([]string, len(csvKinds))
	for i, k := range csvKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
