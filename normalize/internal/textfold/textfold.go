// Package textfold folds text for comparison: lower case, no accents, no
// control characters. The normalisers share it so that a name, a street and
// a city fold the same way.
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// letterFolds are letters that Unicode does not decompose into a base letter
// plus accent, spelled as an English keyboard user would type them.
var letterFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŋ': "n",
}

// Fold lower-cases s, strips accents (NFKD, then drops combining marks),
// folds the letters Unicode does not decompose (ß -> ss, ø -> o), and drops
// control and format characters and invalid UTF-8. Only the first max bytes
// of s are read, so hostile input costs no more than a real field. The
// result is NFC, so Hangul and other composed scripts keep their usual form.
func Fold(s string, max int) string {
	if len(s) > max {
		// Cutting may split a rune; invalid UTF-8 is dropped below anyway.
		s = s[:max]
	}
	if folded, ok := foldASCII(s); ok {
		return folded
	}
	return foldUnicode(s)
}

// foldASCII folds plain ASCII, most of what a US company's records hold,
// without the Unicode tables: lower case, control characters dropped. It
// returns s itself when nothing changes. ok is false for any other byte.
func foldASCII(s string) (folded string, ok bool) {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		if ('A' <= c && c <= 'Z') || c < ' ' || c == 0x7f {
			clean = false
		}
	}
	if clean {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c < ' ' || c == 0x7f:
		default:
			b = append(b, c)
		}
	}
	return string(b), true
}

// foldUnicode is Fold for text beyond ASCII.
func foldUnicode(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r == utf8.RuneError, unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r),
			unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := letterFolds[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}
