package doctext

import (
	"archive/zip"
	"bytes"
	"context"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// FuzzDOCX reads arbitrary bytes as a DOCX: it must not panic or hang,
// must refuse what it cannot read with an input error, and must keep to the
// text limit. It is seeded with small hand-made archives, each written
// stored (the fuzzer's changes reach the XML) and deflated. Not with the
// DOCX files of testdata (5 KB each, read whole by TestSameResumeEveryFormat): Go's
// fuzzer minimises every input that reaches new code in time that grows
// with the square of its length, and with those seeds it did nothing else
// (14 executions reported in 60 s).
func FuzzDOCX(f *testing.F) {
	for _, doc := range []string{
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Jane Doe</w:t><w:tab/><w:t>Go</w:t></w:r></w:p></w:body></w:document>`,
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body><w:p><mc:AlternateContent><mc:Choice><w:t>a</w:t></mc:Choice><mc:Fallback><w:t>a</w:t></mc:Fallback></mc:AlternateContent><w:del><w:r><w:delText>x</w:delText></w:r></w:del></w:p></w:body></w:document>`,
		`<w:document`,
	} {
		for _, method := range []uint16{zip.Store, zip.Deflate} {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: method})
			_, _ = w.Write([]byte(doc))
			_ = zw.Close()
			f.Add(b.Bytes())
		}
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
		// An input mutated to start like a PDF would go to PDFium in
		// WebAssembly (its start takes seconds, each page milliseconds):
		// that is the PDF reader's own test, not this target's.
		if sniff(data) == formatPDF {
			return
		}
		if _, err := FromBytes(context.Background(), "fuzz.docx", data); err != nil && mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Fatalf("FromBytes: %v", err)
		}
	})
}
