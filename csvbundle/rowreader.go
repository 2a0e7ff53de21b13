package csvbundle

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// maxRowBytes bounds one CSV row. No honest export has rows near this size; a
// longer one is broken (an unclosed quote swallowing the file) or hostile,
// and holding it would let a single file exhaust memory.
const maxRowBytes = 1 << 20

// readBufferSize is the bufio buffer: large enough that most rows are split
// straight out of it, small enough not to matter on a shared machine.
const readBufferSize = 64 << 10

// Quoting problems: the row's bytes cannot be trusted, so it is rejected.
const (
	problemTextAfterQuote = "has text after its closing quote; a quote inside a quoted value must be doubled (\"\")"
	problemUnclosedQuote  = "starts with a quote that is never closed; the lines after it were read again as rows of their own"
	// problemUnclosedToEnd is for a row too long to read again: the lines
	// after it are part of this one rejected row.
	problemUnclosedToEnd = "starts with a quote that is never closed, so the rest of the file was read as part of this row"
	problemEOFByte       = "holds only the DOS end-of-file byte (0x1A), yet more lines follow it (were two files joined?)"
)

// rewindBudgetRows bounds the bytes read again after unclosed quotes, as a
// multiple of the row limit: every re-read is at most one row long, but a
// hostile file whose every line opens a quote would otherwise be read again
// once per line.
const rewindBudgetRows = 8

// scanState is where the splitter stands inside a row.
type scanState uint8

const (
	atFieldStart scanState = iota // nothing of the current field read yet
	inUnquoted                    // inside a field that did not start with a quote
	inQuoted                      // inside a quoted field
	atQuote                       // just read a quote inside a quoted field: an escaped quote or the end
)

// row is one CSV record as read, before any meaning is given to it.
type row struct {
	line     int      // physical line where the row starts (header = 1)
	fields   []string // valid until the next call to next; nil when tooLong
	tooLong  bool     // the row had more than maxRowBytes and was skipped
	problem  string   // a quoting problem, "" when the row is well formed
	badField int      // index of the field with the problem
}

// rowReader splits RFC 4180 rows out of a stream without ever holding more
// than maxRowBytes of one row. encoding/csv cannot do that: it reads a whole
// record before it can be asked how long it is, so a 100 MB line would be
// held in full. The rules follow encoding/csv otherwise: CRLF inside a quoted
// field becomes LF, blank lines are skipped, and a quote inside an unquoted
// field is kept as it is (exports write 27" monitor), which encoding/csv
// calls LazyQuotes.
type rowReader struct {
	br      *bufio.Reader
	max     int
	bufSize int

	line int // physical lines fully consumed so far

	// State of the row being read.
	state    scanState
	rowLine  int
	size     int  // raw bytes of the row consumed so far
	started  bool // some byte of the row has been seen
	tooLong  bool
	nfields  int
	problem  string
	badField int

	buf    []byte   // unescaped bytes of the row's fields; bounded by max
	ends   []int    // end offset in buf of each field
	fields []string // reused between rows

	// What an unclosed quote needs to end the row after its first line
	// and read the lines after it again: where the first line's fields
	// end, and where the line after it starts. A seekable input (a file)
	// is read again from there; any other keeps the raw bytes after the
	// first line (at most max, since the row is).
	firstLineDone bool
	firstTooLong  bool
	firstBuf      int
	firstEnds     int
	firstFields   int
	firstEnd      int64 // offset in the input after the first line
	seeker        io.ReadSeeker
	base          int64 // the seeker's position when reading began
	offset        int64 // bytes taken from the input so far
	raw           []byte
	rewindBudget  int64
}

func newRowReader(r io.Reader, max int) *rowReader {
	return newRowReaderSize(r, max, readBufferSize)
}

// newRowReaderSize lets tests use a tiny buffer, so that rows, quotes and
// CRLFs straddle buffer boundaries.
func newRowReaderSize(r io.Reader, max, bufSize int) *rowReader {
	rr := &rowReader{max: max, bufSize: bufSize, rewindBudget: rewindBudgetRows * int64(max)}
	if rs, ok := r.(io.ReadSeeker); ok {
		// A pipe is an *os.File too, but cannot seek.
		if pos, err := rs.Seek(0, io.SeekCurrent); err == nil {
			rr.seeker, rr.base = rs, pos
		}
	}
	br := bufio.NewReaderSize(r, bufSize)
	// A UTF-8 byte order mark is what Excel writes first; it is not part of
	// the first column's name.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
		rr.offset = 3
	}
	rr.br = br
	return rr
}

// next returns the next row, or io.EOF when there is none. Any other error
// comes from the underlying reader.
func (r *rowReader) next() (row, error) {
	for {
		rw, err := r.readRow()
		if err != nil {
			return row{}, err
		}
		// DOS tools end a file with an EOF byte (0x1A) on its own line;
		// it is not a row. The same line with more after it is not an end
		// of file, and is rejected rather than dropped unseen.
		if len(rw.fields) == 1 && rw.fields[0] == "\x1a" && rw.problem == "" {
			if r.restIsBlank() {
				continue
			}
			rw.problem, rw.badField = problemEOFByte, 0
		}
		return rw, nil
	}
}

// restIsBlank reports whether nothing but line ends is left to read. As in
// encoding/csv, a line end is "\n" or "\r\n", and a "\r" only at the very
// end; any other "\r" is part of a row. It only peeks; past a buffer full of
// line ends it answers no.
func (r *rowReader) restIsBlank() bool {
	for n := 1; ; n++ {
		b, err := r.br.Peek(n)
		if len(b) == n && b[n-1] != '\r' && b[n-1] != '\n' {
			return false
		}
		if len(b) == n && n >= 2 && b[n-2] == '\r' && b[n-1] != '\n' {
			return false // a "\r" that ends no line
		}
		if err != nil {
			return errors.Is(err, io.EOF)
		}
	}
}

func (r *rowReader) readRow() (row, error) {
	r.reset()
	pendingCR := false
	for {
		chunk, err := r.br.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) && !errors.Is(err, io.EOF) {
			return row{}, err
		}
		r.grow(len(chunk))
		r.offset += int64(len(chunk))
		if r.firstLineDone && r.seeker == nil && !r.tooLong {
			r.raw = append(r.raw, chunk...)
		}
		wasFirstLineDone := r.firstLineDone

		if pendingCR {
			pendingCR = false
			// The CR that ended the previous chunk is data unless this
			// chunk is the LF of a CRLF or the end of the file.
			if len(chunk) > 0 && (len(chunk) != 1 || chunk[0] != '\n') {
				r.consume([]byte{'\r'}, false)
			}
		}

		body, eol := chunk, false
		if n := len(body); n > 0 && body[n-1] == '\n' {
			body, eol = body[:n-1], true
			if n := len(body); n > 0 && body[n-1] == '\r' {
				body = body[:n-1]
			}
		} else if n > 0 && body[n-1] == '\r' {
			// A CRLF may be split across two chunks; at the end of the
			// file a last CR is dropped, as encoding/csv does.
			body, pendingCR = body[:n-1], errors.Is(err, bufio.ErrBufferFull)
		}

		done := r.consume(body, eol)
		if !wasFirstLineDone && r.firstLineDone {
			r.firstEnd = r.offset
		}
		if done {
			return r.finish(), nil
		}
		if errors.Is(err, io.EOF) {
			if !r.started {
				return row{}, io.EOF
			}
			if r.state == inQuoted {
				if r.rewind() {
					return r.finish(), nil
				}
				r.flag(problemUnclosedToEnd)
			}
			r.endField()
			return r.finish(), nil
		}
	}
}

// rewind handles a quote still open at the end of the file. encoding/csv
// would reject the whole rest of the file as one row; here the row ends
// with its first line, rejected, and the lines after it are read again, so
// every physical row is accepted or rejected on its own. It reports false
// when the row cannot be read again (too long, or the budget is spent).
func (r *rowReader) rewind() bool {
	again := r.offset - r.firstEnd
	if !r.firstLineDone || again > r.rewindBudget || (r.seeker == nil && r.tooLong && again > 0) {
		return false
	}
	if r.seeker == nil {
		// The input is at its end: what is left to read is raw, and
		// the reader of it can seek for the next rewind.
		rest := bytes.NewReader(bytes.Clone(r.raw))
		r.seeker, r.base, r.firstEnd, r.offset = rest, 0, 0, 0
	}
	if _, err := r.seeker.Seek(r.base+r.firstEnd, io.SeekStart); err != nil {
		return false
	}
	r.rewindBudget -= again
	r.offset = r.firstEnd
	r.br.Reset(r.seeker)
	// The row ends with its first line. Past the limit, grow emptied buf
	// and ends but left their arrays alone, and nothing was kept since:
	// the first line's bytes are still there to slice.
	r.tooLong = r.firstTooLong
	if !r.tooLong {
		r.buf, r.ends = r.buf[:r.firstBuf], r.ends[:r.firstEnds]
	}
	r.nfields = r.firstFields
	r.flag(problemUnclosedQuote)
	r.endField()
	r.line = r.rowLine
	return true
}

func (r *rowReader) reset() {
	r.state = atFieldStart
	r.rowLine = r.line + 1
	r.size = 0
	r.started = false
	r.tooLong = false
	r.nfields = 0
	r.problem = ""
	r.badField = 0
	r.buf = r.buf[:0]
	r.ends = r.ends[:0]
	r.firstLineDone = false
	r.raw = r.raw[:0]
}

// grow accounts for n more raw bytes of the row and, past the limit, drops
// what was kept: the rest of the row is only scanned for its end.
func (r *rowReader) grow(n int) {
	r.size += n
	if !r.tooLong && r.size > r.max {
		r.tooLong = true
		r.buf = r.buf[:0]
		r.ends = r.ends[:0]
	}
}

// consume feeds one piece of a physical line to the state machine. body
// holds no line end; eol says the line ended right after it. It reports
// whether the row is complete.
func (r *rowReader) consume(body []byte, eol bool) bool {
	if eol && len(body) == 0 && !r.started {
		// A blank line between rows is no row at all, and no part of
		// the next row's size.
		r.line++
		r.rowLine = r.line + 1
		r.size = 0
		return false
	}
	if len(body) > 0 {
		r.started = true
	}
	for i := 0; i < len(body); {
		switch r.state {
		case atFieldStart:
			if body[i] == '"' {
				r.state = inQuoted
				i++
				continue
			}
			r.state = inUnquoted
		case inUnquoted:
			j := bytes.IndexByte(body[i:], ',')
			if j < 0 {
				r.keep(body[i:])
				i = len(body)
				continue
			}
			r.keep(body[i : i+j])
			r.endField()
			r.state = atFieldStart
			i += j + 1
		case inQuoted:
			j := bytes.IndexByte(body[i:], '"')
			if j < 0 {
				r.keep(body[i:])
				i = len(body)
				continue
			}
			r.keep(body[i : i+j])
			r.state = atQuote
			i += j + 1
		case atQuote:
			switch body[i] {
			case '"':
				r.keep(body[i : i+1])
				r.state = inQuoted
			case ',':
				r.endField()
				r.state = atFieldStart
			default:
				// "abc"x: read on as if unquoted so the row still ends
				// where it should, but do not trust it.
				r.flag(problemTextAfterQuote)
				r.keep(body[i : i+1])
				r.state = inUnquoted
			}
			i++
		}
	}
	if !eol {
		return false
	}
	r.line++
	r.started = true
	if r.state == inQuoted {
		if !r.firstLineDone {
			r.firstLineDone = true
			r.firstTooLong = r.tooLong
			r.firstBuf, r.firstEnds, r.firstFields = len(r.buf), len(r.ends), r.nfields
		}
		r.keep([]byte{'\n'})
		return false
	}
	r.endField()
	return true
}

func (r *rowReader) keep(b []byte) {
	if !r.tooLong {
		r.buf = append(r.buf, b...)
	}
}

func (r *rowReader) endField() {
	r.nfields++
	if !r.tooLong {
		r.ends = append(r.ends, len(r.buf))
	}
}

// flag records the first quoting problem of the row and the field it is in.
func (r *rowReader) flag(problem string) {
	if r.problem == "" {
		r.problem = problem
		r.badField = r.nfields
	}
}

func (r *rowReader) finish() row {
	rw := row{line: r.rowLine, tooLong: r.tooLong, problem: r.problem, badField: r.badField}
	if r.tooLong {
		return rw
	}
	// One string per row, fields sliced out of it: one allocation instead
	// of one per field.
	s := string(r.buf)
	r.fields = r.fields[:0]
	prev := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, s[prev:end])
		prev = end
	}
	rw.fields = r.fields
	return rw
}
