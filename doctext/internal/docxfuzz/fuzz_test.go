// Package docxfuzz_test holds doctext's DOCX fuzz target, apart from
// doctext's own tests: Go's fuzzer instruments every package the test
// binary links and clears and copies all their coverage counters on every
// run, and doctext's tests link the whole scan pipeline (125,000 counters,
// against 45,000 here).
package docxfuzz_test

import (
	"archive/zip"
	"bytes"
	"context"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/doctext"
)

// FuzzDOCX reads arbitrary input as a DOCX: it must not panic or hang,
// must refuse what it cannot read with an input error, and must keep to the
// text limit. The input is either the whole file (archive true) or the
// main document's XML, which the target packs into an archive itself: a
// change the fuzzer makes inside an archive almost always breaks its
// checksum or its compression, so without the second form the XML reader
// was hardly reached.
//
// The seeds are small: Go's fuzzer minimises every input that reaches new
// code in time that grows with the square of its length, and with the
// DOCX files of testdata as seeds (5 KB each; TestSameResumeEveryFormat
// reads them whole) it did nothing else (14 executions reported in 60 s).
func FuzzDOCX(f *testing.F) {
	for _, doc := range []string{
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Jane Doe</w:t><w:tab/><w:t>Go</w:t></w:r></w:p></w:body></w:document>`,
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body><w:p><mc:AlternateContent><mc:Choice><w:t>a</w:t></mc:Choice><mc:Fallback><w:t>a</w:t></mc:Fallback></mc:AlternateContent><w:del><w:r><w:delText>x</w:delText></w:r></w:del></w:p></w:body></w:document>`,
		`<w:document`,
	} {
		f.Add([]byte(doc), false)
		f.Add(packDocument([]byte(doc), zip.Deflate), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, archive bool) {
		if !archive {
			data = packDocument(data, zip.Store)
		}
		// An archive that starts like a PDF would go to PDFium in
		// WebAssembly (its start takes seconds, each page milliseconds):
		// that is the PDF reader's own test, not this target's.
		if bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) { // as doctext sniffs
			return
		}
		text, err := doctext.FromBytes(context.Background(), "fuzz.docx", data)
		if err != nil {
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("a broken DOCX is an input error: %v", err)
			}
			return
		}
		if len(text) > doctext.MaxTextBytes {
			t.Fatalf("%d bytes of text: reading did not stop at the limit", len(text))
		}
	})
}

// packDocument makes a DOCX of one part, word/document.xml.
func packDocument(doc []byte, method uint16) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: method})
	_, _ = w.Write(doc)
	_ = zw.Close()
	return b.Bytes()
}
