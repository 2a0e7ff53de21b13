package address

import "strings"

// splitHouse takes the house number off the front of a street line:
// "123", "123a", "12-34" (Queens), "123 1/2".
func splitHouse(toks []string) (house string, rest []string) {
	if len(toks) == 0 || !hasDigit(toks[0]) {
		return "", toks
	}
	house, rest = toks[0], toks[1:]
	if len(rest) > 1 && strings.Contains(rest[0], "/") && strings.Trim(rest[0], "0123456789/") == "" {
		house += " " + rest[0]
		rest = rest[1:]
	}
	return house, rest
}

// poBox recognises "PO Box 123" in its spellings ("P.O. Box", "P O Box",
// "Post Office Box", "Box") and returns "po box 123".
func poBox(toks []string) (string, bool) {
	var i int
	switch {
	case len(toks) >= 3 && toks[0] == "p" && toks[1] == "o" && toks[2] == "box":
		i = 3
	case len(toks) >= 3 && toks[0] == "post" && toks[1] == "office" && toks[2] == "box":
		i = 3
	case len(toks) >= 2 && (toks[0] == "po" || toks[0] == "pob") && toks[1] == "box":
		i = 2
	case len(toks) >= 1 && (toks[0] == "box" || toks[0] == "pobox" || toks[0] == "pob"):
		i = 1
	default:
		return "", false
	}
	if i >= len(toks) || !hasDigit(toks[i]) {
		return "", false
	}
	return "po box " + unitID(toks[i]), true
}

// usStreet spells a US street name the USPS way: the suffix abbreviated
// ("walnut drive" -> "walnut dr"), directionals abbreviated where they are
// directions rather than the name ("north main street" -> "n main st" but
// "north street" stays), and ordinals as digits ("first ave" -> "1st ave").
// Only the suffix position is abbreviated, so "forest hill drive" keeps its
// name words.
func usStreet(toks []string) string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t
		if w, ok := nameWords[t]; ok && (i < len(toks)-1 || w[0] >= '0' && w[0] <= '9') {
			out[i] = w
		}
	}
	last := len(out) - 1
	if last < 0 {
		return ""
	}
	suffixAt := last
	if d, ok := directionals[toks[last]]; ok && last >= 2 {
		out[last] = d // post-directional: "park avenue south"
		suffixAt = last - 1
	}
	if s, ok := streetSuffixes[toks[suffixAt]]; ok && suffixAt >= 1 {
		out[suffixAt] = s
	} else if hasDigit(toks[suffixAt]) && suffixAt >= 1 {
		// "highway 101", "route 66", "county road 12"
		if s, ok := streetSuffixes[toks[suffixAt-1]]; ok {
			out[suffixAt-1] = s
		}
	}
	if d, ok := directionals[toks[0]]; ok && suffixAt >= 2 {
		out[0] = d // pre-directional: "north main street"
	}
	return strings.Join(out, " ")
}
