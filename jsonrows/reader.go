// Package jsonrows cuts JSON log exports into rows, one event each, for the
// readers of identity-provider logs that are not Okta's (entra, gworkspace,
// ecs). Exporters disagree on layout, so every layout is read the same way:
//
//   - JSON lines: one value per line (Azure diagnostic settings, Filebeat,
//     the Elastic inputs);
//   - a JSON array, or several one after another, compact or pretty-printed;
//   - values pretty-printed one after another (jq '.' output);
//   - API pages: an object whose array under a known key holds the events,
//     such as Microsoft Graph's {"value":[...],"@odata.nextLink":...},
//     Azure Event Hubs' {"records":[...]} or Google's Reports API
//     {"kind":"admin#reports#activities","items":[...]}. A page may fill a
//     line of its own or be pretty-printed over many.
//
// A row is only cut out here; the reader decodes and checks it. Where the
// file's own structure breaks (a JSON array missing a comma) the rest of the
// file is one reject, since there is no telling where the next event
// starts; a line cut short in JSON lines costs only that line.
//
// The Okta reader keeps its own, faster splitter: Okta logs are the bulk of
// a bundle, these sources are read with encoding/json.
package jsonrows

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strconv"
)

// DefaultMaxValue is the largest top-level value held in memory, in bytes:
// an API page of 1,000 Entra sign-ins pretty-printed is about 10 MB (the
// APIs give at most 1,000 events a page), an Event Hubs message at most
// 1 MB. A longer line or value is rejected with its length and skipped
// without being held.
const DefaultMaxValue = 64 << 20

// ErrNotJSON says a file does not start with a JSON object or array.
var ErrNotJSON = errors.New("not JSON: the file starts with neither '{' nor '['")

// Row is one event's bytes, or a problem the cutter found on its own.
type Row struct {
	Line   int    // 1-based physical line where the event starts
	Data   []byte // the event's JSON; valid until the next call to Next
	Reject string // set, with Data nil, when the file's structure broke here
}

// Options say how to find the events.
type Options struct {
	// PageKeys name the member of a top-level object whose array holds
	// the events of an API page ("value", "items", "records"). An object
	// with none of them is an event itself.
	PageKeys []string
	// MaxValue bounds a top-level value (an event or a whole page), in
	// bytes; 0 means DefaultMaxValue. A longer one is rejected and skipped
	// without being held in memory.
	MaxValue int
}

type layout int

const (
	layoutUnknown layout = iota
	layoutLines          // one value per line
	layoutValues         // arrays and values spread over lines
)

// Reader cuts a file into rows. It is not safe for concurrent use.
type Reader struct {
	r      *bufio.Reader
	opts   Options
	layout layout
	sniffd bool
	line   int // physical lines consumed so far
	done   bool

	// values layout: inside a top-level array, and whether an element is
	// due (after '[' or ',').
	inArray, elemDue bool

	buf   []byte // the current top-level value
	queue []Row  // rows cut from it, handed out in order
}

// sniffWindow is how much of a file the reader buffers: the first line is
// looked at in it to tell JSON lines from pretty-printed JSON.
const sniffWindow = 1 << 20

// NewReader returns a Reader of r.
func NewReader(r io.Reader, opts Options) *Reader {
	if opts.MaxValue <= 0 {
		opts.MaxValue = DefaultMaxValue
	}
	return &Reader{r: bufio.NewReaderSize(r, bufferSize(r)), opts: opts}
}

// bufferSize is the sniff window, or less for a file known to be smaller:
// a window allocated (and cleared) whole for every small file was most of
// the cost of reading one, and made fuzzing these readers crawl.
func bufferSize(r io.Reader) int {
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < sniffWindow {
			// One byte more than the file, so that a file of one line
			// is seen whole, as it is with the full window.
			return int(fi.Size()) + 1
		}
	}
	return sniffWindow
}

// Next returns the next row, or io.EOF after the last. ErrNotJSON means the
// file is some other format; any other error is a read error.
func (r *Reader) Next() (Row, error) {
	for {
		if len(r.queue) > 0 {
			row := r.queue[0]
			r.queue = r.queue[1:]
			return row, nil
		}
		if r.done {
			return Row{}, io.EOF
		}
		if !r.sniffd {
			if err := r.sniff(); err != nil {
				return Row{}, err
			}
			continue
		}
		var err error
		if r.layout == layoutLines {
			err = r.nextLine()
		} else {
			err = r.nextValue()
		}
		if err != nil {
			return Row{}, err
		}
	}
}

var isSpace = [256]bool{' ': true, '\t': true, '\r': true, '\n': true}

// sniff skips a byte order mark and white space and picks the layout: a
// first line that holds a whole JSON value means JSON lines; anything
// else (a lone "{", a pretty-printed page, an array) is read by brackets.
func (r *Reader) sniff() error {
	r.sniffd = true
	if b, _ := r.r.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		r.r.Discard(3)
	}
	for {
		c, err := r.r.ReadByte()
		if err == io.EOF {
			r.done = true
			return nil
		}
		if err != nil {
			return err
		}
		if c == '\n' {
			r.line++
		}
		if isSpace[c] {
			continue
		}
		r.r.UnreadByte()
		switch c {
		case '[':
			r.layout = layoutValues
		case '{':
			r.layout = layoutValues
			b, _ := r.r.Peek(r.r.Size())
			nl := bytes.IndexByte(b, '\n')
			if nl < 0 && len(b) < r.r.Size() {
				nl = len(b) // a file of one line
			}
			// A first line longer than the buffer is an event of JSON
			// lines: pretty-printed lines are short. Pretty-printing
			// breaks lines after an opening bracket, a comma or a colon;
			// a first line that ends otherwise without being a whole
			// value is an event cut short, and JSON lines keep the damage
			// to that line.
			if nl < 0 {
				r.layout = layoutLines
			} else if first := bytes.TrimSpace(b[:nl]); isValue(first) || !opensMore(first) {
				r.layout = layoutLines
			}
		default:
			r.done = true
			return ErrNotJSON
		}
		return nil
	}
}

// opensMore reports whether a line ends where pretty-printing breaks lines.
func opensMore(line []byte) bool {
	if len(line) == 0 {
		return true
	}
	switch line[len(line)-1] {
	case '{', '[', ',', ':':
		return true
	}
	return false
}

// isValue reports whether b is one whole JSON value, by brackets and
// strings only (the decoder checks the rest).
func isValue(b []byte) bool {
	end, ok := skipValue(b, 0)
	return ok && end == len(b)
}

// nextLine reads one line of JSON lines and queues its rows.
func (r *Reader) nextLine() error {
	r.buf = r.buf[:0]
	size, tooLong, ending := 0, false, 0
	for {
		chunk, err := r.r.ReadSlice('\n')
		size += len(chunk)
		ending = lineEnding(chunk)
		if !tooLong {
			if size > r.opts.MaxValue {
				tooLong, r.buf = true, r.buf[:0]
			} else {
				r.buf = append(r.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			r.done = true
			if size == 0 {
				return nil
			}
			break
		}
		if err != nil {
			return err
		}
		break
	}
	r.line++
	if tooLong {
		r.queue = append(r.queue, Row{Line: r.line, Reject: tooLongReason("line", size-ending, r.opts.MaxValue)})
		return nil
	}
	v := bytes.TrimSpace(r.buf)
	if len(v) == 0 {
		return nil // a blank line is not a row
	}
	r.queue = r.expand(r.queue, v, r.line, 0)
	return nil
}

// lineEnding is the length of the "\n" or "\r\n" that ends chunk.
func lineEnding(chunk []byte) int {
	switch {
	case bytes.HasSuffix(chunk, []byte("\r\n")):
		return 2
	case bytes.HasSuffix(chunk, []byte("\n")):
		return 1
	}
	return 0
}

func tooLongReason(what string, size, max int) string {
	return what + " of " + strconv.Itoa(size) + " bytes is longer than the limit of " + strconv.Itoa(max) + " bytes"
}

// nextValue reads the next top-level value of the values layout, walking
// through the brackets and commas of top-level arrays, and queues its rows.
func (r *Reader) nextValue() error {
	for {
		c, err := r.skipSpace()
		if err == io.EOF {
			r.done = true
			if r.inArray {
				r.queue = append(r.queue, Row{Line: r.line + 1, Reject: "JSON array cut short: the file ends before its closing ']'"})
			}
			return nil
		}
		if err != nil {
			return err
		}
		if !r.inArray {
			switch c {
			case '[':
				r.r.ReadByte()
				r.inArray, r.elemDue = true, true
				continue
			case '{':
				return r.value()
			}
			return r.brokenRest("unexpected data between JSON values")
		}
		switch {
		case c == ']':
			// "[]" is an empty page; "[{...},]" a trailing comma, which is
			// forgiven.
			r.r.ReadByte()
			r.inArray = false
			continue
		case c == ',':
			if r.elemDue {
				return r.brokenRest("JSON array broken: expected a value")
			}
			r.r.ReadByte()
			r.elemDue = true
			continue
		case !r.elemDue:
			return r.brokenRest("JSON array broken: expected ',' or ']' after an element")
		}
		r.elemDue = false
		return r.value()
	}
}

// skipSpace consumes white space, counting lines, and peeks at the next byte.
func (r *Reader) skipSpace() (byte, error) {
	for {
		c, err := r.r.ReadByte()
		if err != nil {
			return 0, err
		}
		if !isSpace[c] {
			r.r.UnreadByte()
			return c, nil
		}
		if c == '\n' {
			r.line++
		}
	}
}

// brokenRest rejects the rest of the file as one row.
func (r *Reader) brokenRest(why string) error {
	line := r.line + 1
	r.done = true
	if _, err := io.Copy(io.Discard, r.r); err != nil {
		return err
	}
	r.queue = append(r.queue, Row{Line: line, Reject: why + " at line " + strconv.Itoa(line) + "; the rest of the file was not read"})
	return nil
}

// value copies one value to r.buf, following strings and brackets to its
// end, and queues its rows. A scalar ends at a delimiter, which is left for
// the caller. The end of the file inside a value ends the value: the
// decoder then says it is cut short.
func (r *Reader) value() error {
	r.buf = r.buf[:0]
	start := r.line + 1
	size, depth := 0, 0
	inString, escaped, tooLong := false, false, false
	for {
		c, err := r.r.ReadByte()
		if err == io.EOF {
			r.done = true
			break
		}
		if err != nil {
			return err
		}
		if depth == 0 && !inString && size > 0 && (c == ',' || c == ']' || isSpace[c]) {
			r.r.UnreadByte() // the end of a scalar element
			break
		}
		size++
		if !tooLong {
			if size > r.opts.MaxValue {
				tooLong, r.buf = true, r.buf[:0]
			} else {
				r.buf = append(r.buf, c)
			}
		}
		if c == '\n' {
			r.line++
		}
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		if depth == 0 && (c == '}' || c == ']') {
			break
		}
	}
	if tooLong {
		r.queue = append(r.queue, Row{Line: start, Reject: tooLongReason("value", size, r.opts.MaxValue)})
		return nil
	}
	r.queue = r.expand(r.queue, r.buf, start, 0)
	return nil
}

// maxNesting bounds how deep pages may nest (an array of pages, each
// holding events); deeper arrays are rows the decoder rejects.
const maxNesting = 2

// expand queues the rows of one value that starts on line: the elements of
// an array or of a page, or the value itself.
func (r *Reader) expand(q []Row, v []byte, line, nesting int) []Row {
	if nesting <= maxNesting && len(v) > 0 {
		switch v[0] {
		case '[':
			return r.elements(q, v, 0, line, nesting)
		case '{':
			if at, ok := pageArray(v, r.opts.PageKeys); ok {
				return r.elements(q, v, at, line+bytes.Count(v[:at], nl), nesting)
			}
		}
	}
	return append(q, Row{Line: line, Data: v})
}

var nl = []byte{'\n'}

// elements queues the elements of the array at v[at:], whose '[' is on
// line. An element that never ends (the file was cut short) is queued as
// it is, for the decoder to reject, and ends the array.
func (r *Reader) elements(q []Row, v []byte, at, line, nesting int) []Row {
	i := at + 1
	for {
		j := skipSpace(v, i)
		line += bytes.Count(v[i:j], nl)
		i = j
		if i >= len(v) {
			return append(q, Row{Line: line, Reject: "JSON array cut short: it ends before its closing ']'"})
		}
		if v[i] == ']' {
			return q
		}
		end, ok := skipValue(v, i)
		if !ok {
			// Cut short inside the element: the decoder says so.
			return append(q, Row{Line: line, Data: v[i:]})
		}
		q = r.expand(q, v[i:end], line, nesting+1)
		line += bytes.Count(v[i:end], nl)
		i = skipSpace(v, end)
		line += bytes.Count(v[end:i], nl)
		switch {
		case i >= len(v):
			return append(q, Row{Line: line, Reject: "JSON array cut short: it ends before its closing ']'"})
		case v[i] == ',':
			i++
		case v[i] == ']':
			return q
		default:
			return append(q, Row{Line: line, Reject: "JSON array broken: expected ',' or ']' after an element at line " +
				strconv.Itoa(line) + "; the rest of the array was not read"})
		}
	}
}

func skipSpace(v []byte, i int) int {
	for i < len(v) && isSpace[v[i]] {
		i++
	}
	return i
}

// skipValue finds the end of the value at v[i] by its strings and
// brackets; ok is false when v ends first.
func skipValue(v []byte, i int) (end int, ok bool) {
	if i >= len(v) {
		return i, false
	}
	switch v[i] {
	case '"':
		for j := i + 1; j < len(v); j++ {
			switch v[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			}
		}
		return len(v), false
	case '{', '[':
		depth := 0
		for j := i; j < len(v); j++ {
			switch v[j] {
			case '"':
				e, ok := skipValue(v, j)
				if !ok {
					return len(v), false
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1, true
				}
			}
		}
		return len(v), false
	}
	j := i
	for j < len(v) && !isSpace[v[j]] && v[j] != ',' && v[j] != ']' && v[j] != '}' {
		j++
	}
	return j, true
}

// pageArray looks through the members of the object v for one of keys
// holding an array, and returns where that array starts. It reads keys
// as written: the page keys of the APIs need no escapes.
func pageArray(v []byte, keys []string) (int, bool) {
	if len(keys) == 0 {
		return 0, false
	}
	i := skipSpace(v, 1)
	for i < len(v) && v[i] == '"' {
		end, ok := skipValue(v, i)
		if !ok {
			return 0, false
		}
		key := v[i+1 : end-1]
		i = skipSpace(v, end)
		if i >= len(v) || v[i] != ':' {
			return 0, false
		}
		i = skipSpace(v, i+1)
		if i < len(v) && v[i] == '[' {
			for _, k := range keys {
				if string(key) == k {
					return i, true
				}
			}
		}
		if i, ok = skipValue(v, i); !ok {
			return 0, false
		}
		i = skipSpace(v, i)
		if i >= len(v) || v[i] != ',' {
			return 0, false
		}
		i = skipSpace(v, i+1)
	}
	return 0, false
}
