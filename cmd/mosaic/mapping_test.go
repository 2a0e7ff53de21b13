package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestScanWithColumnMapping: a company's own file and column names, mapped
// onto mosaic's by a mapping file, scan like the default layout.
func TestScanWithColumnMapping(t *testing.T) {
	src := filepath.Join("..", "..", "csvbundle", "testdata", "mapped")
	if _, err := os.Stat(filepath.Join(src, "mapping.yaml")); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyTree(t, src, dir)
	mapping := filepath.Join(dir, "mapping.yaml")
	r := scanJSON(t, dir, "--mapping", mapping)
	if r.Input.RowsAccepted == 0 {
		t.Fatalf("nothing read through the mapping: %+v", r.Input)
	}
	kinds := map[string]bool{}
	for _, f := range r.Input.Files {
		kinds[string(f.Kind)] = true
	}
	if !kinds["applications"] || !kinds["employees"] {
		t.Fatalf("mapped files not read: %+v", r.Input.Files)
	}
	if code, _, stderr := mosaicRun(t, "scan", dir, "--no-store", "--key", filepath.Join(dir, "k"), "--mapping", filepath.Join(dir, "missing.yaml")); code != 2 {
		t.Fatalf("a missing mapping file: exit %d (%s)", code, stderr)
	}
}
