// Package readerfuzz is the fuzz test every JSON and CSV log reader shares:
// arbitrary files, seeded with the head of each file of the reader's
// testdata, must never panic or hang, must explain every rejected row, keep
// read = accepted + rejected, and fail a whole file only with a coded input
// error. It is imported by tests only.
package readerfuzz

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// seedHead is how much of a testdata file seeds the fuzzer: it stalls on
// seeds of many kilobytes (its mutator works on the whole value each time).
const seedHead = 1 << 10

// Extract fuzzes x on files of kind found in folder (as a bundle names it).
func Extract(f *testing.F, x mosaic.Extractor, kind mosaic.Kind, folder string) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil || strings.HasSuffix(s, ".md") {
			continue
		}
		if len(data) > seedHead {
			if i := bytes.LastIndexByte(data[:seedHead], '\n'); i > 0 {
				data = data[:i+1]
			} else {
				data = data[:seedHead]
			}
		}
		f.Add(data)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		name := "export.json" // the readers go by the content, not the name
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		e := &emitter{t: t}
		err := x.Extract(context.Background(), mosaic.File{Path: folder + "/" + name, Abs: path, Kind: kind}, e)
		if err != nil && mosaic.ErrorCode(err) == mosaic.EINTERNAL {
			t.Fatalf("a file the reader cannot use is an input error, not an internal one: %v", err)
		}
		if e.calls != e.accepted+e.rejects {
			t.Fatalf("%d calls, %d accepted, %d rejected", e.calls, e.accepted, e.rejects)
		}
	})
}

// emitter counts what the reader emits and checks each call.
type emitter struct {
	t                        *testing.T
	calls, accepted, rejects int
}

func (e *emitter) Accept(r mosaic.Record) error {
	e.calls++
	e.accepted++
	if r == nil {
		e.t.Fatal("Accept(nil)")
	}
	return nil
}

func (e *emitter) AcceptMany(rs []mosaic.Record) error {
	e.calls++
	e.accepted++
	for _, r := range rs {
		if r == nil {
			e.t.Fatal("AcceptMany with a nil record")
		}
	}
	return nil
}

func (e *emitter) Reject(r mosaic.Reject) error {
	e.calls++
	e.rejects++
	if r.Reason == "" || r.Line < 0 {
		e.t.Fatalf("reject without a reason or with line %d: %+v", r.Line, r)
	}
	return nil
}
