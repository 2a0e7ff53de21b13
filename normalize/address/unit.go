package address

import (
	"strings"
	"unicode/utf8"
)

// unitDesignators maps the words that introduce a unit to one spelling.
// Residential designators ("apartment", "apt", "#", "unit", "no", "flat")
// all become "apt": people write the same door as "Apt 4B", "#4B" and
// "Unit 4B", and a building rarely numbers two kinds of unit alike.
var unitDesignators = map[string]string{
	"apt": "apt", "apartment": "apt", "apartments": "apt", "#": "apt", "unit": "apt",
	"no": "apt", "number": "apt", "num": "apt", "nbr": "apt", "flat": "apt",
	"ste": "ste", "suite": "ste", "rm": "rm", "room": "rm",
	"fl": "fl", "floor": "fl", "flr": "fl",
	"bldg": "bldg", "building": "bldg", "bld": "bldg",
	"lot": "lot", "spc": "spc", "space": "spc", "trlr": "trlr", "trailer": "trlr",
	"dept": "dept", "department": "dept", "ph": "ph", "penthouse": "ph",
	"pmb": "pmb", // private mailbox at a mail-drop store
}

// needsDigit lists designators that are also ordinary words ("no",
// "number"), so they count only before an identifier with a digit.
var needsDigit = map[string]bool{"no": true, "number": true, "num": true}

// unitAt reports whether toks[i] starts a unit ("apt 4b", "apt # 4b",
// "# 4b") and returns the normalised unit and the number of tokens used.
func unitAt(toks []string, i int) (unit string, n int, ok bool) {
	designator, ok := unitDesignators[toks[i]]
	if !ok {
		return "", 0, false
	}
	j := i + 1
	if toks[i] != "#" && j < len(toks) && toks[j] == "#" {
		j++ // "apt # 4b"
	}
	if j >= len(toks) || !isUnitID(toks[j]) || (needsDigit[toks[i]] && !hasDigit(toks[j])) {
		return "", 0, false
	}
	if _, isDesignator := unitDesignators[toks[j]]; isDesignator && !hasDigit(toks[j]) {
		return "", 0, false
	}
	return designator + " " + unitID(toks[j]), j - i + 1, true
}

// isUnitID reports whether a token can name a unit: it holds a digit
// ("4b", "12") or is a single letter ("b").
func isUnitID(t string) bool {
	return hasDigit(t) || utf8.RuneCountInString(t) == 1
}

// unitSeparators is read-only and safe for concurrent use; building it once
// saves an allocation per address.
var unitSeparators = strings.NewReplacer("-", "", "/", "")

// unitID spells an identifier one way: "04-b" -> "4b".
func unitID(t string) string {
	t = unitSeparators.Replace(t)
	if strings.Trim(t, "0123456789") == "" {
		if trimmed := strings.TrimLeft(t, "0"); trimmed != "" {
			return trimmed
		}
		return "0"
	}
	return t
}

// splitLine1 takes the units out of a street line: leading ones ("Unit 4B,
// 123 Main St") and trailing ones ("123 Main St Apt 4B", "123 Main St #4B").
// Words after a trailing unit that are not units themselves stay in the
// unit ("apt 4b rear"), since they describe the door, not the street.
func splitLine1(toks []string) (units, street []string) {
	i := 0
	for i < len(toks) {
		unit, n, ok := unitAt(toks, i)
		if !ok {
			break
		}
		units = append(units, unit)
		i += n
	}
	start := i
	// A trailing unit needs a street before it: at least one word after
	// the start of the street.
	for i = start + 1; i < len(toks); i++ {
		if _, _, ok := unitAt(toks, i); ok {
			return append(units, unitWords(toks[i:])...), toks[start:i]
		}
	}
	return units, toks[start:]
}

// unitWords reads a run of units and leftover words.
func unitWords(toks []string) []string {
	var out []string
	for i := 0; i < len(toks); {
		if unit, n, ok := unitAt(toks, i); ok {
			out = append(out, unit)
			i += n
			continue
		}
		out = append(out, toks[i])
		i++
	}
	return out
}

// line2Units reads a second address line that holds the unit: "Apt 33",
// "#27", "Suite 200 Bldg 3", or a bare identifier such as "4B".
func line2Units(toks []string) []string {
	if len(toks) == 1 && isUnitID(toks[0]) {
		if _, isDesignator := unitDesignators[toks[0]]; !isDesignator {
			return []string{"apt " + unitID(toks[0])}
		}
	}
	return unitWords(toks)
}

// looksLikeStreet reports whether a line starts with a house number and
// has a street name after it.
func looksLikeStreet(toks []string) bool {
	if len(toks) < 2 || !hasDigit(toks[0]) {
		return false
	}
	_, _, isUnit := unitAt(toks, 0)
	return !isUnit
}

// isCareOf reports lines that name a recipient rather than a place.
func isCareOf(folded string) bool {
	for _, p := range []string{"c/o", "c.o.", "care of", "attn", "attention"} {
		if strings.HasPrefix(folded, p) {
			return true
		}
	}
	return false
}
