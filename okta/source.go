package okta

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
)

// A source cuts a file into rows. next appends the next row's bytes to buf
// and returns the grown buffer and the row; io.EOF ends the file.
type source interface {
	next(buf []byte) ([]byte, row, error)
}

// layout is how a file holds its events.
type layout int

const (
	layoutEmpty    layout = iota
	layoutLines           // JSON lines: one object per line
	layoutArray           // a JSON array, as one page of GET /api/v1/logs
	layoutSequence        // objects one after another, pretty-printed (jq . output)
	layoutUnknown
)

// sniff looks at the first bytes of r without consuming any event, skipping
// a UTF-8 byte order mark and leading white space. skippedLines counts the
// newlines it consumed, so sources can number lines from where it left off.
func sniff(r *bufio.Reader) (l layout, skippedLines int, err error) {
	if b, _ := r.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		r.Discard(3)
	}
	for {
		b, err := r.Peek(r.Size())
		if len(b) == 0 {
			if err == io.EOF {
				return layoutEmpty, skippedLines, nil
			}
			return layoutUnknown, skippedLines, err
		}
		i := 0
		for i < len(b) && isSpace[b[i]] {
			if b[i] == '\n' {
				skippedLines++
			}
			i++
		}
		if i == len(b) {
			// All white space so far: drop it and look further.
			r.Discard(i)
			continue
		}
		r.Discard(i)
		b = b[i:]
		switch b[0] {
		case '[':
			return layoutArray, skippedLines, nil
		case '{':
			// A lone "{" on the first line means one object spread over
			// many lines; otherwise the first line holds a whole object.
			rest := b[1:]
			if nl := bytes.IndexByte(rest, '\n'); nl >= 0 && len(bytes.TrimSpace(rest[:nl])) == 0 {
				return layoutSequence, skippedLines, nil
			}
			return layoutLines, skippedLines, nil
		}
		return layoutUnknown, skippedLines, nil
	}
}

// lineSource reads JSON lines. A line longer than max is rejected and
// skipped without being held in memory: bufio hands it over in pieces that
// are dropped once the limit is passed.
type lineSource struct {
	r    *bufio.Reader
	max  int
	line int
}

func (s *lineSource) next(buf []byte) ([]byte, row, error) {
	for {
		start := len(buf)
		s.line++
		total, size, tooLong := 0, 0, false
		for {
			chunk, err := s.r.ReadSlice('\n')
			total += len(chunk)
			size = total - trailingNewline(chunk)
			if !tooLong {
				if size > s.max {
					tooLong = true
					buf = buf[:start]
				} else {
					buf = append(buf, chunk...)
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				if total == 0 {
					return buf, row{}, io.EOF
				}
				break
			}
			if err != nil {
				return buf[:start], row{}, err
			}
			break
		}
		if tooLong {
			return buf, row{line: s.line, reject: tooLongReason("line", size, s.max)}, nil
		}
		end := len(buf)
		for end > start && isSpace[buf[end-1]] {
			end--
		}
		first := start
		for first < end && isSpace[buf[first]] {
			first++
		}
		if first == end {
			buf = buf[:start] // a blank line is not a row
			continue
		}
		return buf, row{line: s.line, start: first, end: end}, nil
	}
}

func trailingNewline(chunk []byte) int {
	n := 0
	if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
		n++
		if len(chunk) > 1 && chunk[len(chunk)-2] == '\r' {
			n++
		}
	}
	return n
}

func tooLongReason(what string, size, max int) string {
	return what + " of " + strconv.Itoa(size) + " bytes is longer than the limit of " + strconv.Itoa(max) + " bytes"
}

// valueSource reads the elements of a JSON array (or, in sequence mode,
// objects one after another) that may span lines. It only finds where each
// element ends, following strings and brackets; the decoder then checks
// the element fully. Because element bounds do not depend on the
// element's contents being valid, one bad element does not lose the rest.
type valueSource struct {
	r        *bufio.Reader
	max      int
	line     int // the physical line the reader is on
	sequence bool
	state    valueState
}

type valueState int

const (
	stateOpen    valueState = iota // before the '[' of a page
	stateFirst                     // after '[': an element or ']'
	stateElement                   // after ',': an element
	stateSep                       // after an element: ',' or ']'
	stateBetween                   // after ']': another page or the end
	stateDone
)

func (s *valueSource) next(buf []byte) ([]byte, row, error) {
	for {
		c, err := s.skipSpace()
		if err == io.EOF {
			switch s.state {
			case stateBetween, stateDone:
				return buf, row{}, io.EOF
			case stateOpen:
				if s.sequence {
					return buf, row{}, io.EOF
				}
			}
			s.state = stateDone
			return buf, row{line: s.line, reject: "JSON array cut short: the file ends before its closing ']'"}, nil
		}
		if err != nil {
			return buf, row{}, err
		}
		if c == ',' || c == '}' || c == ':' || (c == ']' && s.sequence) {
			if s.sequence || s.state == stateFirst || s.state == stateElement {
				return s.brokenRest(buf, "JSON broken: expected a value")
			}
		}
		if s.sequence {
			return s.element(buf)
		}
		switch s.state {
		case stateOpen, stateBetween:
			if c != '[' {
				return s.brokenRest(buf, "unexpected data after the JSON array")
			}
			s.r.ReadByte()
			s.state = stateFirst
		case stateFirst, stateElement:
			if c == ']' {
				// "[]" is an empty page; "[1,]" a trailing comma, which
				// we forgive.
				s.r.ReadByte()
				s.state = stateBetween
				continue
			}
			s.state = stateSep
			return s.element(buf)
		case stateSep:
			s.r.ReadByte()
			switch c {
			case ',':
				s.state = stateElement
			case ']':
				s.state = stateBetween
			default:
				return s.brokenRest(buf, "JSON array broken: expected ',' or ']' after an element")
			}
		case stateDone:
			return buf, row{}, io.EOF
		}
	}
}

// brokenRest rejects everything from here to the end of the file as one
// row: inside a broken array there is no telling where the next element
// starts.
func (s *valueSource) brokenRest(buf []byte, why string) ([]byte, row, error) {
	line := s.line
	s.state = stateDone
	for {
		if _, err := s.r.Discard(s.r.Buffered() + 1); err != nil {
			if err == io.EOF {
				break
			}
			return buf, row{}, err
		}
	}
	return buf, row{line: line, reject: why + " at line " + strconv.Itoa(line) + "; the rest of the file was not read"}, nil
}

// skipSpace consumes white space, counting lines, and peeks at the next byte.
func (s *valueSource) skipSpace() (byte, error) {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return 0, err
		}
		if !isSpace[c] {
			s.r.UnreadByte()
			return c, nil
		}
		if c == '\n' {
			s.line++
		}
	}
}

// Bytes that may change the splitter's state inside a string, and inside
// an object or array outside strings. Read-only after init.
var stringStop, nestedStop [256]bool

func init() {
	for _, c := range "\"\\\n" {
		stringStop[c] = true
	}
	for _, c := range "\"{}[]\n" {
		nestedStop[c] = true
	}
}

// element copies one JSON value to buf, following strings and brackets to
// find its end. A value over the size limit is followed to its end without
// being kept.
func (s *valueSource) element(buf []byte) ([]byte, row, error) {
	start, line := len(buf), s.line
	size, depth := 0, 0
	inString, escaped, tooLong := false, false, false
	for {
		chunk, err := s.r.Peek(1)
		if len(chunk) == 0 {
			if err == io.EOF {
				s.state = stateDone
				if tooLong {
					return buf[:start], row{line: line, reject: tooLongReason("element", size, s.max)}, nil
				}
				return buf, row{line: line, start: start, end: len(buf)}, nil // the decoder says it is cut short
			}
			return buf[:start], row{}, err
		}
		chunk, _ = s.r.Peek(s.r.Buffered())
		i, done := 0, false
		for ; i < len(chunk) && !done; i++ {
			// Skip runs of bytes that cannot change the state.
			switch {
			case inString && !escaped:
				for i < len(chunk) && !stringStop[chunk[i]] {
					i++
				}
			case !inString && depth > 0:
				for i < len(chunk) && !nestedStop[chunk[i]] {
					i++
				}
			}
			if i == len(chunk) {
				break
			}
			c := chunk[i]
			if c == '\n' {
				s.line++
			}
			switch {
			case inString:
				switch {
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
					done = depth == 0
				}
			case c == '"':
				inString = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				done = depth <= 0
				if depth < 0 {
					// A scalar element ended by the array's ']': leave
					// the ']' for the caller.
					i--
				}
			case depth == 0 && (c == ',' || isSpace[c]):
				// End of a scalar element; leave the delimiter.
				done = true
				i--
				if c == '\n' {
					s.line--
				}
			}
		}
		size += i
		if !tooLong && size > s.max {
			tooLong = true
			buf = buf[:start]
		}
		if !tooLong {
			buf = append(buf, chunk[:i]...)
		}
		s.r.Discard(i)
		if done {
			if tooLong {
				return buf[:start], row{line: line, reject: tooLongReason("element", size, s.max)}, nil
			}
			return buf, row{line: line, start: start, end: len(buf)}, nil
		}
	}
}
