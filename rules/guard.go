package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// The fairness guard. mosaic judges conduct and infrastructure, never
// identity: a rule may not reason about protected traits or their proxies.
// The check is on the words a rule's CEL is written with (identifiers and
// string literals such as regular expressions alike), so it also catches a
// note pattern that looks for "accent" or a field read by index.

// protectedWords may appear in no CEL of any rule, not even in an
// explanation shown as context.
var protectedWords = map[string]bool{
	"nationality": true, "nationalities": true,
	"ethnicity": true, "ethnicities": true, "ethnic": true,
	"race": true, "races": true, "racial": true,
	"religion": true, "religions": true, "religious": true,
	"language": true, "languages": true,
	"accent": true, "accents": true, "accented": true,
}

// contextWords may appear only in the explanation of a context-only rule
// (weight 0 or 1): keyboard layouts are context that never scores.
var contextWords = map[string]bool{"keyboard": true, "keyboards": true}

var (
	wordToken   = regexp.MustCompile(`[A-Za-z0-9_]+`)
	regexEscape = regexp.MustCompile(`\\[A-Za-z]`)
)

// fairnessProblem returns why src may not be used, or "". allowContext
// permits context_* fields and context words (the explanation of a
// context-only rule).
func fairnessProblem(src string, allowContext bool) string {
	// "\bnationality\b" in a pattern must read as the word nationality.
	src = regexEscape.ReplaceAllString(strings.ToLower(src), " ")
	for _, tok := range wordToken.FindAllString(src, -1) {
		if strings.Contains(tok, "name_origin") {
			return "mentions name_origin"
		}
		if strings.HasPrefix(tok, "context_") && !allowContext {
			return fmt.Sprintf("mentions the context-only field %s", tok)
		}
		for _, w := range strings.FieldsFunc(tok, func(r rune) bool { return r == '_' || (r >= '0' && r <= '9') }) {
			if protectedWords[w] {
				return fmt.Sprintf("mentions %q", w)
			}
			if contextWords[w] && !allowContext {
				return fmt.Sprintf("mentions %q", w)
			}
		}
	}
	return ""
}
