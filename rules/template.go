package rules

import (
	"fmt"
	"strings"
)

// segment is one piece of an explanation template: literal text, or a CEL
// expression written as ${ expr }.
type segment struct {
	text string // literal text when expr is ""
	expr string
}

// parseTemplate splits an explanation into literal text and ${ } segments.
// "$$" writes a literal "$". Braces and quotes inside an expression are
// balanced, so map literals and strings containing "}" work.
func parseTemplate(s string) ([]segment, error) {
	var out []segment
	var lit strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$$"):
			lit.WriteByte('$')
			i += 2
		case strings.HasPrefix(s[i:], "${"):
			end, err := matchBrace(s, i+2)
			if err != nil {
				return nil, err
			}
			expr := strings.TrimSpace(s[i+2 : end])
			if expr == "" {
				return nil, fmt.Errorf("empty ${} at offset %d", i)
			}
			if lit.Len() > 0 {
				out = append(out, segment{text: lit.String()})
				lit.Reset()
			}
			out = append(out, segment{expr: expr})
			i = end + 1
		default:
			lit.WriteByte(s[i])
			i++
		}
	}
	if lit.Len() > 0 {
		out = append(out, segment{text: lit.String()})
	}
	return out, nil
}

// matchBrace returns the index of the "}" closing an expression that starts
// at start.
func matchBrace(s string, start int) (int, error) {
	depth := 0
	var quote byte
	for i := start; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			switch c {
			case '\\':
				i++
			case quote:
				quote = 0
			}
			continue
		}
		switch c {
		case '\'', '"':
			quote = c
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i, nil
			}
			depth--
		}
	}
	return 0, fmt.Errorf("unclosed ${ at offset %d", start-2)
}
