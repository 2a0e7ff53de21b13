package csvbundle

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// sampleBundle is the contract's synthetic company, read in place and never
// copied into the repository.
const sampleBundle = "../../shared/contract/sample"

// referenceLines reads a file with encoding/csv and returns the line each
// data row starts on: an independent count of the rows read.
func referenceLines(t *testing.T, path string) []int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	var lines []int
	for {
		_, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("encoding/csv cannot read %s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		lines = append(lines, line)
	}
	return lines[1:] // the header
}

func TestSampleBundle(t *testing.T) {
	if _, err := os.Stat(sampleBundle); err != nil {
		t.Skipf("sample bundle %s not available: %v", sampleBundle, err)
	}
	mappings := map[string]*Mapping{"default": nil}
	for _, name := range Presets() {
		m, ok, err := preset(name)
		if !ok || err != nil {
			t.Fatalf("preset %s: %v", name, err)
		}
		mappings["preset "+name] = m
	}
	for label, m := range mappings {
		x := New(&fakeHasher{}, m, nil)
		for _, k := range x.Kinds() {
			t.Run(label+"/"+string(k), func(t *testing.T) {
				name := m.FileName(k)
				path := filepath.Join(sampleBundle, name)
				abs, err := filepath.Abs(path)
				if err != nil {
					t.Fatal(err)
				}
				emit := &fakeEmitter{}
				if err := x.Extract(t.Context(), mosaic.File{Path: name, Abs: abs, Kind: k}, emit); err != nil {
					t.Fatalf("Extract: %v", err)
				}
				want := referenceLines(t, path)
				if len(emit.rejects) != 0 {
					t.Errorf("%d rejects, first %+v", len(emit.rejects), emit.rejects[0])
				}
				if read := emit.calls; read != len(want) || read != len(emit.accepted)+len(emit.rejects) {
					t.Fatalf("read %d rows = %d accepted + %d rejected; encoding/csv reads %d",
						read, len(emit.accepted), len(emit.rejects), len(want))
				}
				for i, r := range emit.accepted {
					if o := r.RecordOrigin(); o.File != name || o.Line != want[i] {
						t.Fatalf("row %d has origin %+v, want line %d", i, o, want[i])
					}
				}
			})
		}
	}
}
