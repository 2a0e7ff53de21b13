// Package readertest helps the sign-in readers' tests (entra, gworkspace,
// ecs): it runs a reader over a file and keeps what it emits, one call per
// row, so each test checks rows read = accepted + rejected the same way.
package readertest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// Recorder keeps what a reader emits.
type Recorder struct {
	Rows    int             // calls: one per row read
	SignIns []mosaic.SignIn // the records, all sign-ins for these readers
	Unused  int             // rows accepted with no record (service principals, non-user callers)
	Rejects []mosaic.Reject
}

// Accept implements mosaic.Emitter.
func (r *Recorder) Accept(rec mosaic.Record) error {
	r.Rows++
	r.SignIns = append(r.SignIns, rec.(mosaic.SignIn))
	return nil
}

// AcceptMany implements mosaic.Emitter.
func (r *Recorder) AcceptMany(recs []mosaic.Record) error {
	r.Rows++
	if len(recs) == 0 {
		r.Unused++
	}
	for _, rec := range recs {
		r.SignIns = append(r.SignIns, rec.(mosaic.SignIn))
	}
	return nil
}

// Reject implements mosaic.Emitter.
func (r *Recorder) Reject(rej mosaic.Reject) error {
	r.Rows++
	r.Rejects = append(r.Rejects, rej)
	return nil
}

// Extract runs x over the file at path as a bundle's dir/<name> of kind.
func Extract(t *testing.T, x mosaic.Extractor, kind mosaic.Kind, dir, path string) (*Recorder, error) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	rec := &Recorder{}
	f := mosaic.File{Path: dir + "/" + filepath.Base(path), Abs: abs, Kind: kind}
	err = x.Extract(context.Background(), f, rec)
	return rec, err
}

// MustExtract is Extract, failing the test on an error.
func MustExtract(t *testing.T, x mosaic.Extractor, kind mosaic.Kind, dir, path string) *Recorder {
	t.Helper()
	rec, err := Extract(t, x, kind, dir, path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rec
}
