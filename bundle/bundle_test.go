package bundle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWalkClassifiesAndIgnores(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"applications.csv", "Employees.csv", "truth.csv", "okta/page1.json", "okta/log.jsonl",
		"osquery/osqueryd.results.log", "attachments/resumes/A1.txt", "attachments/photos/A1.jpg", ".DS_Store", ".git/config"} {
		write(t, dir, f, "x")
	}
	l, err := Walk(dir, DefaultLayout())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]mosaic.Kind{}
	for _, f := range l.Files {
		got[f.Path] = f.Kind
	}
	want := map[string]mosaic.Kind{
		"applications.csv": mosaic.KindApplications, "Employees.csv": mosaic.KindEmployees,
		"okta/page1.json": mosaic.KindOkta, "okta/log.jsonl": mosaic.KindOkta, "osquery/osqueryd.results.log": mosaic.KindOsquery,
		"attachments/resumes/A1.txt": mosaic.KindResume, "attachments/photos/A1.jpg": mosaic.KindPhoto,
	}
	for p, k := range want {
		if got[p] != k {
			t.Errorf("%s: kind %q, want %q", p, got[p], k)
		}
	}
	if len(l.Ignored) != 1 || l.Ignored[0] != "truth.csv" {
		t.Errorf("ignored %v, want the truth file only", l.Ignored)
	}
	if l.Files[0].Kind != mosaic.KindApplications {
		t.Errorf("reference files should come first, got %v", l.Files[0])
	}
}

func TestWalkErrors(t *testing.T) {
	if _, err := Walk(filepath.Join(t.TempDir(), "nope"), DefaultLayout()); mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Errorf("missing folder: %v", err)
	}
	dir := t.TempDir()
	write(t, dir, "okta/export.xlsx", "x")
	_, err := Walk(dir, DefaultLayout())
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("unknown log format: %v", err)
	}
}

type collect struct {
	accepted []mosaic.Record
	rejected []mosaic.Reject
}

func (c *collect) Accept(r mosaic.Record) error { c.accepted = append(c.accepted, r); return nil }
func (c *collect) AcceptMany(rs []mosaic.Record) error {
	c.accepted = append(c.accepted, rs...)
	return nil
}
func (c *collect) Reject(r mosaic.Reject) error { c.rejected = append(c.rejected, r); return nil }

func TestAttachments(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "r/A1.txt", "Jane Doe\nGo engineer")
	write(t, dir, "r/A2.pdf", "%PDF-1.7")
	write(t, dir, "r/A3.txt", "bad \xff utf8")
	write(t, dir, "p/A1.jpg", "not an image at all")
	write(t, dir, "p/A2.png", "\x89PNG\r\n\x1a\n garbage after the header")
	fail := Attachments{Fingerprint: func(string) (any, error) { return nil, errors.New("truncated PNG") }}
	cases := []struct {
		file   string
		kind   mosaic.Kind
		x      Attachments
		accept bool
	}{
		{"r/A1.txt", mosaic.KindResume, Attachments{}, true},
		{"r/A2.pdf", mosaic.KindResume, Attachments{}, false},
		{"r/A3.txt", mosaic.KindResume, Attachments{}, false},
		{"p/A1.jpg", mosaic.KindPhoto, Attachments{}, false},
		{"p/A2.png", mosaic.KindPhoto, Attachments{}, true},
		{"p/A2.png", mosaic.KindPhoto, fail, false},
	}
	for _, c := range cases {
		var got collect
		err := c.x.Extract(context.Background(), mosaic.File{Path: c.file, Abs: filepath.Join(dir, c.file), Kind: c.kind}, &got)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if (len(got.accepted) == 1) != c.accept || len(got.accepted)+len(got.rejected) != 1 {
			t.Errorf("%s: accepted %d, rejected %v", c.file, len(got.accepted), got.rejected)
		}
		for _, r := range got.rejected {
			if r.Reason == "" || r.File != c.file {
				t.Errorf("%s: reject without reason or file: %+v", c.file, r)
			}
		}
	}
}
