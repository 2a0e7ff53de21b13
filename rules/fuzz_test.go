package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// FuzzParseRule reads arbitrary rule files (seeded with the built-in rules
// and the broken ones of testdata) the way Load does: YAML, then CEL
// compilation, templates and the rule's own test cases. It must not panic
// or hang, and must report every problem as an input error.
func FuzzParseRule(f *testing.F) {
	for _, glob := range []string{"builtin/*.yaml", "testdata/*/*.yaml", "testdata/*/*.yml", "testdata/*/*/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	comp, err := newCompiler(newPatterns())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps problems
		r := parseRule("fuzz.yaml", data, &ps)
		if r != nil && r.ID != "" {
			comp.compile(r, &ps)
		}
		if err := ps.err(); err != nil && mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Fatalf("a broken rule is an input error: %v", err)
		}
		for _, p := range ps {
			if p.msg == "" {
				t.Fatalf("a problem without a message: %+v", p)
			}
		}
	})
}
