package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// ellipsis marks text shortened to fit a column.
const ellipsis = "…"

// cleanText makes untrusted text safe for one line of a terminal or a CSV
// cell: names and explanations come from applicant-controlled input, so a
// terminal escape, a newline or a bidi override in them must not be able to
// rewrite what an analyst sees. Invalid UTF-8 becomes U+FFFD.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r) || isBidiControl(r):
			continue
		}
		b.WriteRune(r)
		space = r == ' '
	}
	return b.String()
}

// isClean is the fast path of cleanText: plain printable text needs no copy.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			if c >= utf8.RuneSelf {
				return isCleanSlow(s[i:])
			}
			return false
		}
	}
	return true
}

func isCleanSlow(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || isBidiControl(r) {
			return false
		}
	}
	return true
}

// isBidiControl reports the explicit direction marks and overrides that can
// make text display in an order other than the one it is stored in.
func isBidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F ||
		(r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// runeWidth is the number of terminal cells a rune takes: 2 for East Asian
// wide and fullwidth runes, 0 for combining marks and zero-width characters,
// 1 otherwise (ambiguous runes are taken as narrow, as most western
// terminals draw them).
func runeWidth(r rune) int {
	if r < 0x300 {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) {
			return 0
		}
		return 1
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// textWidth is the display width of s. ANSI colour sequences (ESC [ ... m)
// count zero, so coloured cells measure like plain ones.
func textWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if j := ansiEnd(s, i); j > i {
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runeWidth(r)
		i += size
	}
	return n
}

// ansiEnd returns the index just past an ANSI CSI sequence starting at i, or
// i when there is none.
func ansiEnd(s string, i int) int {
	if i+1 >= len(s) || s[i] != 0x1b || s[i+1] != '[' {
		return i
	}
	for j := i + 2; j < len(s); j++ {
		if s[j] >= 0x40 && s[j] <= 0x7e {
			return j + 1
		}
	}
	return i
}

// truncate shortens s to at most w cells, ending it with "…" when anything was
// cut. Colour sequences are kept whole and a reset is added after a cut so a
// colour never leaks into the rest of the line.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if textWidth(s) <= w {
		return s
	}
	var b strings.Builder
	used, coloured := 0, false
	for i := 0; i < len(s); {
		if j := ansiEnd(s, i); j > i {
			b.WriteString(s[i:j])
			coloured = true
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		rw := runeWidth(r)
		if used+rw > w-1 { // keep one cell for the ellipsis
			break
		}
		b.WriteString(s[i : i+size])
		used += rw
		i += size
	}
	b.WriteString(ellipsis)
	if coloured {
		b.WriteString(ansiReset)
	}
	return b.String()
}

// padRight truncates s to w cells and fills the rest with spaces.
func padRight(s string, w int) string {
	s = truncate(s, w)
	if n := w - textWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// padLeft truncates s to w cells and right-aligns it.
func padLeft(s string, w int) string {
	s = truncate(s, w)
	if n := w - textWidth(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// fitParts joins parts with sep into at most w cells. When they do not fit,
// the room is shared fairly: short parts keep their full text and the long
// ones split what is left, each shortened with "…". Rather than show stubs,
// parts are dropped from the end until each gets minPart cells (or its whole
// text).
func fitParts(parts []string, sep string, w int) string {
	const minPart = 12
	for n := len(parts); n > 0; n-- {
		room := w - textWidth(sep)*(n-1)
		alloc := shareRoom(parts[:n], room)
		fits := true
		for i, p := range parts[:n] {
			if alloc[i] < min(textWidth(p), minPart) {
				fits = false
			}
		}
		if !fits && n > 1 {
			continue
		}
		out := make([]string, n)
		for i, p := range parts[:n] {
			out[i] = truncate(p, alloc[i])
		}
		return truncate(strings.Join(out, sep), w)
	}
	return ""
}

// shareRoom gives each part up to its width out of room cells, by water
// filling: parts narrower than an equal share keep their width and hand the
// rest to the wider ones.
func shareRoom(parts []string, room int) []int {
	alloc := make([]int, len(parts))
	widths := make([]int, len(parts))
	open := make([]int, 0, len(parts)) // indexes still wanting room
	for i, p := range parts {
		widths[i] = textWidth(p)
		open = append(open, i)
	}
	for len(open) > 0 && room > 0 {
		share := room / len(open)
		if share == 0 {
			break
		}
		next := open[:0]
		progressed := false
		for _, i := range open {
			if widths[i] <= share {
				alloc[i] = widths[i]
				room -= widths[i]
				progressed = true
				continue
			}
			next = append(next, i)
		}
		open = next
		if !progressed {
			for _, i := range open {
				alloc[i] = share
			}
			break
		}
	}
	return alloc
}
