// Package name folds personal names so that spellings of one name compare
// equal: "Eun-ji Carter", "EUNJI CARTER" and "Carter, Eun Ji" give one key.
//
// Names are used only to tell "same person" from "different people". No
// function here says anything about where a name comes from or which script
// it is written in, and none may: that would invite profiling by origin.
package name

import (
	"strings"
	"unicode"

	"github.com/mosaic-sec/mosaic/normalize/internal/textfold"
	"golang.org/x/text/unicode/norm"
)

// Name is a normalised personal name.
type Name struct {
	// First is the folded given name with spaces and hyphens removed:
	// "Eun-ji", "Eunji" and "Eun Ji" all give "eunji". Titles and trailing
	// middle initials are dropped.
	First string
	// Last is the folded family name, words separated by single spaces
	// ("garcia lopez" for "García-López"); generational suffixes (Jr, III)
	// are dropped.
	Last string
	// Full is the name as typed, for display: given name first, spaces
	// collapsed, control characters removed. Not folded.
	Full string
	// Key is First + " " + Last (just the one that is present when the
	// other is empty), the key to compare names on; "" for no name.
	Key string
	// Phonetic is the NYSIIS code of Last, so "Carter" and "Karter" meet;
	// for a family name with no Latin letters it is Last without spaces.
	Phonetic string
}

// maxField bounds the work done on a hostile name.
const maxField = 256

// Normalize normalises a name given as first and last. A whole name in one
// field is accepted: "Last, First" (a comma) in either field, or
// "Given Family" (no comma) in first when last is empty.
func Normalize(first, last string) Name {
	first, last = clean(first), clean(last)
	first, last = splitOneField(first, last)
	n := Name{Full: strings.TrimSpace(first + " " + last)}
	n.First = givenKey(first)
	n.Last = familyKey(last)
	n.Key = strings.TrimSpace(n.First + " " + n.Last)
	n.Phonetic = phonetic(n.Last)
	return n
}

// Canonical returns the formal given name behind a common English nickname
// ("Bill" -> "william", "Liz" -> "elizabeth"), or the folded given name
// (as in Name.First) when it is not a nickname in the table. Nicknames
// shared by several formal names ("Alex", "Sam", "Chris") are left as they
// are rather than guessed.
func Canonical(given string) string {
	return canonicalKey(givenKey(clean(given)))
}

// clean drops invalid UTF-8 and control and format characters, collapses
// white space and returns NFC: the display form.
func clean(s string) string {
	if len(s) > maxField {
		s = s[:maxField]
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == unicode.ReplacementChar:
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// splitOneField reads a whole name typed into one field.
func splitOneField(first, last string) (string, string) {
	switch {
	case last == "" && strings.Contains(first, ","):
		l, f, _ := strings.Cut(first, ",")
		return strings.TrimSpace(f), strings.TrimSpace(l)
	case first == "" && strings.Contains(last, ","):
		l, f, _ := strings.Cut(last, ",")
		return strings.TrimSpace(f), strings.TrimSpace(l)
	case last == "" && strings.Contains(first, " "):
		i := strings.LastIndexByte(first, ' ')
		return first[:i], first[i+1:]
	}
	return first, last
}

// words folds s and splits it into words of letters and digits; hyphens,
// periods, commas and other punctuation separate words, apostrophes vanish
// ("O'Brien" -> "obrien").
func words(s string) []string {
	f := apostrophes.Replace(textfold.Fold(s, maxField))
	return strings.FieldsFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// apostrophes vanish from names. Built once: a Replacer builds its lookup
// tables on first use (1.7 GB of garbage when linking a million
// applications with one per call); it is safe for concurrent use.
var apostrophes = strings.NewReplacer("'", "", "’", "", "ʼ", "")

// titles are dropped from the front of a given name.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "sir": true}

// suffixes are dropped from the end of a family name.
var suffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true, "phd": true, "md": true, "esq": true}

// givenKey folds a given name and joins its words: "Eun-ji", "Eun Ji" and
// "Eunji" are one name. Titles go; so does a trailing middle initial
// ("John M." -> "john") after a given name of two letters or more.
func givenKey(s string) string {
	w := words(s)
	for len(w) > 1 && titles[w[0]] {
		w = w[1:]
	}
	for len(w) > 1 && len([]rune(w[len(w)-1])) == 1 && len([]rune(w[0])) > 1 {
		w = w[:len(w)-1]
	}
	return strings.Join(w, "")
}

// familyKey folds a family name, drops generational suffixes and joins its
// words with spaces.
func familyKey(s string) string {
	w := words(s)
	for len(w) > 1 && suffixes[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	return strings.Join(w, " ")
}
