package okta

import (
	"encoding/binary"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// The scanner is a validating JSON parser that keeps only the values mosaic
// reads. A LogEvent is about 1.4 KB of which mosaic uses a tenth; walking the
// bytes once, checking every token and remembering where the wanted values
// sit, is several times faster than decoding the whole object with
// encoding/json, and it still rejects any line that is not valid JSON.

// Kinds of remembered values.
const (
	kindAbsent byte = iota
	kindString
	kindNumber
	kindTrue
	kindFalse
	kindNull
	kindOther // object or array
)

// span is where a remembered value sits in the scanned bytes. For strings
// it excludes the quotes; esc says the string holds escapes to decode.
type span struct {
	kind       byte
	esc        bool
	start, end int
}

// maxDepth bounds nesting so hostile input like [[[[... cannot exhaust the
// stack. Real LogEvents nest about six levels.
const maxDepth = 200

// scanError says what is wrong with the input, without quoting it: the
// input can hold personal data and reasons end up in a rejects file.
type scanError struct {
	cutShort bool
	at       int // 1-based byte position of the problem
	expected string
}

func (e *scanError) reason(length int) string {
	if e.cutShort {
		return "JSON cut short at byte " + strconv.Itoa(length)
	}
	return "invalid JSON at byte " + strconv.Itoa(e.at) + ": " + e.expected
}

type scanner struct {
	buf   []byte
	pos   int
	depth int
	err   *scanError
	errv  scanError
	vals  [numSlots]span
	// keyBuf holds a decoded key that had escapes, for matching.
	keyBuf []byte
}

// charClass tables. Read-only after init.
var (
	isSpace  [256]bool
	strPlain [256]bool // bytes that need no attention inside a string
	isDigit  [256]bool
	isHex    [256]bool
)

func init() {
	for _, c := range " \t\r\n" {
		isSpace[c] = true
	}
	for c := 0x20; c < 256; c++ {
		strPlain[c] = c != '"' && c != '\\'
	}
	for c := '0'; c <= '9'; c++ {
		isDigit[c] = true
		isHex[c] = true
	}
	for c := 'a'; c <= 'f'; c++ {
		isHex[c] = true
		isHex[c-'a'+'A'] = true
	}
}

// scan parses buf as one JSON value and remembers the wanted values. It
// returns false with s.err set when buf is not valid JSON. isObject reports
// whether the value was an object (the only kind a LogEvent can be).
func (s *scanner) scan(buf []byte, root *pathNode) (isObject, ok bool) {
	s.buf, s.pos, s.depth, s.err = buf, 0, 0, nil
	s.vals = [numSlots]span{}
	s.skipSpace()
	if s.pos < len(s.buf) && s.buf[s.pos] == '{' {
		isObject = true
		if !s.object(root) {
			return true, false
		}
	} else if !s.value(nil) {
		return false, false
	}
	s.skipSpace()
	if s.pos < len(s.buf) {
		return isObject, s.fail("unexpected data after the JSON value")
	}
	return isObject, true
}

func (s *scanner) skipSpace() {
	if s.pos < len(s.buf) && s.buf[s.pos] > ' ' {
		return // compact JSON: nothing to skip, and no table lookup
	}
	for s.pos < len(s.buf) && isSpace[s.buf[s.pos]] {
		s.pos++
	}
}

func (s *scanner) fail(expected string) bool {
	if s.pos >= len(s.buf) {
		s.errv = scanError{cutShort: true, at: len(s.buf)}
	} else {
		s.errv = scanError{at: s.pos + 1, expected: expected}
	}
	s.err = &s.errv
	return false
}

// value parses any JSON value at s.pos. f is the wanted field the value
// belongs to, or nil when nothing in it is wanted.
func (s *scanner) value(f *pathField) bool {
	if s.pos >= len(s.buf) {
		return s.fail("expected a value")
	}
	start := s.pos
	switch c := s.buf[s.pos]; c {
	case '{':
		var n *pathNode
		if f != nil {
			n = f.obj
		}
		if !s.object(n) {
			return false
		}
		s.remember(f, kindOther, start, s.pos, false)
	case '[':
		var first *pathField
		if f != nil {
			first = f.first
		}
		if !s.array(first) {
			return false
		}
		s.remember(f, kindOther, start, s.pos, false)
	case '"':
		a, b, esc, ok := s.str()
		if !ok {
			return false
		}
		s.remember(f, kindString, a, b, esc)
	case 't':
		if !s.literal("true") {
			return false
		}
		s.remember(f, kindTrue, start, s.pos, false)
	case 'f':
		if !s.literal("false") {
			return false
		}
		s.remember(f, kindFalse, start, s.pos, false)
	case 'n':
		if !s.literal("null") {
			return false
		}
		s.remember(f, kindNull, start, s.pos, false)
	default:
		if c != '-' && !isDigit[c] {
			return s.fail("expected a value")
		}
		if !s.number() {
			return false
		}
		s.remember(f, kindNumber, start, s.pos, false)
	}
	return true
}

func (s *scanner) remember(f *pathField, kind byte, start, end int, esc bool) {
	if f != nil && f.slot >= 0 {
		s.vals[f.slot] = span{kind: kind, esc: esc, start: start, end: end}
	}
}

func (s *scanner) object(n *pathNode) bool {
	if s.depth++; s.depth > maxDepth {
		return s.fail("nested too deep")
	}
	s.pos++ // '{'
	s.skipSpace()
	if s.pos < len(s.buf) && s.buf[s.pos] == '}' {
		s.pos++
		s.depth--
		return true
	}
	for {
		if s.pos >= len(s.buf) || s.buf[s.pos] != '"' {
			return s.fail("expected a string key in object")
		}
		a, b, esc, ok := s.str()
		if !ok {
			return false
		}
		var f *pathField
		if n != nil {
			key := s.buf[a:b]
			if esc {
				s.keyBuf = appendUnescaped(s.keyBuf[:0], key)
				key = s.keyBuf
			}
			f = n.find(key)
		}
		s.skipSpace()
		if s.pos >= len(s.buf) || s.buf[s.pos] != ':' {
			return s.fail("expected ':' after object key")
		}
		s.pos++
		s.skipSpace()
		if !s.value(f) {
			return false
		}
		if done, ok := s.next('}', "object"); done || !ok {
			return ok
		}
	}
}

// array parses an array; first, when set, describes what is wanted of its
// first element.
func (s *scanner) array(first *pathField) bool {
	if s.depth++; s.depth > maxDepth {
		return s.fail("nested too deep")
	}
	s.pos++ // '['
	s.skipSpace()
	if s.pos < len(s.buf) && s.buf[s.pos] == ']' {
		s.pos++
		s.depth--
		return true
	}
	elem := first
	for {
		if !s.value(elem) {
			return false
		}
		elem = nil
		if done, ok := s.next(']', "array"); done || !ok {
			return ok
		}
	}
}

// next moves past what follows a member or an element: a ',' (more to
// come) or the closing byte (done, one level up).
func (s *scanner) next(closing byte, in string) (done, ok bool) {
	s.skipSpace()
	if s.pos >= len(s.buf) {
		return false, s.fail("")
	}
	switch s.buf[s.pos] {
	case ',':
		s.pos++
		s.skipSpace()
		return false, true
	case closing:
		s.pos++
		s.depth--
		return true, true
	}
	return false, s.fail("expected ',' or '" + string(closing) + "' in " + in)
}

// str parses a string at s.pos and returns the span of its contents.
// Bytes are known to be valid UTF-8 (checked once per row beforehand).
func (s *scanner) str() (start, end int, esc, ok bool) {
	buf := s.buf
	i := s.pos + 1
	for {
		// Eight bytes at a time while none needs attention: strings are
		// most of a LogEvent's bytes (user agents, URLs, names).
		for i+8 <= len(buf) && !needsAttention(binary.LittleEndian.Uint64(buf[i:])) {
			i += 8
		}
		for i < len(buf) && strPlain[buf[i]] {
			i++
		}
		if i >= len(buf) {
			s.pos = i
			return 0, 0, false, s.fail("")
		}
		switch c := buf[i]; {
		case c == '"':
			start, end = s.pos+1, i
			s.pos = i + 1
			return start, end, esc, true
		case c == '\\':
			esc = true
			if i+1 >= len(buf) {
				s.pos = len(buf)
				return 0, 0, false, s.fail("")
			}
			switch buf[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(buf) {
						s.pos = len(buf)
						return 0, 0, false, s.fail("")
					}
					if !isHex[buf[i+k]] {
						s.pos = i + k
						return 0, 0, false, s.fail("invalid \\u escape in string")
					}
				}
				i += 6
			default:
				s.pos = i + 1
				return 0, 0, false, s.fail("invalid escape in string")
			}
		default:
			s.pos = i
			return 0, 0, false, s.fail("control character in string")
		}
	}
}

// needsAttention reports whether any of the eight bytes in w may be a
// quote, a backslash or a control character. It may say yes wrongly (a
// borrow between bytes), never no wrongly; the byte loop settles it.
func needsAttention(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := w ^ (ones * '"')
	backslash := w ^ (ones * '\\')
	return ((quote-ones)&^quote|(backslash-ones)&^backslash|(w-ones*0x20)&^w)&highs != 0
}

func (s *scanner) literal(lit string) bool {
	for k := 0; k < len(lit); k++ {
		if s.pos >= len(s.buf) {
			return s.fail("")
		}
		if s.buf[s.pos] != lit[k] {
			return s.fail("expected a value")
		}
		s.pos++
	}
	return true
}

// number checks the JSON number grammar:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (s *scanner) number() bool {
	buf := s.buf
	if buf[s.pos] == '-' {
		s.pos++
	}
	if s.pos >= len(buf) {
		return s.fail("")
	}
	switch c := buf[s.pos]; {
	case c == '0':
		s.pos++
	case isDigit[c]:
		for s.pos < len(buf) && isDigit[buf[s.pos]] {
			s.pos++
		}
	default:
		return s.fail("expected a digit in number")
	}
	if s.pos < len(buf) && buf[s.pos] == '.' {
		s.pos++
		if !s.digits() {
			return false
		}
	}
	if s.pos < len(buf) && (buf[s.pos] == 'e' || buf[s.pos] == 'E') {
		s.pos++
		if s.pos < len(buf) && (buf[s.pos] == '+' || buf[s.pos] == '-') {
			s.pos++
		}
		if !s.digits() {
			return false
		}
	}
	return true
}

func (s *scanner) digits() bool {
	if s.pos >= len(s.buf) {
		return s.fail("")
	}
	if !isDigit[s.buf[s.pos]] {
		return s.fail("expected a digit in number")
	}
	for s.pos < len(s.buf) && isDigit[s.buf[s.pos]] {
		s.pos++
	}
	return true
}

// appendUnescaped appends the decoded contents of a JSON string (without
// its quotes) that the scanner has already validated. Lone surrogates become
// U+FFFD, as encoding/json does.
func appendUnescaped(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		switch src[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := rune(hex4(src[i+2 : i+6]))
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(src) && src[i] == '\\' && src[i+1] == 'u' {
					if r2 := utf16.DecodeRune(r, rune(hex4(src[i+2:i+6]))); r2 != utf8.RuneError {
						dst = utf8.AppendRune(dst, r2)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, src[i+1])
		}
		i += 2
	}
	return dst
}

func hex4(b []byte) int {
	n := 0
	for _, c := range b[:4] {
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		default:
			n |= int(c-'A') + 10
		}
	}
	return n
}
