package textsim

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file recognises the parts of a resume that are not its content: the
// person's name, the title above it and the section headings.

// takeName records the person's name when line looks like one (the first
// line of a resume, or its part before a "|" or "," separator) and reports
// whether the whole line was the name.
func (x *extractor) takeName(line string) bool {
	candidate, whole := line, true
	if i := strings.IndexAny(line, "|•·,;"); i >= 0 {
		candidate, whole = strings.TrimSpace(line[:i]), false
	}
	if lower := strings.ToLower(candidate); strings.HasPrefix(lower, "name:") {
		candidate = strings.TrimSpace(candidate[len("name:"):])
	}
	if !looksLikeName(candidate) {
		return false
	}
	x.line = x.line[:0]
	x.tokenize(candidate)
	x.names = append(x.names, x.line...)
	x.line = x.line[:0]
	return whole
}

// looksLikeName accepts one to five capitalised words of letters, with no
// digits or contact details: "Jane van der Berg", "LI WEI", "José Núñez".
func looksLikeName(s string) bool {
	if s == "" || len(s) > 60 || strings.HasSuffix(s, ":") {
		return false
	}
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 5 {
		return false
	}
	capitalised := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			capitalised++
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && !strings.ContainsRune(".'-’", r) {
				return false
			}
		}
	}
	if capitalised == 0 {
		return false
	}
	_, heading := headingWords[strings.ToLower(strings.Trim(words[0], ".:"))]
	return !heading
}

// isTitleWord reports whether line is a bare "Resume" or "Curriculum Vitae"
// above the name, so the name is looked for on the next line.
func isTitleWord(line string) bool {
	switch strings.ToLower(strings.Trim(line, " :")) {
	case "resume", "résumé", "cv", "curriculum vitae":
		return true
	}
	return false
}

// headingWords name resume sections. A short line made only of them is a
// heading, shared by every resume and evidence of nothing.
var headingWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`summary professional experience work employment history education
		skills technical core competencies projects project certifications certificates licenses
		objective profile contact languages interests hobbies awards honors publications references
		volunteer volunteering achievements accomplishments qualifications about me career highlights
		training courses coursework tools technologies personal information details and`) {
		m[w] = struct{}{}
	}
	return m
}()

// isHeading reports whether line is a section heading: a short line in
// capitals, a short line ending in a colon, or a line of heading words.
func isHeading(line string, tokens int) bool {
	if n := countWords(line, 5); n == 0 || n > 4 {
		return false
	}
	words := strings.Fields(line)
	if strings.HasSuffix(line, ":") {
		return true
	}
	upper, lower := 0, 0
	for _, r := range line {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	if upper >= 3 && lower == 0 && !strings.ContainsRune(line, ',') {
		return true
	}
	for _, w := range words {
		if _, ok := headingWords[strings.ToLower(strings.Trim(w, ":&-–|"))]; !ok && w != "&" {
			return false
		}
	}
	return tokens <= 4
}

// countWords counts the space-separated words of s, stopping at limit.
func countWords(s string, limit int) int {
	n, inWord := 0, false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			n++
			if n >= limit {
				return n
			}
		}
		inWord = !space
	}
	return n
}
