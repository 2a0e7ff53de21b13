package address

import (
	"strings"

	"github.com/hbollon/go-edlib"
)

// NearStreets reports whether two normalised street names (Address.Street)
// are one street typed two ways: the same words but one, and that one a
// name of five letters or more with one typo ("magnolia st" and "magnola
// st", "jefferson ct" and "jeffersen ct").
//
// Numbers, directionals and suffixes must agree: "oak st" and "oak ct",
// "5th ave" and "6th ave", "n main st" and "s main st" are different
// streets. Callers compare streets only within one postal code and house
// number, so a typo cannot join two streets across a town.
func NearStreets(a, b string) bool {
	if a == b {
		return true
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) != len(wb) {
		return false
	}
	differ := -1
	for i := range wa {
		if wa[i] != wb[i] {
			if differ >= 0 {
				return false
			}
			differ = i
		}
	}
	if differ < 0 {
		return true // the same words, spaced differently
	}
	x, y := wa[differ], wb[differ]
	if hasDigit(x) || hasDigit(y) || min(len([]rune(x)), len([]rune(y))) < 5 {
		return false
	}
	return edlib.OSADamerauLevenshteinDistance(x, y) <= 1
}
