// Package readertest helps readers' tests (the sign-in readers entra,
// gworkspace and ecs, and through inventory/inventorytest the device
// inventories): it runs a reader over a file and keeps what it emits, one
// call per row, so each test checks rows read = accepted + rejected the
// same way.
package readertest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// Recorder keeps what a reader emits: records of one kind T.
type Recorder[T mosaic.Record] struct {
	Calls   int // Accept, AcceptMany and Reject calls: rows read
	Records []T
	Empty   int // rows accepted with no record (service principals, non-user callers)
	Rejects []mosaic.Reject
}

// Accept implements mosaic.Emitter.
func (r *Recorder[T]) Accept(rec mosaic.Record) error {
	return r.AcceptMany([]mosaic.Record{rec})
}

// AcceptMany implements mosaic.Emitter.
func (r *Recorder[T]) AcceptMany(recs []mosaic.Record) error {
	r.Calls++
	if len(recs) == 0 {
		r.Empty++
	}
	for _, rec := range recs {
		r.Records = append(r.Records, rec.(T))
	}
	return nil
}

// Reject implements mosaic.Emitter.
func (r *Recorder[T]) Reject(rej mosaic.Reject) error {
	r.Calls++
	r.Rejects = append(r.Rejects, rej)
	return nil
}

// Extract runs x over the file at path as a bundle's dir/<name> of kind.
func Extract[T mosaic.Record](t *testing.T, x mosaic.Extractor, kind mosaic.Kind, dir, path string) (*Recorder[T], error) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	rec := &Recorder[T]{}
	f := mosaic.File{Path: dir + "/" + filepath.Base(path), Abs: abs, Kind: kind}
	err = x.Extract(context.Background(), f, rec)
	return rec, err
}

// MustExtract is Extract, failing the test on an error.
func MustExtract[T mosaic.Record](t *testing.T, x mosaic.Extractor, kind mosaic.Kind, dir, path string) *Recorder[T] {
	t.Helper()
	rec, err := Extract[T](t, x, kind, dir, path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rec
}
