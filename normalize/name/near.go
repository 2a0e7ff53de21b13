package name

import (
	"github.com/hbollon/go-edlib"
)

// Near reports whether two normalised names are spellings of one person's
// name: the same given name (a nickname counting as its formal name, two
// swapped letters as a typo), and family names that are equal, sound alike
// (NYSIIS) or are one typo apart.
//
// A changed letter in the given name is never a typo here: Maria and Mario
// Garcia at one address are two people. Callers compare names only inside
// a block that already ties the records together (one home), never across
// a whole dataset: similar names alone say nothing.
func Near(a, b Name) bool {
	if a.First == "" || b.First == "" || a.Last == "" || b.Last == "" {
		return false
	}
	return nearGiven(a.First, b.First) && nearFamily(a, b)
}

func nearGiven(a, b string) bool {
	if a == b || canonicalKey(a) == canonicalKey(b) {
		return true
	}
	return swappedPair(a, b)
}

func nearFamily(a, b Name) bool {
	if a.Last == b.Last || (a.Phonetic != "" && a.Phonetic == b.Phonetic) {
		return true
	}
	// One typo in a short name is a different name ("Lee"/"Lea"): only
	// names of five letters or more.
	short := min(len([]rune(a.Last)), len([]rune(b.Last)))
	return short >= 5 && edlib.OSADamerauLevenshteinDistance(a.Last, b.Last) <= 1
}

// canonicalKey is Canonical for an already folded given name.
func canonicalKey(g string) string {
	if formal, ok := nicknames[g]; ok {
		return formal
	}
	return g
}

// swappedPair reports whether b is a with two adjacent letters swapped.
func swappedPair(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) || len(ra) < 3 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if i+1 >= len(ra) || ra[i] != rb[i+1] || ra[i+1] != rb[i] {
		return false
	}
	return string(ra[i+2:]) == string(rb[i+2:])
}
