package defender_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/defender"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
	"github.com/mosaic-sec/mosaic/inventory"
)

// TestLimits: an event nested too deep and a line too long are rejected
// with the reason, the events around them read (see readerfuzz.Limits).
func TestLimits(t *testing.T) {
	readerfuzz.Limits(t, defender.New(nil), mosaic.KindDefender, "defender")
}

// TestCSVLineLimit: a line of a CSV export longer than
// inventory.MaxCSVLine is rejected, with the rest of the file, instead of
// being held whole; the rows before it are read.
func TestCSVLineLimit(t *testing.T) {
	data, err := os.ReadFile("testdata/tvm_software_inventory.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	long := strings.Repeat("a", inventory.MaxCSVLine+1) + "\n"
	in := lines[0] + lines[1] + long + lines[2]
	path := filepath.Join(t.TempDir(), "tvm.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	e := &countEmitter{}
	if err := defender.New(nil).Extract(context.Background(), mosaic.File{Path: "defender/tvm.csv", Abs: path, Kind: mosaic.KindDefender}, e); err != nil {
		t.Fatal(err)
	}
	if e.accepted != 1 || len(e.rejects) != 1 || e.rejects[0].Line != 3 || !strings.Contains(e.rejects[0].Reason, "longer than the limit") {
		t.Fatalf("%d accepted, rejects %+v: want 1 and line 3 rejected for its length", e.accepted, e.rejects)
	}
}

type countEmitter struct {
	accepted int
	rejects  []mosaic.Reject
}

func (c *countEmitter) Accept(mosaic.Record) error       { c.accepted++; return nil }
func (c *countEmitter) AcceptMany([]mosaic.Record) error { c.accepted++; return nil }
func (c *countEmitter) Reject(r mosaic.Reject) error     { c.rejects = append(c.rejects, r); return nil }
