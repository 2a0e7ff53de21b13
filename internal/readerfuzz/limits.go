package readerfuzz

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Limits checks that the JSON reader x keeps to jsonrows' limits
// (docs/limits.md): between two good events of its testdata, an event
// nested deeper than jsonrows.MaxDepth and a line longer than
// jsonrows.DefaultMaxValue are each rejected with the reason, and both
// good events are accepted.
func Limits(t *testing.T, x mosaic.Extractor, kind mosaic.Kind, folder string) {
	t.Helper()
	good := goodEvent(t, x, kind, folder)
	var deep map[string]any
	_ = json.Unmarshal(good, &deep)
	deep["zz"] = json.RawMessage(strings.Repeat("[", jsonrows.MaxDepth) + strings.Repeat("]", jsonrows.MaxDepth))
	deepLine, _ := json.Marshal(deep)
	long := append([]byte(`{"zz":"`), bytes.Repeat([]byte("a"), jsonrows.DefaultMaxValue)...)
	long = append(long, `"}`...)

	for _, c := range []struct {
		name   string
		line   []byte
		reason string
	}{
		{"deep", deepLine, "nested deeper than the limit"},
		{"long line", long, "longer than the limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := bytes.Join([][]byte{good, c.line, good, nil}, []byte("\n"))
			e, err := extract(t, x, kind, folder, data)
			if err != nil {
				t.Fatal(err)
			}
			if e.accepted != 2 || e.rejects != 1 {
				t.Fatalf("%d accepted, %d rejected, want 2 and 1: %q", e.accepted, e.rejects, e.out)
			}
			for _, out := range e.out {
				if strings.Contains(out, "Reason:") && (!strings.Contains(out, "Line:2 ") || !strings.Contains(out, c.reason)) {
					t.Errorf("reject %s, want line 2: %s", out, c.reason)
				}
			}
		})
	}
}

// goodEvent is the first event of the package's testdata that x accepts
// alone on a line.
func goodEvent(t *testing.T, x mosaic.Extractor, kind mosaic.Kind, folder string) []byte {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		event, ok := firstEvent(data)
		if !ok {
			continue
		}
		line, _ := json.Marshal(event)
		if e, err := extract(t, x, kind, folder, line); err == nil && e.accepted == 1 && e.rejects == 0 {
			return line
		}
	}
	t.Fatal("no event of testdata is accepted alone")
	return nil
}

func extract(t *testing.T, x mosaic.Extractor, kind mosaic.Kind, folder string, data []byte) (*emitter, error) {
	path := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	e := &emitter{}
	return e, x.Extract(context.Background(), mosaic.File{Path: folder + "/export.json", Abs: path, Kind: kind}, e)
}
