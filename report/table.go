package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Table columns that do not depend on the data.
const (
	columnGap    = "  "
	scoreWidth   = len("100.0")
	levelWidth   = len("critical")
	minReasons   = 20 // below this the reasons say nothing useful
	minNameWidth = 8
	maxReasons   = 3
	maxLinkLines = 3
	reasonSep    = "; "
)

// ANSI colours for levels: the two that mean "look now" stand out.
const ansiReset = "\x1b[0m"

var levelColors = map[mosaic.Level]string{
	mosaic.LevelCritical: "\x1b[1;31m",
	mosaic.LevelHigh:     "\x1b[31m",
	mosaic.LevelMedium:   "\x1b[33m",
	mosaic.LevelLow:      "\x1b[36m",
	mosaic.LevelNone:     "\x1b[2m",
}

// renderTable writes the report for a terminal: input accounting, one line
// per ranked subject with its subject id (what mosaic feedback takes) and its
// three strongest reasons, the clusters, and a legend. No line is wider than
// opts.Width. The row limit never hides a subject at high or above: it
// applies below that.
func renderTable(w io.Writer, r *mosaic.Report, opts Options) error {
	t := &lineWriter{w: w, width: opts.Width}
	if t.width <= 0 {
		t.width = DefaultWidth
	}
	all := rankSubjects(r, opts.MinScore)
	shown := all
	if opts.Limit > 0 && len(shown) > opts.Limit {
		shown = shown[:max(opts.Limit, lookNow(all))]
	}

	t.line(inputLine(r, t.width))
	t.line(subjectsLine(all, opts.MinScore))
	t.line("")
	verdicts := false
	if len(shown) == 0 {
		t.line("No subjects to show.")
	} else {
		l := newLayout(shown, t.width)
		t.line(l.header())
		for _, s := range shown {
			for _, line := range l.rows(s, opts.Color) {
				t.line(line)
			}
			verdicts = verdicts || s.Disposition != ""
		}
		if hidden := len(all) - len(shown); hidden > 0 {
			for _, line := range wrapText(fmt.Sprintf("%s %s more below the limit, none %s or above: --limit 0 shows all",
				ellipsis, groupDigits(hidden), mosaic.LevelHigh), t.width) {
				t.line(line)
			}
		}
	}
	writeClusters(t, r, opts.Limit)
	writeScreeningReview(t, r)
	t.line("")
	t.line(legend(opts.Color))
	if verdicts {
		for _, line := range wrapText("Verdicts are analysts' (mosaic feedback): benign leaves the score as the evidence makes it; confirmed_fraud raises the people strongly linked.", t.width) {
			t.line(line)
		}
	}
	return t.err
}

// lookNow counts the ranked subjects at high or above, which lead the
// ranking.
func lookNow(all []ranked) int {
	n := 0
	for _, s := range all {
		if s.Level.Rank() >= mosaic.LevelHigh.Rank() {
			n++
		}
	}
	return n
}

// lineWriter writes lines cut to a width and keeps the first write error.
type lineWriter struct {
	w     io.Writer
	width int
	err   error
}

func (t *lineWriter) line(s string) {
	if t.err != nil {
		return
	}
	s = strings.TrimRight(truncate(s, t.width), " ")
	_, t.err = io.WriteString(t.w, s+"\n")
}

// inputLine accounts for the rows read, and adds when the report was made
// if that still fits.
func inputLine(r *mosaic.Report, width int) string {
	in := r.Input
	s := fmt.Sprintf("Input: %s %s, %s rows read, %s accepted, %s rejected",
		groupDigits(len(in.Files)), plural(len(in.Files), "file", "files"),
		groupDigits(in.RowsRead), groupDigits(in.RowsAccepted), groupDigits(in.RowsRejected))
	if r.GeneratedAt.IsZero() {
		return s
	}
	if full := s + " · generated " + r.GeneratedAt.UTC().Format("2006-01-02 15:04 MST"); textWidth(full) <= width {
		return full
	}
	return s
}

func subjectsLine(all []ranked, minScore float64) string {
	var parts []string
	for _, c := range levelCounts(all) {
		if c.N > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", c.Level, groupDigits(c.N)))
		}
	}
	s := "Subjects: " + groupDigits(len(all))
	if minScore > 0 {
		s += " scoring " + strconv.FormatFloat(minScore, 'f', -1, 64) + " or more"
	}
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

// layout holds the widths of the table's data-dependent columns. When the
// reasons column would be narrower than minInlineReasons (an 80-column
// terminal), reasons leave it: each goes on lines of its own under the row,
// wrapped, never cut.
type layout struct {
	rank, name, subject, reasons int
	stacked                      bool
	width                        int
}

// minInlineReasons is the narrowest reasons column worth keeping beside the
// row: below it reasons are stacked under the row at full width.
const minInlineReasons = 40

// maxSubjectWidth caps the subject column; a longer id is written whole on
// a line of its own.
const maxSubjectWidth = 24

// stackIndent starts the lines of stacked reasons.
const stackIndent = "    "

// newLayout sizes the columns to the rows and the terminal: name takes what
// its longest value needs up to a cap, the subject id its full width, and
// the reasons get the rest. On a narrow terminal the name gives way first,
// then the reasons move under the row.
func newLayout(rows []ranked, width int) layout {
	l := layout{rank: len(strconv.Itoa(rows[len(rows)-1].Rank)), width: width}
	nameNeed, subjectNeed := len("NAME"), len("SUBJECT")
	for _, s := range rows {
		nameNeed = max(nameNeed, textWidth(displayName(s.Subject)))
		subjectNeed = max(subjectNeed, textWidth(cleanText(s.ID)))
	}
	l.name = min(nameNeed, clamp(width/5, minNameWidth, 30))
	l.subject = min(subjectNeed, maxSubjectWidth)
	l.reasons = width - l.fixed()
	for l.reasons < minInlineReasons && l.name > minNameWidth {
		l.name--
		l.reasons++
	}
	if l.reasons < minInlineReasons {
		// The reasons move under the row: the name may have the room back.
		l.stacked = true
		l.name = min(nameNeed, max(minNameWidth, width-(l.fixed()-l.name)))
		l.reasons = max(width-len(stackIndent), minReasons)
	}
	return l
}

// fixed is the width of the columns before the reasons, gaps included.
func (l layout) fixed() int {
	return l.rank + scoreWidth + levelWidth + l.name + l.subject + 5*len(columnGap)
}

func (l layout) header() string {
	cols := []string{
		padLeft("#", l.rank),
		padLeft("SCORE", scoreWidth),
		padRight("LEVEL", levelWidth),
		padRight("NAME", l.name),
		padRight("SUBJECT", l.subject),
	}
	if !l.stacked {
		cols = append(cols, "TOP REASONS")
	}
	return strings.Join(cols, columnGap)
}

// rows writes a subject: its line with the reasons beside it when they fit
// side by side, else the first beside it and each other one on lines of its
// own under the reasons column, or, on a narrow terminal, every reason on
// lines of its own under the row. Reasons wrap at word boundaries: every
// reason stays whole. An analyst's verdict follows.
func (l layout) rows(s ranked, color bool) []string {
	level := padRight(cleanText(string(s.Level)), levelWidth)
	if c, ok := levelColors[s.Level]; ok && color {
		level = c + level + ansiReset
	}
	id := cleanText(s.ID)
	cols := []string{
		padLeft(strconv.Itoa(s.Rank), l.rank),
		padLeft(strconv.FormatFloat(s.Score, 'f', 1, 64), scoreWidth),
		level,
		padRight(displayName(s.Subject), l.name),
		padRight(id, l.subject),
	}
	reasons := topReasons(s.Subject, maxReasons)
	if v := verdictText(s.Disposition); v != "" {
		reasons = append(reasons, v)
	}
	var more []string
	if textWidth(id) > l.subject {
		more = append(more, stackIndent+"subject: "+id)
	}
	if l.stacked {
		line := strings.TrimRight(strings.Join(cols, columnGap), " ")
		for _, r := range reasons {
			more = append(more, bullets(r, l.reasons, stackIndent)...)
		}
		return append([]string{line}, more...)
	}
	indent := strings.Repeat(" ", l.fixed())
	joined := strings.Join(reasons, reasonSep)
	if textWidth(joined) <= l.reasons {
		return append([]string{strings.Join(append(cols, joined), columnGap)}, more...)
	}
	var lines []string
	for i, r := range reasons {
		for j, part := range hanging(r, l.reasons) {
			if i == 0 && j == 0 {
				lines = append(lines, strings.Join(append(cols, part), columnGap))
				continue
			}
			lines = append(lines, indent+part)
		}
	}
	if len(lines) == 0 {
		lines = []string{strings.TrimRight(strings.Join(cols, columnGap), " ")}
	}
	return append(lines, more...)
}

// hanging wraps one reason into lines of at most w cells, the lines after
// the first indented two cells so each reason's start stands out.
func hanging(text string, w int) []string {
	first := wrapText(text, w)
	if len(first) <= 1 || w <= 2 {
		return first
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.Join(strings.Fields(text), " "), first[0]))
	out := []string{first[0]}
	for _, p := range wrapText(rest, w-2) {
		out = append(out, "  "+p)
	}
	return out
}

// bullets wraps one reason into lines of at most w cells after indent, the
// first marked "- ", the rest aligned under its text.
func bullets(text string, w int, indent string) []string {
	parts := wrapText(text, max(w-2, 1))
	out := make([]string, len(parts))
	for i, p := range parts {
		if i == 0 {
			out[i] = indent + "- " + p
		} else {
			out[i] = indent + "  " + p
		}
	}
	return out
}

// wrapText breaks s into lines of at most w cells at spaces; a word longer
// than a line is split.
func wrapText(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var lines []string
	cur, curW := "", 0
	for _, word := range strings.Fields(s) {
		ww := textWidth(word)
		for ww > w {
			if curW > 0 {
				lines = append(lines, cur)
				cur, curW = "", 0
			}
			head, rest := splitWidth(word, w)
			lines = append(lines, head)
			word, ww = rest, textWidth(rest)
		}
		switch {
		case curW == 0:
			cur, curW = word, ww
		case curW+1+ww <= w:
			cur += " " + word
			curW += 1 + ww
		default:
			lines = append(lines, cur)
			cur, curW = word, ww
		}
	}
	if curW > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// splitWidth cuts s after at most w cells.
func splitWidth(s string, w int) (string, string) {
	used := 0
	for i, r := range s {
		rw := runeWidth(r)
		if used+rw > w {
			return s[:i], s[i:]
		}
		used += rw
	}
	return s, ""
}

// displayName is the subject's name fit for one line, "-" when unknown.
func displayName(s *mosaic.Subject) string {
	if n := strings.TrimSpace(cleanText(s.DisplayName)); n != "" {
		return n
	}
	return "-"
}

// writeClusters lists the clusters whose members score highest first, each
// with its size, its members' names and its strongest distinct links.
func writeClusters(t *lineWriter, r *mosaic.Report, limit int) {
	if len(r.Clusters) == 0 {
		return
	}
	byID := make(map[string]*mosaic.Subject, len(r.Subjects))
	for i := range r.Subjects {
		byID[r.Subjects[i].ID] = &r.Subjects[i]
	}
	clusters := orderClusters(r.Clusters, byID)
	shown := clusters
	if limit > 0 && len(shown) > limit {
		shown = shown[:limit]
	}
	idWidth := 0
	for _, k := range shown {
		idWidth = max(idWidth, textWidth(cleanText(k.ID)))
	}
	idWidth = min(idWidth, 16)
	indent := strings.Repeat(" ", 2+idWidth+len(columnGap))

	t.line("")
	t.line("Groups of people linked by shared details (clusters): " + groupDigits(len(clusters)))
	for _, k := range shown {
		names := make([]string, len(k.SubjectIDs))
		for i, id := range k.SubjectIDs {
			if s, ok := byID[id]; ok {
				names[i] = displayName(s)
			} else {
				names[i] = cleanText(id)
			}
		}
		n := len(k.SubjectIDs)
		t.line(fmt.Sprintf("  %s%s%d %s: %s", padRight(cleanText(k.ID), idWidth), columnGap,
			n, plural(n, "person", "people"), strings.Join(names, ", ")))
		for _, text := range strongestLinks(k.Links, maxLinkLines) {
			t.line(indent + "- " + text)
		}
	}
	if hidden := len(clusters) - len(shown); hidden > 0 {
		t.line(fmt.Sprintf("%s %s more groups below the limit", ellipsis, groupDigits(hidden)))
	}
}

// orderClusters sorts a copy of the clusters by their best member's score,
// then by size, so the table's clusters follow its subjects.
func orderClusters(clusters []mosaic.Cluster, byID map[string]*mosaic.Subject) []mosaic.Cluster {
	best := func(k mosaic.Cluster) float64 {
		b := -1.0
		for _, id := range k.SubjectIDs {
			if s, ok := byID[id]; ok {
				b = max(b, sortableScore(s.Score))
			}
		}
		return b
	}
	out := slices.Clone(clusters)
	slices.SortStableFunc(out, func(a, b mosaic.Cluster) int {
		if c := cmp.Compare(best(b), best(a)); c != 0 {
			return c
		}
		return cmp.Compare(len(b.SubjectIDs), len(a.SubjectIDs))
	})
	return out
}

// strongestLinks returns the explanations of up to n links, strongest first,
// each told once: a phone shared by five people makes ten links that all say
// the same thing.
func strongestLinks(links []mosaic.Link, n int) []string {
	sorted := slices.Clone(links)
	slices.SortStableFunc(sorted, func(a, b mosaic.Link) int {
		return cmp.Compare(sortableScore(b.Strength), sortableScore(a.Strength))
	})
	var out []string
	seen := map[string]bool{}
	for _, l := range sorted {
		if len(out) == n {
			break
		}
		text := cleanText(l.Explanation)
		if text == "" {
			text = "same " + cleanText(l.Kind)
		}
		if seen[text] {
			continue
		}
		seen[text] = true
		out = append(out, text)
	}
	return out
}

// legend explains the levels in one line that fits 80 columns.
func legend(color bool) string {
	return fmt.Sprintf("Levels: %s ≥%g and %s ≥%g: look now; %s ≥%g; %s ≥%g; %s below.",
		levelName(mosaic.LevelCritical, color), mosaic.ThresholdCritical,
		levelName(mosaic.LevelHigh, color), mosaic.ThresholdHigh,
		levelName(mosaic.LevelMedium, color), mosaic.ThresholdMedium,
		levelName(mosaic.LevelLow, color), mosaic.ThresholdLow,
		levelName(mosaic.LevelNone, color))
}

func levelName(l mosaic.Level, color bool) string {
	if c, ok := levelColors[l]; ok && color {
		return c + string(l) + ansiReset
	}
	return string(l)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// groupDigits writes n with thousands separators: 51,234.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// verdictText says what an analyst's verdict on a subject is and what it
// does to the score, in the words of the README's "Analyst feedback".
func verdictText(verdict string) string {
	switch verdict {
	case "":
		return ""
	case mosaic.VerdictBenign:
		return "verdict: benign (an analyst's; the score still shows the evidence, the verdict does not lower it)"
	case mosaic.VerdictConfirmed:
		return "verdict: confirmed_fraud (an analyst's; people strongly linked to this subject are raised)"
	case mosaic.VerdictUnknown:
		return "verdict: unknown (under review; no effect on any score)"
	}
	return "verdict: " + cleanText(verdict)
}
