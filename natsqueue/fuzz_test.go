package natsqueue

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// FuzzDecode: whatever a stream holds, Decode answers a record or an
// EINVALID error and never panics; a record it reads (a photo aside, whose
// fingerprint stays raw) encodes, and its encoding reads back to the same
// encoding (compared as bytes: a time with an offset comes back with an
// equal but distinct time.Location).
func FuzzDecode(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "v1.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range bytes.Split(bytes.TrimSpace(golden), []byte("\n")) {
		f.Add(line)
	}
	f.Add([]byte(`{"kind":"okta","record":{"Lat":1e400},"v":1}`))
	f.Add([]byte(`{"v":1,"kind":"jobs","record":{"PostedAt":"2026-01-01T00:00:00+01:00","ID":"\xff"}}`))
	f.Add([]byte(`{"v":1,"kind":"osquery","record":{"Columns":{"a":"\u0000"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := Decode(data)
		if err != nil {
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("code %s: %v", mosaic.ErrorCode(err), err)
			}
			return
		}
		if _, ok := rec.(mosaic.Photo); ok {
			return
		}
		again, err := Encode(rec)
		if err != nil {
			t.Fatalf("a decoded record does not encode: %v", err)
		}
		back, err := Decode(again)
		if err != nil {
			t.Fatalf("an encoding does not decode: %v", err)
		}
		if third, err := Encode(back); err != nil || !bytes.Equal(third, again) {
			t.Fatalf("re-encoding changed the record:\n%s\n%s", again, third)
		}
	})
}
