package jsonrows

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestDepthOver(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		over bool
	}{
		{`{"a":[1,{"b":2}]}`, 3, false},
		{`{"a":[1,{"b":2}]}`, 2, true},
		{`{"a":"[[[[[[[["}`, 2, false}, // brackets in strings do not count
		{`{"a":"\"[[[["}`, 1, false},
		{`[[[`, 2, true}, // malformed, still too deep
	} {
		if got := DepthOver([]byte(c.in), c.max); got != c.over {
			t.Errorf("DepthOver(%s, %d) = %v", c.in, c.max, got)
		}
	}
}

// TestExtractLimits: an event nested deeper than MaxDepth is rejected
// without being decoded, a line or a value longer than MaxValue is
// rejected with its length; the events around them are read.
func TestExtractLimits(t *testing.T) {
	deep := `{"id":"x","n":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + "}"
	long := `{"id":"` + strings.Repeat("a", 2000) + `"}`
	for _, c := range []struct {
		name, in, reason string
	}{
		{"deep", `{"id":"a"}` + "\n" + deep + "\n" + `{"id":"b"}` + "\n", "nested deeper than the limit of 32 levels"},
		{"long line", `{"id":"a"}` + "\n" + long + "\n" + `{"id":"b"}` + "\n", "line of 2009 bytes is longer than the limit of 1024 bytes"},
		{"long value", "[\n" + `{"id":"a"}` + "\n]\n" + long + "\n[\n" + `{"id":"b"}` + "\n]\n", "value of 2009 bytes is longer than the limit of 1024 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.json")
			if err := os.WriteFile(path, []byte(c.in), 0o600); err != nil {
				t.Fatal(err)
			}
			decoded := 0
			format := Format{Name: "a test log", MaxValue: 1024, Decode: func(row Row) Decoded {
				decoded++
				return Accept(nil)
			}}
			e := &collect{}
			if err := Extract(context.Background(), mosaic.File{Path: "x.json", Abs: path}, e, format, nil); err != nil {
				t.Fatal(err)
			}
			if decoded != 2 || len(e.rejects) != 1 || !strings.Contains(e.rejects[0].Reason, c.reason) {
				t.Fatalf("%d decoded, rejects %+v: want 2 and one for %q", decoded, e.rejects, c.reason)
			}
		})
	}
}

// TestLongLineNotHeld: a line longer than the limit is skipped holding
// no more of it than the limit (here 1 MiB, for a line of 64 MiB).
func TestLongLineNotHeld(t *testing.T) {
	const limit = 1 << 20
	in := io.MultiReader(strings.NewReader(`{"a":"`), &repeat{n: 64 << 20}, strings.NewReader("\"}\n{\"a\":1}\n"))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := NewReader(in, Options{MaxValue: limit})
	var rows []Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, Row{Line: row.Line, Reject: row.Reject, Data: append([]byte(nil), row.Data...)})
	}
	runtime.ReadMemStats(&after)
	if len(rows) != 2 || !strings.Contains(rows[0].Reject, "longer than the limit") || string(rows[1].Data) != `{"a":1}` {
		t.Fatalf("rows %+v", rows)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*limit {
		t.Errorf("%d MiB allocated to skip a line of 64 MiB", alloc>>20)
	}
}

// TestSmallFileBuffer: a small file is read with a buffer its size and
// cut as with the full window.
func TestSmallFileBuffer(t *testing.T) {
	in := "{\"a\":1}\n{\n  \"a\": 2\n}\n"
	path := filepath.Join(t.TempDir(), "x.json")
	_ = os.WriteFile(path, []byte(in), 0o600)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n := bufferSize(f); n != len(in)+1 {
		t.Errorf("buffer of %d bytes for a file of %d", n, len(in))
	}
	want, _ := cutAll(t, in, Options{})
	r := NewReader(f, Options{})
	for i := 0; ; i++ {
		row, err := r.Next()
		if err == io.EOF {
			if i != len(want) {
				t.Errorf("%d rows from the file, %d from memory", i, len(want))
			}
			break
		}
		if err != nil || i >= len(want) || string(row.Data) != want[i].Data || row.Line != want[i].Line {
			t.Fatalf("row %d: %+v %v, want %+v", i, row, err, want)
		}
	}
}

type repeat struct{ n int }

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.n)
	for i := range p[:n] {
		p[i] = 'a'
	}
	r.n -= n
	return n, nil
}

type collect struct{ rejects []mosaic.Reject }

func (c *collect) Accept(mosaic.Record) error       { return nil }
func (c *collect) AcceptMany([]mosaic.Record) error { return nil }
func (c *collect) Reject(r mosaic.Reject) error     { c.rejects = append(c.rejects, r); return nil }
