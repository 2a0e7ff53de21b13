// Package doctext reads the text of resumes as applicant tracking systems
// export them: PDF (through PDFium compiled to WebAssembly, run by the pure-Go
// runtime wazero) and Word's DOCX (a zip of XML, read with the standard
// library). Older formats are refused with a reason a person can act on.
//
// Every document is bounded: its size on disk, its pages, the text it
// yields, the time it may take, and for DOCX the size, number and
// compression ratio of its zip entries. A malformed or hostile file is an
// EINVALID error with a reason, never a crash or a stall.
package doctext

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/mosaic-sec/mosaic"
)

// Limits on one document. A resume is one to four pages and a few kilobytes
// of text, a few hundred kilobytes as a file; photos inside a PDF or DOCX
// rarely take it past 5 MiB.
const (
	// MaxFileBytes bounds the file read from disk.
	MaxFileBytes = 20 << 20
	// MaxPages bounds the pages of a PDF: a longer one is refused rather
	// than read in part (a portfolio or a book is not a resume).
	MaxPages = 30
	// MaxTextBytes bounds the text a document yields, as for a .txt resume.
	MaxTextBytes = 1 << 20
	// Timeout bounds the time one PDF may take (a crafted PDF can make a
	// parser loop); the caller's context may make it shorter.
	Timeout = 20 * time.Second
)

// Extensions that are resumes this package reads.
var readable = map[string]bool{".pdf": true, ".docx": true}

// Reads reports whether Text reads files with this extension (".pdf",
// ".docx"; case is ignored).
func Reads(ext string) bool { return readable[strings.ToLower(ext)] }

// Refused returns the reason a document format is not read, and false for
// a format that is (or that this package does not know).
func Refused(ext string) (string, bool) {
	switch strings.ToLower(ext) {
	case ".doc":
		return "Word 97-2003 .doc resumes are not read (a binary format with no maintained pure-Go reader); save it as .docx or PDF", true
	case ".rtf":
		return "RTF resumes are not read; save it as .docx, PDF or text", true
	case ".odt", ".pages":
		return strings.TrimPrefix(strings.ToLower(ext), ".") + " resumes are not read; save it as .docx, PDF or text", true
	}
	return "", false
}

// Text reads the text of a resume in PDF or DOCX, chosen by the file's
// first bytes (an export that names a PDF .docx is still read). Lines of
// the result are the document's paragraphs; in a PDF, lines the layout
// wrapped are joined again, so the text compares like the same resume
// saved as plain text.
func Text(ctx context.Context, path string) (string, error) {
	data, err := readFile(path)
	if err != nil {
		return "", err
	}
	return FromBytes(ctx, filepath.Base(path), data)
}

// FromBytes is Text for a document already in memory; name is used in
// errors only.
func FromBytes(ctx context.Context, name string, data []byte) (string, error) {
	if len(data) == 0 {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the file is empty", name)
	}
	if len(data) > MaxFileBytes {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the file is larger than %d MiB", name, MaxFileBytes>>20)
	}
	var text string
	var err error
	switch sniff(data) {
	case formatPDF:
		text, err = pdfText(ctx, name, data)
	case formatZip:
		text, err = docxText(name, data)
	case formatOLE:
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: %s", name, must(Refused(".doc")))
	case formatRTF:
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: %s", name, must(Refused(".rtf")))
	default:
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: neither a PDF nor a DOCX document (the first bytes match neither)", name)
	}
	if err != nil {
		return "", err
	}
	text = clean(text)
	if len(text) > MaxTextBytes {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the document holds more than %d MiB of text", name, MaxTextBytes>>20)
	}
	if strings.TrimSpace(text) == "" {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the document holds no text (a scanned image needs OCR, which mosaic does not do)", name)
	}
	return text, nil
}

func must(s string, _ bool) string { return s }

type format uint8

const (
	formatUnknown format = iota
	formatPDF
	formatZip
	formatOLE
	formatRTF
)

func sniff(data []byte) format {
	switch {
	// The PDF header may follow up to 1 KiB of other bytes (PDF 1.7,
	// Annex H); some mail gateways prepend a line.
	case bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")):
		return formatPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return formatZip
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return formatOLE
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return formatRTF
	}
	return formatUnknown
}

func readFile(path string) ([]byte, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, mosaic.WrapError(mosaic.ENOTFOUND, err, "%s: file not found", name)
	}
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s: cannot open the file", name)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s: cannot read the file", name)
	}
	return data, nil
}

// clean makes extracted text plain: "\n" line ends, no control characters
// but tabs, valid UTF-8, no trailing spaces, at most one blank line in a row.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	for line := range strings.Lines(s) {
		line = strings.TrimRight(strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return r
			case r == '\u00a0':
				return ' '
			case r == '\uFFFE', r == '\uFEFF', r == '\u00ad':
				return -1 // PDFium's soft-hyphen marks, byte-order marks
			case unicode.IsControl(r) && r != '\n':
				if r == '\r' || r == '\v' || r == '\f' {
					return '\n'
				}
				return -1
			}
			return r
		}, line), " \t\n")
		if line == "" {
			blank++
			if blank > 1 || b.Len() == 0 {
				continue
			}
		} else {
			blank = 0
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
