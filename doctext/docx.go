package doctext

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Zip-bomb limits for DOCX. A resume's word/document.xml is tens to a few
// hundred kilobytes, compressed five to twenty times; the package holds a
// few dozen parts (more with images).
const (
	maxZipEntries = 2000
	// maxXMLBytes bounds the uncompressed main document.
	maxXMLBytes = 32 << 20
	// maxRatio bounds how much the main document may grow when
	// uncompressed. Repetitive XML reaches about 100; a bomb, thousands.
	maxRatio = 200
)

// Namespaces of the elements read. Word writes the transitional one;
// "strict" Office Open XML uses the other.
const (
	nsWordML       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordMLStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMarkupCompat = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// docxText reads the body of a DOCX: each paragraph a line, tabs as tabs,
// line breaks as line breaks; deleted revisions, field codes and the
// fallback copies of text boxes are left out so nothing is read twice.
func docxText(name string, data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", mosaic.WrapError(mosaic.EINVALID, err, "%s: not a valid DOCX (the zip archive cannot be read: %s)", name, err)
	}
	if len(zr.File) > maxZipEntries {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the DOCX holds %d parts, more than the %d a document has", name, len(zr.File), maxZipEntries)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
			break
		}
	}
	if doc == nil {
		if hasPart(zr, "xl/workbook.xml") || hasPart(zr, "ppt/presentation.xml") {
			return "", mosaic.Errorf(mosaic.EINVALID, "%s: a spreadsheet or presentation, not a Word document", name)
		}
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: not a DOCX (a zip archive without word/document.xml)", name)
	}
	if doc.UncompressedSize64 > maxXMLBytes {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the document declares %d MiB of XML, over the %d MiB limit", name, doc.UncompressedSize64>>20, maxXMLBytes>>20)
	}
	if doc.CompressedSize64 > 0 && doc.UncompressedSize64/doc.CompressedSize64 > maxRatio {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the document expands %d times when unpacked (a zip bomb?)", name, doc.UncompressedSize64/doc.CompressedSize64)
	}
	rc, err := doc.Open()
	if err != nil {
		return "", mosaic.WrapError(mosaic.EINVALID, err, "%s: not a valid DOCX (%s)", name, err)
	}
	defer rc.Close()
	// The declared size can lie: the reader itself stops at the limit.
	lr := &io.LimitedReader{R: rc, N: maxXMLBytes + 1}
	text, err := wordText(lr)
	if lr.N <= 0 {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the document holds more than %d MiB of XML", name, maxXMLBytes>>20)
	}
	if err != nil {
		return "", mosaic.WrapError(mosaic.EINVALID, err, "%s: the DOCX's document.xml is not valid XML (%s)", name, err)
	}
	return text, nil
}

func hasPart(zr *zip.Reader, name string) bool {
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// wordText walks WordprocessingML and writes its text. The decoder checks
// well-formedness and bounds nesting itself (encoding/xml refuses depth
// past 10,000).
func wordText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	var b strings.Builder
	skip := 0 // depth inside an element whose text is not read
	inText := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		if b.Len() > MaxTextBytes {
			break // FromBytes reports the length
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Space == nsMarkupCompat && t.Name.Local == "Fallback" {
				skip = 1 // the same text box again, for old readers
				continue
			}
			if !isWordML(t.Name.Space) {
				continue
			}
			switch t.Name.Local {
			case "delText", "instrText", "delInstrText":
				skip = 1
			case "t":
				inText = true
			case "tab", "ptab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			case "noBreakHyphen":
				b.WriteByte('-')
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if !isWordML(t.Name.Space) {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				// A table cell's paragraphs are lines too. A paragraph that
				// ends one holding a text box ends no second line.
				if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
					b.WriteByte('\n')
				}
			}
		case xml.CharData:
			if inText && skip == 0 {
				b.Write(t)
			}
		}
	}
	return b.String(), nil
}

func isWordML(space string) bool { return space == nsWordML || space == nsWordMLStrict }
