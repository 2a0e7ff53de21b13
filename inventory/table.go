package inventory

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Row is one row of a flat export, its cells by Key of the column name.
type Row map[string]string

// Key normalises a column name to lower-case letters and digits, so the
// names consoles and APIs give one column agree: "SoftwareName",
// "software_name" and "Software Name"; "host.hostname" in a CSV header
// and {"host":{"hostname":...}} in JSON.
func Key(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Get returns the first of the columns (given as Keys) with a value,
// trimmed.
func (r Row) Get(keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(r[k]); v != "" {
			return v
		}
	}
	return ""
}

// Has reports whether the row has any of the columns, empty or not.
func (r Row) Has(keys ...string) bool {
	for _, k := range keys {
		if _, ok := r[k]; ok {
			return true
		}
	}
	return false
}

// Format describes one product's flat export to Extract.
type Format struct {
	// Name says what the file should have been, for errors: "a Microsoft
	// Defender for Endpoint advanced hunting export".
	Name string
	// PageKeys name the array of rows in an API page ("Results").
	PageKeys []string
	// Known reports whether a row has the columns of the format at all:
	// a CSV header without them, or JSON objects without them, are some
	// other export put in this folder.
	Known func(r Row) bool
	// Decode judges one row. The origin carries the file and line.
	Decode func(r Row, o mosaic.Origin) jsonrows.Decoded
}

// Extract reads f as CSV (with a header) or as JSON (lines, arrays or
// API pages, as jsonrows reads them), by its first byte, and calls emit
// once per row. It returns an error only when the file cannot be read, is
// neither, or is not of the format.
func Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter, format Format, log *slog.Logger) error {
	file, err := f.Open()
	if err != nil {
		return err
	}
	first, err := firstByte(file)
	file.Close()
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", f.Path)
	}
	switch first {
	case 0:
		return nil // an empty export has no rows
	case '{', '[':
		return jsonrows.Extract(ctx, f, emit, jsonrows.Format{
			Name:     format.Name,
			PageKeys: format.PageKeys,
			Decode: func(row jsonrows.Row) jsonrows.Decoded {
				r, col, why := Flatten(row.Data)
				if why != "" {
					return jsonrows.Reject(col, why)
				}
				if !format.Known(r) {
					return jsonrows.Decoded{Foreign: true, Reason: "not " + format.Name + ": none of its columns"}
				}
				return format.Decode(r, mosaic.Origin{File: f.Path, Line: row.Line})
			},
		}, log)
	}
	return extractCSV(ctx, f, emit, format, log)
}

// firstByte returns the first byte after a byte order mark and white
// space, 0 for an empty file.
func firstByte(r io.Reader) (byte, error) {
	br := bufio.NewReaderSize(r, 4096)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
	}
}

// maxDepth bounds how deep Flatten follows nested objects; deeper ones
// stay JSON text. Inventories nest two levels at most.
const maxDepth = 4

// Flatten turns a JSON object into a Row: a string cell is its text, a
// number or boolean its literal, null empty, an array its JSON text, and
// a nested object's members become cells of their own, their keys joined
// ({"host":{"hostname":"x"}} is the cell "hosthostname"). Reasons quote
// nothing of the row.
func Flatten(data []byte) (r Row, column, reason string) {
	var obj map[string]json.RawMessage
	if col, why := jsonrows.Unmarshal(data, &obj); why != "" {
		return nil, col, why
	}
	r = Row{}
	flatten(r, "", obj, 0)
	return r, "", ""
}

func flatten(r Row, prefix string, obj map[string]json.RawMessage, depth int) {
	for k, raw := range obj {
		key := prefix + Key(k)
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		switch raw[0] {
		case '"':
			var s string
			if json.Unmarshal(raw, &s) == nil {
				r[key] = s
			}
		case 'n':
			r[key] = ""
		case '{':
			var sub map[string]json.RawMessage
			if depth < maxDepth && json.Unmarshal(raw, &sub) == nil {
				r[key] = string(raw)
				flatten(r, key, sub, depth+1)
			} else {
				r[key] = string(raw)
			}
		default:
			r[key] = string(raw)
		}
	}
}

// MaxCSVLine bounds one physical line of an inventory CSV export: the
// exports' rows are a few hundred bytes.
const MaxCSVLine = 1 << 20

// lineLimiter passes r through until a line is longer than max, then
// fails with a *lineTooLong: encoding/csv would hold the line whole.
type lineLimiter struct {
	r         io.Reader
	max       int
	line, run int // lines passed, and bytes of the current one
	err       error
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			l.line++
			l.run = 0
			continue
		}
		if l.run++; l.run > l.max {
			l.err = &lineTooLong{line: l.line + 1, max: l.max}
			return i, l.err
		}
	}
	return n, err
}

type lineTooLong struct{ line, max int }

func (e *lineTooLong) Error() string {
	return "line " + strconv.Itoa(e.line) + " is longer than the limit of " + strconv.Itoa(e.max) + " bytes"
}

// extractCSV reads a CSV export whose first record is its header.
func extractCSV(ctx context.Context, f mosaic.File, emit mosaic.Emitter, format Format, log *slog.Logger) error {
	file, err := f.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	began := time.Now()
	lines := &lineLimiter{r: file, max: MaxCSVLine}
	br := bufio.NewReaderSize(lines, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a short row is one reject, not the end
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return mosaic.Errorf(mosaic.EINVALID, "%s is not %s: its header cannot be read as CSV", f.Path, format.Name)
	}
	keys := make([]string, len(header))
	probe := Row{}
	for i, h := range header {
		keys[i] = Key(h)
		probe[keys[i]] = ""
	}
	if !format.Known(probe) {
		return mosaic.Errorf(mosaic.EINVALID, "%s is not %s: its header has none of the columns", f.Path, format.Name)
	}
	var accepted, rejected int
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var long *lineTooLong
		if errors.As(err, &long) {
			// encoding/csv holds a whole line: past the limit the rest
			// of the file is one reject, as after a quote left open.
			rejected++
			if err := emit.Reject(mosaic.Reject{File: f.Path, Line: long.line, Reason: long.Error() + "; the rest of the file was not read"}); err != nil {
				return err
			}
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The reader resumes after the broken record; a quote left
			// open swallows the rest of the file, which is then one reject.
			rejected++
			if err := emit.Reject(mosaic.Reject{File: f.Path, Line: pe.StartLine, Reason: "not valid CSV: " + pe.Err.Error()}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", f.Path)
		}
		line, _ := cr.FieldPos(0)
		d := csvRow(keys, rec, format, mosaic.Origin{File: f.Path, Line: line})
		if d.Reason != "" {
			rejected++
			if err := emit.Reject(mosaic.Reject{File: f.Path, Line: line, Column: d.Column, Reason: d.Reason}); err != nil {
				return err
			}
			continue
		}
		accepted++
		if len(d.Records) == 1 {
			err = emit.Accept(d.Records[0])
		} else {
			err = emit.AcceptMany(d.Records)
		}
		if err != nil {
			return err
		}
	}
	if log != nil {
		log.DebugContext(ctx, "inventory file read", "file", f.Path, "format", format.Name,
			"accepted", accepted, "rejected", rejected, "took", time.Since(began))
	}
	return nil
}

func csvRow(keys, rec []string, format Format, o mosaic.Origin) jsonrows.Decoded {
	if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(keys) > 1 {
		return jsonrows.Reject("", "the row is empty")
	}
	if len(rec) != len(keys) {
		return jsonrows.Reject("", "the row has "+strconv.Itoa(len(rec))+" fields, the header "+strconv.Itoa(len(keys)))
	}
	r := make(Row, len(keys))
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return jsonrows.Reject(keys[i], "invalid UTF-8 in column "+strconv.Itoa(i+1))
		}
		r[keys[i]] = v
	}
	return format.Decode(r, o)
}
