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
	write(t, dir, "r/A4.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	write(t, dir, "p/A3.heic", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00")
	write(t, dir, "p/A4.webp", "RIFF\x10\x00\x00\x00WEBPVP8 ")
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
		{"r/A4.doc", mosaic.KindResume, Attachments{}, false},
		{"p/A3.heic", mosaic.KindPhoto, Attachments{}, false},
		{"p/A4.webp", mosaic.KindPhoto, Attachments{}, true},
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
			if strings.HasSuffix(c.file, ".heic") && !strings.Contains(r.Reason, "HEIC photos are not read") {
				t.Errorf("%s: reason %q does not say HEIC is not read", c.file, r.Reason)
			}
		}
	}
}

func TestWalkRefusesEmptyAndNestedBundles(t *testing.T) {
	empty := t.TempDir()
	for _, check := range []func(string, Layout) error{Check, func(d string, l Layout) error { _, err := Walk(d, l); return err }} {
		err := check(empty, DefaultLayout())
		if mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Fatalf("empty folder: %v", err)
		}
		msg := mosaic.ErrorMessage(err)
		for _, want := range []string{"holds no file mosaic reads", "applications.csv", "okta/", "found nothing (the folder is empty)"} {
			if !strings.Contains(msg, want) {
				t.Errorf("empty folder: %q lacks %q", msg, want)
			}
		}
	}

	unzipped := t.TempDir()
	write(t, unzipped, "acme-export-2026/applications.csv", "application_id\n")
	write(t, unzipped, "acme-export-2026/okta/log.jsonl", "{}\n")
	err := Check(unzipped, DefaultLayout())
	msg := mosaic.ErrorMessage(err)
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(msg, "one level down") && !strings.Contains(msg, "as after unzipping") ||
		!strings.Contains(msg, filepath.Join(unzipped, "acme-export-2026")) {
		t.Errorf("nested bundle: %v", err)
	}

	// Only files mosaic does not read: what was found is listed.
	other := t.TempDir()
	write(t, other, "applications.xlsx", "PK")
	write(t, other, "entra/signins.json", `{"value": []}`)
	_, err = Walk(other, DefaultLayout())
	msg = mosaic.ErrorMessage(err)
	if !strings.Contains(msg, "found applications.xlsx, entra/") {
		t.Errorf("unread only: %v", err)
	}
}

func TestWalkDescribesUnread(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "applications.csv", "application_id\n")
	write(t, dir, "entra/signins_1.json", `{"value":[{"userPrincipalName":"a@b.example","createdDateTime":"2026-03-02T14:05:11Z"}]}`)
	write(t, dir, "entra/signins_2.json", `{}`)
	write(t, dir, "logs/azure.jsonl", `{"time":"2026-03-02T14:05:11Z","category":"SignInLogs","properties":{"userPrincipalName":"a@b.example"}}`)
	write(t, dir, "employees.xlsx", "PK\x03\x04")
	write(t, dir, "candidates_2026.csv", "Application_ID,Submitted_At,Email\n1,2026-01-01,a@b\n")
	write(t, dir, "truth.csv", "person_id,role\n")
	write(t, dir, "okta_export.jsonl", `{"eventType":"user.session.start","published":"2026-03-02T14:05:11Z"}`)
	write(t, dir, "export.zip", "PK")
	l, err := Walk(dir, DefaultLayout())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range l.Unread {
		got[u.Path] = u.Message()
	}
	want := map[string]string{
		"entra/":              "entra/: looks like Microsoft Entra ID sign-in logs, not read yet",
		"logs/":               "logs/: looks like Microsoft Entra ID sign-in logs, not read yet",
		"employees.xlsx":      "employees.xlsx: spreadsheets are not read; export CSV as employees.csv",
		"candidates_2026.csv": "candidates_2026.csv: looks like an export of applications, not read under this name: rename it applications.csv or name it in a mapping file (files: applications: file: candidates_2026.csv)",
		"okta_export.jsonl":   "okta_export.jsonl: looks like Okta System Log events, not read at the top of the bundle: move it into okta/",
		"export.zip":          "export.zip: archives are not read; unpack it and scan the folder that holds the exports",
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s:\n got %q\nwant %q", p, got[p], w)
		}
	}
	if !strings.Contains(got["truth.csv"], "match none of mosaic's files") {
		t.Errorf("truth.csv: %q", got["truth.csv"])
	}
	if len(l.Unread) != len(want)+1 {
		t.Errorf("a folder is described once: %v", l.Unread)
	}

	// Once a kind is read, its folder is classified, not reported.
	layout := DefaultLayout()
	layout.ReadKinds("entra")
	write(t, dir, "entra/signins_2.json", `{}`)
	l, err = Walk(dir, layout)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range l.Unread {
		if u.Path == "entra/" {
			t.Errorf("entra/ is read now, yet reported: %s", u.Message())
		}
		if u.Path == "logs/" && !strings.Contains(u.Message(), "mosaic reads them from entra/") {
			t.Errorf("logs/: %s", u.Message())
		}
	}
	n := 0
	for _, f := range l.Files {
		if f.Kind == "entra" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("entra files read: %d, want 2", n)
	}
}

func TestMappedFileMustExist(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "applications.csv", "application_id\n")
	layout := DefaultLayout()
	layout.CSV[mosaic.KindApplications] = "candidate_export.csv"
	layout.Mapped = map[mosaic.Kind]string{mosaic.KindApplications: "candidate_export.csv"}
	layout.MappingFile = "columns.yaml"
	for _, err := range []error{Check(dir, layout), func() error { _, err := Walk(dir, layout); return err }()} {
		msg := mosaic.ErrorMessage(err)
		if mosaic.ExitCode(err) != 2 || msg != "columns.yaml maps applications to candidate_export.csv, which is not in "+dir+"; applications.csv is there: remove file: from the mapping to read it" {
			t.Errorf("%v", err)
		}
	}
}
