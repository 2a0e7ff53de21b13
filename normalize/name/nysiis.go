package name

import "strings"

// phonetic returns the NYSIIS code of a folded family name. NYSIIS (New
// York State Identification and Intelligence System, 1970) maps names that
// sound alike to one code and is simple enough to check by hand. Only the
// Latin letters a-z are coded; a name with none keeps its own letters, so
// that equal names still meet and no name is left without a code.
func phonetic(last string) string {
	var b []byte
	for i := 0; i < len(last); i++ {
		if c := last[i]; c >= 'a' && c <= 'z' {
			b = append(b, c-'a'+'A')
		}
	}
	if len(b) == 0 {
		return strings.ReplaceAll(last, " ", "")
	}
	return nysiis(string(b))
}

func isVowel(c byte) bool { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' }

// nysiis codes an upper-case A-Z string, following the original algorithm
// (R. L. Taft, 1970) without truncation to six letters, as the jellyfish
// library does; its published test vectors are in nysiis_test.go.
func nysiis(s string) string {
	// Step 1: prefixes.
	switch {
	case strings.HasPrefix(s, "MAC"):
		s = "MCC" + s[3:]
	case strings.HasPrefix(s, "KN"):
		s = s[1:]
	case strings.HasPrefix(s, "K"):
		s = "C" + s[1:]
	case strings.HasPrefix(s, "PH"), strings.HasPrefix(s, "PF"):
		s = "FF" + s[2:]
	case strings.HasPrefix(s, "SCH"):
		s = "SSS" + s[3:]
	}
	// Step 2: suffixes.
	switch {
	case strings.HasSuffix(s, "EE"), strings.HasSuffix(s, "IE"):
		s = s[:len(s)-2] + "Y"
	case strings.HasSuffix(s, "DT"), strings.HasSuffix(s, "RT"), strings.HasSuffix(s, "RD"),
		strings.HasSuffix(s, "NT"), strings.HasSuffix(s, "ND"):
		s = s[:len(s)-2] + "D"
	}
	// Step 3: the first letter is kept.
	b := []byte(s)
	key := []byte{b[0]}
	// Step 4: the rest is translated letter by letter. Each translation is
	// written back into b, so that "the previous letter" in the H and W
	// rules is the translated one ("Brown" -> BRAN, as "Braun").
	for i := 1; i < len(b); i++ {
		c := b[i]
		var code string
		switch {
		case c == 'E' && i+1 < len(b) && b[i+1] == 'V':
			code = "AF"
			i++
		case isVowel(c):
			code = "A"
		case c == 'Q':
			code = "G"
		case c == 'Z':
			code = "S"
		case c == 'M':
			code = "N"
		case c == 'K' && i+1 < len(b) && b[i+1] == 'N':
			code = "N"
		case c == 'K':
			code = "C"
		case c == 'S' && i+2 < len(b) && b[i+1] == 'C' && b[i+2] == 'H':
			code = "SS"
			i += 2
		case c == 'P' && i+1 < len(b) && b[i+1] == 'H':
			code = "F"
			i++
		case c == 'H' && (!isVowel(b[i-1]) || i+1 >= len(b) || !isVowel(b[i+1])):
			code = string(b[i-1])
		case c == 'W' && isVowel(b[i-1]):
			code = "A"
		default:
			code = string(c)
		}
		last := code[len(code)-1]
		b[i] = last
		if last != key[len(key)-1] {
			key = append(key, code...)
		}
	}
	k := string(key)
	// Steps 5-7: trailing S, AY and A.
	if len(k) > 1 && strings.HasSuffix(k, "S") {
		k = k[:len(k)-1]
	}
	if strings.HasSuffix(k, "AY") {
		k = k[:len(k)-2] + "Y"
	}
	if len(k) > 1 && strings.HasSuffix(k, "A") {
		k = k[:len(k)-1]
	}
	return k
}
