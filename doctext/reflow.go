package doctext

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a run of text PDFium found on one line in one font, with its box
// in points.
type span struct {
	text                     string
	left, right, top, bottom float64
}

func (s span) center() float64 { return (s.top + s.bottom) / 2 }
func (s span) height() float64 { return math.Abs(s.top - s.bottom) }

// line is one printed line of a page.
type line struct {
	text        string
	left, right float64
	center      float64
	height      float64
}

// reflow turns a page's spans into text whose lines are paragraphs, as the
// resume was typed. A PDF only knows printed lines: a paragraph the layout
// wrapped over three lines must become one line again, or the word
// sequences that cross a wrap are lost and the same resume as PDF and as
// text look less alike than they are (textsim compares word sequences
// within a line).
//
// A printed line was wrapped when the next line's first word would not have
// fitted after it before the right edge of the text column: a line that
// ends short because its paragraph ended leaves room for that word. The
// column's right edge is taken as the page width less the left margin
// (resumes have equal margins) or the rightmost text, whichever is further.
func reflow(spans []span, pageWidth float64) string {
	lines := group(spans)
	if len(lines) == 0 {
		return ""
	}
	minLeft, maxRight := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		minLeft = min(minLeft, l.left)
		maxRight = max(maxRight, l.right)
	}
	edge := maxRight
	if pageWidth > 0 && pageWidth-minLeft > edge {
		edge = pageWidth - minLeft
	}
	pitch := medianPitch(lines)
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l.text)
		if i+1 == len(lines) {
			break
		}
		next := lines[i+1]
		switch {
		case !wrapped(l, next, edge, pitch):
			b.WriteByte('\n')
		case strings.HasSuffix(l.text, "-") && startsLower(next.text):
			// a word hyphenated at the wrap: keep the hyphen, no space
			// ("double-" + "posting" is "double-posting" in the text)
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// wrapped reports whether next continues the paragraph of l. pitch is the
// page's usual distance between lines, 0 if unknown.
func wrapped(l, next line, edge, pitch float64) bool {
	if next.text == "" || l.text == "" || startsBullet(next.text) {
		return false
	}
	h := max(l.height, next.height)
	// A paragraph's lines follow at about 1.2 times the font size; a gap
	// much larger is space between paragraphs.
	dist := math.Abs(next.center - l.center)
	if h <= 0 || dist > 1.9*h {
		return false
	}
	// Templates put space after a paragraph: a gap wider than the page's
	// usual line pitch ends one.
	if pitch > 0 && dist > 1.25*pitch {
		return false
	}
	first, _, _ := strings.Cut(strings.TrimSpace(next.text), " ")
	n := utf8.RuneCountInString(next.text)
	if n == 0 {
		return false
	}
	charWidth := (next.right - next.left) / float64(n)
	need := charWidth * float64(utf8.RuneCountInString(first)+1) // the word and a space
	return l.right+need > edge
}

// medianPitch is the median distance between consecutive lines that are
// close enough to be lines of one paragraph: in a resume most lines follow
// their predecessor at the line spacing of the body text.
func medianPitch(lines []line) float64 {
	var d []float64
	for i := 1; i < len(lines); i++ {
		dist := math.Abs(lines[i].center - lines[i-1].center)
		if h := max(lines[i].height, lines[i-1].height); dist > 0 && dist <= 1.9*h {
			d = append(d, dist)
		}
	}
	if len(d) < 3 {
		return 0
	}
	slices.Sort(d)
	return d[len(d)/2]
}

func startsBullet(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	switch r {
	case '•', '·', '▪', '◦', '‣', '○', '●', '■', '□', '➢', '►', '-', '–', '—', '*', '\uf0b7', '\uf0a7': // the last two: Symbol and Wingdings bullets as Word maps them
		return true
	}
	return false
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// group gathers spans into printed lines. PDFium gives spans in content
// order, which is reading order for what word processors write; a span
// whose vertical center is off the current line by more than half a line
// starts the next one. Within a line spans are put left to right, with a
// space where they do not touch.
func group(spans []span) []line {
	var lines []line
	var cur []span
	flush := func() {
		if len(cur) == 0 {
			return
		}
		slices.SortStableFunc(cur, func(a, b span) int { return cmp.Compare(a.left, b.left) })
		var b strings.Builder
		l := line{left: cur[0].left, right: cur[0].right}
		var centers, heights float64
		for i, s := range cur {
			t := strings.Map(func(r rune) rune {
				if r == '\r' || r == '\n' {
					return ' '
				}
				return r
			}, s.text)
			if i > 0 && !strings.HasSuffix(b.String(), " ") && !strings.HasPrefix(t, " ") &&
				s.left-cur[i-1].right > 0.15*max(s.height(), cur[i-1].height()) {
				b.WriteByte(' ')
			}
			b.WriteString(t)
			l.left, l.right = min(l.left, s.left), max(l.right, s.right)
			centers += s.center()
			heights += s.height()
		}
		l.text = strings.TrimSpace(b.String())
		l.center = centers / float64(len(cur))
		l.height = heights / float64(len(cur))
		if l.text != "" {
			lines = append(lines, l)
		}
		cur = cur[:0]
	}
	for _, s := range spans {
		if strings.TrimSpace(s.text) == "" && len(cur) == 0 {
			continue
		}
		if len(cur) > 0 {
			c := cur[len(cur)-1]
			if math.Abs(s.center()-c.center()) > 0.5*max(s.height(), c.height()) {
				flush()
			}
		}
		cur = append(cur, s)
	}
	flush()
	return lines
}
