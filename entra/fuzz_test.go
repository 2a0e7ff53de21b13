package entra_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/entra"
)

// fuzzEmitter counts what the reader emits and checks each call.
type fuzzEmitter struct {
	t                        *testing.T
	calls, accepted, rejects int
}

func (e *fuzzEmitter) Accept(r mosaic.Record) error {
	e.calls++
	e.accepted++
	if r == nil {
		e.t.Fatal("Accept(nil)")
	}
	return nil
}

func (e *fuzzEmitter) AcceptMany(rs []mosaic.Record) error {
	e.calls++
	e.accepted++
	for _, r := range rs {
		if r == nil {
			e.t.Fatal("AcceptMany with a nil record")
		}
	}
	return nil
}

func (e *fuzzEmitter) Reject(r mosaic.Reject) error {
	e.calls++
	e.rejects++
	if r.Reason == "" || r.Line < 0 {
		e.t.Fatalf("reject without a reason or with line %d: %+v", r.Line, r)
	}
	return nil
}

// FuzzExtract feeds the Microsoft Entra ID sign-in log reader arbitrary files (seeded with the
// head of every file of testdata): it must not panic or hang, must explain every
// rejected row, and must fail a whole file only with a coded error.
func FuzzExtract(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil || strings.HasSuffix(s, ".md") {
			continue
		}
		// The head of each file: the fuzzer stalls on seeds of many
		// kilobytes (its mutator works on the whole value each time).
		if len(data) > 1<<10 {
			if i := bytes.LastIndexByte(data[:1<<10], '\n'); i > 0 {
				data = data[:i+1]
			} else {
				data = data[:1<<10]
			}
		}
		f.Add(data)
	}
	dir := f.TempDir()
	x := entra.New(nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		name := "export.json" // the reader goes by the first byte, not the name
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		e := &fuzzEmitter{t: t}
		err := x.Extract(context.Background(), mosaic.File{Path: "entra/" + name, Abs: path, Kind: mosaic.KindEntra}, e)
		if err != nil && mosaic.ErrorCode(err) == mosaic.EINTERNAL {
			t.Fatalf("a file the reader cannot use is an input error, not an internal one: %v", err)
		}
		if e.calls != e.accepted+e.rejects {
			t.Fatalf("%d calls, %d accepted, %d rejected", e.calls, e.accepted, e.rejects)
		}
	})
}
