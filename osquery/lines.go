package osquery

import (
	"bufio"
	"io"
	"strconv"
)

// lineReader yields the non-blank lines of a file with their physical line
// numbers. A line longer than max is reported, not returned, and is skipped
// without being held in memory: bufio hands it over in pieces that are
// dropped once the limit is passed.
type lineReader struct {
	r    *bufio.Reader
	max  int
	line int
	buf  []byte
}

// next returns the next line (without its line break) and its number; for
// an overlong line, tooLong holds its size and text is nil. io.EOF ends.
func (l *lineReader) next() (text []byte, line int, tooLong int, err error) {
	for {
		l.line++
		l.buf = l.buf[:0]
		total, size, over := 0, 0, false
		for {
			chunk, err := l.r.ReadSlice('\n')
			total += len(chunk)
			size = total - lineBreak(chunk)
			if !over {
				if size > l.max {
					over = true
					l.buf = l.buf[:0]
				} else {
					l.buf = append(l.buf, chunk...)
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				if total == 0 {
					return nil, l.line, 0, io.EOF
				}
				break
			}
			if err != nil {
				return nil, l.line, 0, err
			}
			break
		}
		if over {
			return nil, l.line, size, nil
		}
		text = trimSpace(l.buf)
		if len(text) == 0 {
			continue // a blank line is not a row
		}
		return text, l.line, 0, nil
	}
}

func lineBreak(chunk []byte) int {
	n := 0
	if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
		n++
		if len(chunk) > 1 && chunk[len(chunk)-2] == '\r' {
			n++
		}
	}
	return n
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func tooLongReason(size, max int) string {
	return "line of " + strconv.Itoa(size) + " bytes is longer than the limit of " + strconv.Itoa(max) + " bytes"
}
