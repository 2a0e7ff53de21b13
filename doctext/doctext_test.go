package doctext

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/textsim"
)

func readText(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestSameResumeEveryFormat: one resume saved as text, DOCX and PDF (the
// DOCX and PDF made by LibreOffice Writer from the text) compares alike in
// every format, to itself and to the ring's other resume.
func TestSameResumeEveryFormat(t *testing.T) {
	ctx := context.Background()
	texts := map[string]string{}
	for _, base := range []string{"ring-a", "ring-b", "honest"} {
		texts[base+".txt"] = readText(t, base+".txt")
		for _, ext := range []string{".docx", ".pdf"} {
			got, err := Text(ctx, filepath.Join("testdata", base+ext))
			if err != nil {
				t.Fatalf("%s%s: %v", base, ext, err)
			}
			texts[base+ext] = got
			if sim := textsim.Similarity(texts[base+".txt"], got); sim < 0.98 {
				t.Errorf("%s%s vs .txt: similarity %.3f, want about 1\n%s", base, ext, sim, got)
			}
		}
	}
	for _, pair := range [][2]string{{"ring-a", "ring-b"}, {"ring-a", "honest"}} {
		want := textsim.Similarity(texts[pair[0]+".txt"], texts[pair[1]+".txt"])
		for _, ext := range []string{".docx", ".pdf"} {
			got := textsim.Similarity(texts[pair[0]+ext], texts[pair[1]+ext])
			if d := got - want; d > 0.01 || d < -0.01 {
				t.Errorf("%s vs %s as %s: similarity %.3f, as .txt %.3f", pair[0], pair[1], ext, got, want)
			}
			t.Logf("%s vs %s as %s: %.3f (txt %.3f)", pair[0], pair[1], ext, got, want)
		}
	}
}

func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, data, want string }{
		{"empty.pdf", "", "empty"},
		{"a.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".doc resumes are not read"},
		{"a.rtf", `{\rtf1\ansi hello}`, "RTF resumes are not read"},
		{"a.pdf", "hello", "neither a PDF nor a DOCX"},
		{"trunc.pdf", "%PDF-1.7\n1 0 obj\n<<", "not a valid PDF"},
		{"a.docx", "PK\x03\x04garbage", "not a valid DOCX"},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Text(context.Background(), p)
		if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(mosaic.ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want EINVALID with %q", c.name, err, c.want)
		}
	}
}
