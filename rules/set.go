package rules

import (
	"embed"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Set is a compiled set of rules. It is immutable after Load and safe for
// concurrent use.
type Set struct {
	rules   []*compiledRule // sorted by id
	byID    map[string]*compiledRule
	byScope map[string][]*compiledRule
}

// Builtin returns the embedded catalogue (rules/builtin/*.yaml).
func Builtin() (*Set, error) { return Load(true, nil, nil) }

// Load compiles the built-in rules (when builtin is true) and the rules in
// dirs (*.yaml and *.yml, searched recursively). A rule in a folder adds to
// the set, or replaces the rule with the same id read before it (built-ins
// first, then dirs in order); two rules with one id in the same folder are an
// error. Rules whose ids are in disabled are left out; naming an id that does
// not exist is an error, so a typo does not leave a rule silently on.
//
// Every problem found is reported, each with its file and line, in one
// *mosaic.Error with code EINVALID (ENOTFOUND for a missing folder).
func Load(builtin bool, dirs []string, disabled []string) (*Set, error) {
	type layer struct {
		name  string
		files []ruleFile
	}
	var layers []layer
	if builtin {
		files, err := builtinFiles()
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "reading built-in rules")
		}
		layers = append(layers, layer{name: "built-in rules", files: files})
	}
	for _, d := range dirs {
		files, err := dirFiles(d)
		if err != nil {
			return nil, err
		}
		layers = append(layers, layer{name: d, files: files})
	}

	pats := newPatterns()
	comp, err := newCompiler(pats)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "preparing the rule engine")
	}
	var ps problems
	chosen := map[string]*parsedRule{}
	for _, l := range layers {
		inLayer := map[string]*parsedRule{}
		for _, f := range l.files {
			r := parseRule(f.name, f.data, &ps)
			if r == nil || r.ID == "" {
				if r != nil {
					ps.add(f.name, 1, "missing required field \"id\"")
				}
				continue
			}
			if first, dup := inLayer[r.ID]; dup {
				ps.add(r.File, r.Line, "duplicate id %q (also in %s:%d)", r.ID, first.File, first.Line)
				continue
			}
			inLayer[r.ID] = r
			if prev, ok := chosen[r.ID]; ok {
				r.Overrides = prev.File
			}
			chosen[r.ID] = r
		}
	}
	for _, id := range disabled {
		id = strings.TrimSpace(id)
		if _, ok := chosen[id]; !ok {
			ps.add("disabled rules", 0, "no rule has id %q", id)
			continue
		}
		delete(chosen, id)
	}

	s := &Set{byID: map[string]*compiledRule{}, byScope: map[string][]*compiledRule{}}
	ids := make([]string, 0, len(chosen))
	for id := range chosen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		cr := comp.compile(chosen[id], &ps)
		if cr == nil {
			continue
		}
		s.rules = append(s.rules, cr)
		s.byID[id] = cr
		s.byScope[cr.Scope] = append(s.byScope[cr.Scope], cr)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// Rules returns every rule, sorted by id.
func (s *Set) Rules() []Rule {
	out := make([]Rule, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.Rule
	}
	return out
}

// Rule returns the rule with the given id.
func (s *Set) Rule(id string) (Rule, bool) {
	r, ok := s.byID[id]
	if !ok {
		return Rule{}, false
	}
	return r.Rule, true
}

// Len returns the number of rules.
func (s *Set) Len() int { return len(s.rules) }

type ruleFile struct {
	name string
	data []byte
}

func builtinFiles() ([]ruleFile, error) {
	entries, err := fs.Glob(builtinFS, "builtin/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(entries)
	out := make([]ruleFile, 0, len(entries))
	for _, e := range entries {
		data, err := builtinFS.ReadFile(e)
		if err != nil {
			return nil, err
		}
		out = append(out, ruleFile{name: path.Join("builtin", path.Base(e)), data: data})
	}
	return out, nil
}

func dirFiles(dir string) ([]ruleFile, error) {
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, mosaic.Errorf(mosaic.ENOTFOUND, "rules folder %s does not exist", dir)
		}
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "rules folder %s cannot be read", dir)
	}
	if !info.IsDir() {
		return nil, mosaic.Errorf(mosaic.EINVALID, "rules folder %s is not a folder", dir)
	}
	var out []ruleFile
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(p))
		if (ext != ".yaml" && ext != ".yml") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, ruleFile{name: p, data: data})
		return nil
	})
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "reading rules folder %s", dir)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}
