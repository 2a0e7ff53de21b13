package doctext

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// minimalPDF writes a valid PDF by hand: pages of Helvetica text, one line
// per entry, with a correct cross-reference table.
func minimalPDF(pages [][]string) []byte {
	var objs []string
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	for i, lines := range pages {
		var c strings.Builder
		c.WriteString("BT /F1 11 Tf 72 720 Td 14 TL\n")
		for _, l := range lines {
			fmt.Fprintf(&c, "(%s) Tj T*\n", esc.Replace(l))
		}
		c.WriteString("ET\n")
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i),
			fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestHandMadePDF(t *testing.T) {
	data := minimalPDF([][]string{{"Jane Doe", "Senior Backend Engineer (Go)"}, {"Page two"}})
	got, err := FromBytes(context.Background(), "a.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Jane Doe\nSenior Backend Engineer (Go)\n\nPage two\n"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}

func TestPDFPageLimit(t *testing.T) {
	pages := make([][]string, MaxPages+1)
	for i := range pages {
		pages[i] = []string{fmt.Sprintf("page %d", i+1)}
	}
	_, err := FromBytes(context.Background(), "book.pdf", minimalPDF(pages))
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(mosaic.ErrorMessage(err), "31 pages; a resume is read only up to 30") {
		t.Fatalf("%v", err)
	}
}

func TestPDFDeadline(t *testing.T) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := FromBytes(ctx, "a.pdf", minimalPDF([][]string{{"x"}}))
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(mosaic.ErrorMessage(err), "took longer than") {
		t.Fatalf("%v", err)
	}
	// The reader still works for the next document.
	if _, err := FromBytes(context.Background(), "b.pdf", minimalPDF([][]string{{"after"}})); err != nil {
		t.Fatal(err)
	}
}

func TestPDFPassword(t *testing.T) {
	// An /Encrypt dictionary PDFium cannot open without a password.
	data := minimalPDF([][]string{{"secret"}})
	data = bytes.Replace(data, []byte("/Root 1 0 R >>"), []byte("/Root 1 0 R /Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >> /ID [<00><00>] >>"), 1)
	_, err := FromBytes(context.Background(), "locked.pdf", data)
	if mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Fatalf("%v", err)
	}
	t.Log(mosaic.ErrorMessage(err))
}

// docx builds a DOCX from its parts, the main document among them.
func docx(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, body := range parts {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const wordDoc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>%s</w:body></w:document>`

func TestDOCXText(t *testing.T) {
	body := `<w:p><w:r><w:t>Jane</w:t></w:r><w:r><w:t xml:space="preserve"> Doe</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>Go</w:t><w:tab/><w:t>2019</w:t><w:br/><w:t>next</w:t></w:r></w:p>` +
		`<w:p><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del><w:r><w:instrText>HYPERLINK "x"</w:instrText><w:t>kept</w:t></w:r></w:p>` +
		`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell one</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`
	got, err := FromBytes(context.Background(), "a.docx", docx(t, map[string]string{"word/document.xml": fmt.Sprintf(wordDoc, body)}))
	if err != nil {
		t.Fatal(err)
	}
	want := "Jane Doe\nGo\t2019\nnext\nkept\nIn a box\ncell one\ncell two\n"
	if got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}

func TestDOCXLimits(t *testing.T) {
	many := map[string]string{"word/document.xml": fmt.Sprintf(wordDoc, "<w:p><w:r><w:t>x</w:t></w:r></w:p>")}
	for i := range maxZipEntries {
		many[fmt.Sprintf("word/media/image%d.png", i)] = ""
	}
	bomb := fmt.Sprintf(wordDoc, "<w:p><w:r><w:t>"+strings.Repeat("a", 8<<20)+"</w:t></w:r></w:p>")
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"many parts", docx(t, many), "parts, more than"},
		{"bomb", docx(t, map[string]string{"word/document.xml": bomb}), "expands"},
		{"spreadsheet", docx(t, map[string]string{"xl/workbook.xml": "<workbook/>"}), "a spreadsheet or presentation"},
		{"no document", docx(t, map[string]string{"a.txt": "hello"}), "without word/document.xml"},
		{"bad xml", docx(t, map[string]string{"word/document.xml": "<w:document><w:p>"}), "not valid XML"},
		{"no text", docx(t, map[string]string{"word/document.xml": fmt.Sprintf(wordDoc, "<w:p/>")}), "holds no text"},
	}
	for _, c := range cases {
		_, err := FromBytes(context.Background(), c.name+".docx", c.data)
		if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(mosaic.ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want EINVALID with %q", c.name, err, c.want)
		}
	}
}

func TestClean(t *testing.T) {
	got := clean("a\r\nb\x00c\u00a0d\ufffe\n\n\n\ne  \n\xff")
	if want := "a\nbc d\n\ne\n\uFFFD\n"; got != want {
		t.Errorf("clean = %q, want %q", got, want)
	}
}
