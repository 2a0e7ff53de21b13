// Package inventorytest holds what the tests of the device inventory
// readers (jamf, kandji, crowdstrike, defender) share: an emitter that
// records what a reader emits, running a reader over its testdata, and
// the checks every reader's tests make (its kind, the rows it rejects and
// why, the files it refuses as not its format).
package inventorytest

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/internal/readertest"
)

// Recorder keeps what a reader emits: host rows.
type Recorder = readertest.Recorder[mosaic.HostRow]

// Reader is a reader under test, run over the files of its package's
// testdata folder.
type Reader struct {
	X    mosaic.Extractor
	Kind mosaic.Kind
}

// Extract reads testdata/name as the bundle file <kind>/name.
func (r Reader) Extract(t *testing.T, name string) (*Recorder, error) {
	t.Helper()
	rec := &Recorder{}
	err := r.X.Extract(context.Background(), mosaic.File{Path: string(r.Kind) + "/" + name, Abs: filepath.Join("testdata", name), Kind: r.Kind}, rec)
	return rec, err
}

// MustExtract is Extract failing the test on an error.
func (r Reader) MustExtract(t *testing.T, name string) *Recorder {
	t.Helper()
	rec, err := r.Extract(t, name)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// CheckKinds checks that the reader reads its kind and no other.
func (r Reader) CheckKinds(t *testing.T) {
	t.Helper()
	if got := r.X.Kinds(); !reflect.DeepEqual(got, []mosaic.Kind{r.Kind}) {
		t.Fatalf("Kinds() = %v", got)
	}
}

// CheckNotFormat checks that each named file is refused as a whole, with
// an error saying "is not <what>", before any row is emitted.
func (r Reader) CheckNotFormat(t *testing.T, what string, names ...string) {
	t.Helper()
	for _, name := range names {
		rec, err := r.Extract(t, name)
		if err == nil || !strings.Contains(err.Error(), "is not "+what) || rec.Calls != 0 {
			t.Errorf("%s: err %v, calls %d; want an error saying it is not %s, and no rows", name, err, rec.Calls, what)
		}
	}
}

// Reject is a rejection a test expects: its line, its column and a
// fragment of its reason.
type Reject struct {
	Line         int
	Column, Frag string
}

// CheckRejects checks the rejections, in order.
func CheckRejects(t *testing.T, got []mosaic.Reject, want []Reject) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rejects, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if g := got[i]; g.Line != w.Line || g.Column != w.Column || !strings.Contains(g.Reason, w.Frag) {
			t.Errorf("reject %d = %+v, want line %d column %q reason ~%q", i, g, w.Line, w.Column, w.Frag)
		}
	}
}
