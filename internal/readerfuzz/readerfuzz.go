// Package readerfuzz is the fuzz test every JSON and CSV log reader shares:
// arbitrary files, seeded with the head of each file of the reader's
// testdata, must never panic or hang, must explain every rejected row, keep
// read = accepted + rejected, and fail a whole file only with a coded input
// error. It is imported by tests only.
package readerfuzz

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// Extract fuzzes x on files of kind found in folder (as a bundle names it).
// Each file of the package's testdata gives two small seeds (seeds.go): its
// head, and its first event alone with only the members the reader reads.
func Extract(f *testing.F, x mosaic.Extractor, kind mosaic.Kind, folder string) {
	// The input is written over one file kept open, in memory where the
	// machine has a tmpfs: creating a file on disk for every input was a
	// large part of what each run cost.
	dir := memTempDir(f)
	name := "export.json" // the readers go by the content, not the name
	path := filepath.Join(dir, name)
	w, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { w.Close() })
	file := mosaic.File{Path: folder + "/" + name, Abs: path, Kind: kind}
	run := func(data []byte) (*emitter, error) {
		if err := w.Truncate(0); err != nil {
			return nil, err
		}
		if _, err := w.WriteAt(data, 0); err != nil {
			return nil, err
		}
		e := &emitter{}
		return e, x.Extract(context.Background(), file, e)
	}

	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, testdata := range files {
		data, err := os.ReadFile(testdata)
		if err != nil || strings.HasSuffix(testdata, ".md") {
			continue
		}
		f.Add(head(data))
		if event, ok := firstEvent(data); ok {
			// First only what the reader reads, then shorter strings
			// where the reader takes the event as before.
			dropUnread(event, func(b []byte) string {
				e, err := run(b)
				if e == nil {
					return err.Error()
				}
				return fmt.Sprintf("%v %q", err, e.out)
			})
			shortenStrings(event, func(b []byte) string {
				e, err := run(b)
				if e == nil {
					return err.Error()
				}
				return fmt.Sprintf("%v %d %d", mosaic.ErrorCode(err), e.accepted, e.rejects)
			})
			b, _ := json.Marshal(event)
			if len(b) >= maxSeed {
				f.Logf("%s: its first event is %d bytes as read, too large a seed", testdata, len(b))
				continue
			}
			f.Logf("%s: first event seed of %d bytes", testdata, len(b))
			f.Add(append(b, '\n'))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := run(data)
		if e == nil {
			t.Fatal(err)
		}
		if err != nil && mosaic.ErrorCode(err) == mosaic.EINTERNAL {
			t.Fatalf("a file the reader cannot use is an input error, not an internal one: %v", err)
		}
		if e.bad != "" {
			t.Fatal(e.bad)
		}
		if e.calls != e.accepted+e.rejects {
			t.Fatalf("%d calls, %d accepted, %d rejected", e.calls, e.accepted, e.rejects)
		}
	})
}

// emitter counts what the reader emits, keeps it as JSON (to tell
// whether a member of an event matters) and notes the first broken call.
type emitter struct {
	calls, accepted, rejects int
	out                      []string
	bad                      string
}

func (e *emitter) Accept(r mosaic.Record) error {
	return e.AcceptMany([]mosaic.Record{r})
}

func (e *emitter) AcceptMany(rs []mosaic.Record) error {
	e.calls++
	e.accepted++
	for _, r := range rs {
		if r == nil && e.bad == "" {
			e.bad = "a nil record accepted"
		}
		b, _ := json.Marshal(r)
		e.out = append(e.out, string(b))
	}
	return nil
}

func (e *emitter) Reject(r mosaic.Reject) error {
	e.calls++
	e.rejects++
	if (r.Reason == "" || r.Line < 0) && e.bad == "" {
		e.bad = fmt.Sprintf("reject without a reason or with line %d: %+v", r.Line, r)
	}
	e.out = append(e.out, fmt.Sprintf("%+v", r))
	return nil
}

// memTempDir is a temporary folder in /dev/shm when there is one (Linux),
// else the test's own.
func memTempDir(f *testing.F) string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "readerfuzz"); err == nil {
			f.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return f.TempDir()
}
