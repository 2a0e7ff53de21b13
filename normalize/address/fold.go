package address

import (
	"strings"
	"unicode"

	"github.com/mosaic-sec/mosaic/normalize/internal/textfold"
)

// maxField bounds the work done on one field: no real address line is
// longer, and hostile input must not cost more than a real one.
const maxField = 512

// fold folds one field for comparison (see textfold.Fold).
func fold(s string) string { return textfold.Fold(s, maxField) }

// tokens splits folded text into words. Letters and digits make words;
// apostrophes vanish inside a word ("o'neil" -> "oneil"), and so do periods
// between initials ("n.e." -> "ne", "u.s.a." -> "usa"); other periods end
// a word ("st.apt" -> "st", "apt"); "#" is a word of its own, since it marks a unit; "/" stays
// inside a word only between digits ("1/2") and "-" only next to a digit
// ("12-34"), so that house
// numbers, unit numbers and fractions survive ("4-b", "i-95") but
// "winston-salem" splits. Anything else
// separates words.
func tokens(folded string) []string {
	var out []string
	var cur strings.Builder
	segment := 0 // runes since the start of the word or the last joined period
	flush := func() {
		segment = 0
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	rs := []rune(folded)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
			segment++
		case r == '\'' || r == '’':
			// joined: "o'neil" -> "oneil"
		case r == '.' && segment == 1 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			segment = 0 // initials joined: "n.e." -> "ne", "p.o." -> "po"
		case r == '#':
			flush()
			out = append(out, "#")
		case r == '/' && i > 0 && i+1 < len(rs) && isDigit(rs[i-1]) && isDigit(rs[i+1]) && cur.Len() > 0:
			cur.WriteRune(r)
		case r == '-' && i > 0 && i+1 < len(rs) && cur.Len() > 0 && isAlnum(rs[i-1]) && isAlnum(rs[i+1]) &&
			(isDigit(rs[i-1]) || isDigit(rs[i+1])):
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool {
	return strings.ContainsFunc(s, isDigit)
}

// words folds s and joins its tokens with single spaces: the general form
// used for every country. A "#" means nothing outside a street line.
func words(s string) string {
	return strings.Join(withoutHash(tokens(fold(s))), " ")
}

// withoutHash drops "#" tokens that did not introduce a unit, so that the
// separators of Building and Key ("|", "#") never appear inside a part.
func withoutHash(toks []string) []string {
	out := toks[:0]
	for _, t := range toks {
		if t != "#" {
			out = append(out, t)
		}
	}
	return out
}
