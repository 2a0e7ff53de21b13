package doctext

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// FuzzDOCX reads arbitrary bytes as a DOCX (seeded with the DOCX files of
// testdata and a few small hand-made archives): it must not panic or
// hang, must refuse what it cannot read with an input error, and must keep
// to the text limit.
func FuzzDOCX(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.docx")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for _, doc := range []string{
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Jane Doe</w:t><w:tab/><w:t>Go</w:t></w:r></w:p></w:body></w:document>`,
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body><w:p><mc:AlternateContent><mc:Choice><w:t>a</w:t></mc:Choice><mc:Fallback><w:t>a</w:t></mc:Fallback></mc:AlternateContent><w:del><w:r><w:delText>x</w:delText></w:r></w:del></w:p></w:body></w:document>`,
		`<w:document`,
	} {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create("word/document.xml")
		_, _ = w.Write([]byte(doc))
		_ = zw.Close()
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := docxText("fuzz.docx", data)
		if err != nil {
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("a broken DOCX is an input error: %v", err)
			}
			return
		}
		if len(text) > MaxTextBytes+maxXMLBytes {
			t.Fatalf("%d bytes of text: reading did not stop at the limit", len(text))
		}
		if _, err := FromBytes(context.Background(), "fuzz.docx", data); err != nil && mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Fatalf("FromBytes: %v", err)
		}
	})
}
