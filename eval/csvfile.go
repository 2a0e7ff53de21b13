package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
)

// table is a CSV file read whole: truth files and the columns of the roster
// eval needs are small next to the bundle itself. Columns are found by header
// name, so their order is free, as in every mosaic input.
type table struct {
	name    string         // file name, for messages
	columns map[string]int // header name (lower-cased, trimmed) -> index
	rows    []tableRow
}

type tableRow struct {
	line   int // physical line of the row's start, header = 1
	fields []string
}

// field returns the trimmed value of a column, "" when the column or the
// field is missing (a short row).
func (t *table) field(r tableRow, column string) string {
	i, ok := t.columns[column]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

func (t *table) has(column string) bool {
	_, ok := t.columns[column]
	return ok
}

// readTable reads dir/name. A missing file is ENOTFOUND; an empty file or a
// file that is not CSV is EINVALID. Rows with a wrong number of fields are
// kept (missing fields read as ""), because one broken row should not hide
// the rest of an evaluation; strict validation is the loader's job.
//
// lenient accepts stray quotes (csv.Reader.LazyQuotes): the roster is a
// company export, where a bare quote in a name is common and must not stop the
// evaluation. Truth files are machine-written and read strictly.
func readTable(dir, name string, lenient bool) (*table, error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, mosaic.WrapError(mosaic.ENOTFOUND, err, "%s not found in %s", name, dir)
	}
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot open %s", path)
	}
	defer f.Close()
	return parseTable(name, f, lenient)
}

func parseTable(name string, r io.Reader, lenient bool) (*table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = lenient
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, mosaic.Errorf(mosaic.EINVALID, "%s is empty: a header row is required", name)
	}
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s: cannot read the header row", name)
	}
	t := &table{name: name, columns: make(map[string]int, len(header))}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // a byte-order mark from spreadsheet exports
		}
		key := strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.columns[key]; !dup && key != "" {
			t.columns[key] = i
		}
	}
	for {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			// A malformed quote and the like: the message of csv.ParseError
			// names the line and column but never the field's content.
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s is not valid CSV", name)
		}
		line, _ := cr.FieldPos(0)
		t.rows = append(t.rows, tableRow{line: line, fields: fields})
	}
}

// maxMessage bounds the part of an error message that echoes input, so a
// hostile file cannot make an error as long as itself.
const maxMessage = 200

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// truncate shortens s to maxMessage bytes on a rune boundary, and makes it
// valid UTF-8.
func truncate(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
