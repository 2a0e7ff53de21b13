package csvbundle

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestExtractHugeRow checks that a row over 1 MiB is rejected, that the rows
// after it are read, and that it was never held in memory.
func TestExtractHugeRow(t *testing.T) {
	const huge = 100 << 20 // 100 MiB on one line
	path := filepath.Join(t.TempDir(), "notes.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		if _, err := f.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	write("note_id,occurred_at,text\n")
	write("N1,2026-05-13T00:36:00Z,first\n")
	write("N2,2026-05-13T00:36:00Z,")
	chunk := strings.Repeat("a", 1<<20)
	for range huge / len(chunk) {
		write(chunk)
	}
	write("\n")
	// A quoted value just over the limit, spread over many lines.
	write("N3,2026-05-13T00:36:00Z,\"" + strings.Repeat("line\n", (maxRowBytes/5)+10) + "\"\n")
	write("N4,2026-05-13T00:36:00Z,last\n")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	var before, after runtimeMem
	before.read()
	emit, err := extractFile(t, New(&fakeHasher{}, nil, nil), mosaic.KindNotes, path)
	after.read()
	if err != nil {
		t.Fatal(err)
	}
	n3Line := 4
	n4Line := n3Line + maxRowBytes/5 + 10 + 1
	checkRejects(t, emit.rejects, filepath.ToSlash(path), []wantReject{
		{3, "", "longer than 1 MiB"},
		{n3Line, "", "longer than 1 MiB"},
	})
	if len(emit.accepted) != 2 {
		t.Fatalf("accepted %d, want 2", len(emit.accepted))
	}
	if n4 := emit.accepted[1].RecordOrigin().Line; n4 != n4Line {
		t.Errorf("row after the huge ones starts on line %d, want %d", n4, n4Line)
	}
	t.Logf("allocated %.1f MiB to read the file", float64(after.totalAlloc-before.totalAlloc)/(1<<20))
	// Reading 100 MiB must allocate about the row limit, not the row.
	if allocated := after.totalAlloc - before.totalAlloc; allocated > 8<<20 {
		t.Errorf("allocated %d MiB to read a file with a 100 MiB row", allocated>>20)
	}
}

// FuzzExtract feeds hostile bytes after a valid header: nothing panics, and
// every row is accounted for with a line inside the file, in order.
func FuzzExtract(f *testing.F) {
	f.Add([]byte("E1,Ann,123-45-6789,1990-03-14,2021-09-16\n"))
	f.Add([]byte("E1,\"A\"\"n\nn\",\xff,31/12/1990,\r\n\n,,,,\n\"open"))
	f.Add([]byte("\x1a"))
	dir := f.TempDir()
	x := New(&fakeHasher{}, nil, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		content := append([]byte("employee_id,first_name,ssn,date_of_birth,hire_date\n"), body...)
		path := filepath.Join(dir, "employees.csv")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		emit := &fakeEmitter{}
		if err := x.Extract(context.Background(), mosaic.File{Path: "employees.csv", Abs: path, Kind: mosaic.KindEmployees}, emit); err != nil {
			t.Fatalf("Extract: %v", err)
		}
		if emit.calls != len(emit.accepted)+len(emit.rejects) {
			t.Fatalf("%d calls, %d accepted, %d rejected", emit.calls, len(emit.accepted), len(emit.rejects))
		}
		lines := 1 + bytes.Count(content, []byte("\n"))
		for _, r := range emit.rejects {
			if r.Line < 2 || r.Line > lines || r.Reason == "" {
				t.Fatalf("reject %+v outside the file's %d lines", r, lines)
			}
		}
		prev := 1
		for _, r := range emit.accepted {
			if l := r.RecordOrigin().Line; l <= prev || l > lines {
				t.Fatalf("origin line %d after %d (file has %d lines)", l, prev, lines)
			} else {
				prev = l
			}
		}
	})
}

// runtimeMem snapshots the bytes allocated so far.
type runtimeMem struct{ totalAlloc uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.totalAlloc = s.TotalAlloc
}
