package simulate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A mixed company labels every person's name origin in truth_names.csv
// (and nowhere else), and its bank writes some names family name first;
// a default company writes no such file.
func TestNameMix(t *testing.T) {
	cfg, _ := Preset("tiny")
	cfg.Photos, cfg.NameMix = false, MixedNames()
	dir := t.TempDir()
	if _, err := Generate(context.Background(), dir, cfg, nil); err != nil {
		t.Fatal(err)
	}
	names, err := os.ReadFile(filepath.Join(dir, "truth_names.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"english", "chinese", "indian"} {
		if !strings.Contains(string(names), ","+o+"\n") {
			t.Errorf("no %s names in a mixed company", o)
		}
	}
	for _, f := range []string{"applications.csv", "employees.csv", "payroll.csv", "shipments.csv"} {
		data, _ := os.ReadFile(filepath.Join(dir, f))
		if strings.Contains(string(data), "chinese") || strings.Contains(string(data), "origin") {
			t.Errorf("%s carries the name origin", f)
		}
	}
	cfg.NameMix = nil
	plain := t.TempDir()
	if _, err := Generate(context.Background(), plain, cfg, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(plain, "truth_names.csv")); err == nil {
		t.Error("a default company wrote truth_names.csv")
	}
	cfg.NameMix = []NameShare{{"klingon", 1}}
	if _, err := Generate(context.Background(), t.TempDir(), cfg, nil); err == nil {
		t.Error("an unknown origin was accepted")
	}
}
