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
	minIDsWidth  = 8
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
// per ranked subject with its three strongest reasons, the clusters, and a
// legend. No line is wider than opts.Width.
func renderTable(w io.Writer, r *mosaic.Report, opts Options) error {
	t := &lineWriter{w: w, width: opts.Width}
	if t.width <= 0 {
		t.width = DefaultWidth
	}
	all := rankSubjects(r, opts.MinScore)
	shown := all
	if opts.Limit > 0 && len(shown) > opts.Limit {
		shown = shown[:opts.Limit]
	}

	t.line(inputLine(r, t.width))
	t.line(subjectsLine(all, opts.MinScore))
	t.line("")
	if len(shown) == 0 {
		t.line("No subjects to show.")
	} else {
		l := newLayout(shown, t.width)
		t.line(l.header())
		for _, s := range shown {
			for _, line := range l.rows(s, opts.Color) {
				t.line(line)
			}
		}
		if hidden := len(all) - len(shown); hidden > 0 {
			t.line(fmt.Sprintf("%s %s more below the limit", ellipsis, groupDigits(hidden)))
		}
	}
	writeClusters(t, r, opts.Limit)
	t.line("")
	t.line(legend(opts.Color))
	return t.err
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

// layout holds the widths of the table's data-dependent columns.
type layout struct {
	rank, name, ids, reasons int
}

// newLayout sizes the columns to the rows and the terminal: name and ids
// take what their longest value needs up to a cap, and the reasons get the
// rest. On a narrow terminal name and ids give way first.
func newLayout(rows []ranked, width int) layout {
	l := layout{rank: len(strconv.Itoa(rows[len(rows)-1].Rank))}
	nameNeed, idsNeed := len("NAME"), len("IDS")
	for _, s := range rows {
		nameNeed = max(nameNeed, textWidth(displayName(s.Subject)))
		idsNeed = max(idsNeed, textWidth(compactIDs(s.Subject)))
	}
	l.name = min(nameNeed, clamp(width/5, minNameWidth, 30))
	l.ids = min(idsNeed, clamp(width/7, minIDsWidth, 20))
	fixed := l.rank + scoreWidth + levelWidth + l.name + l.ids + 5*len(columnGap)
	l.reasons = width - fixed
	for l.reasons < minReasons && l.name > minNameWidth {
		l.name--
		l.reasons++
	}
	for l.reasons < minReasons && l.ids > minIDsWidth {
		l.ids--
		l.reasons++
	}
	l.reasons = max(l.reasons, 0)
	return l
}

func (l layout) header() string {
	return strings.Join([]string{
		padLeft("#", l.rank),
		padLeft("SCORE", scoreWidth),
		padRight("LEVEL", levelWidth),
		padRight("NAME", l.name),
		padRight("IDS", l.ids),
		"TOP REASONS",
	}, columnGap)
}

// rows writes a subject on one line, or, when its reasons do not fit side
// by side, with each of its top reasons on a line of its own under the
// reasons column, so every reason stays readable.
func (l layout) rows(s ranked, color bool) []string {
	level := padRight(cleanText(string(s.Level)), levelWidth)
	if c, ok := levelColors[s.Level]; ok && color {
		level = c + level + ansiReset
	}
	reasons := topReasons(s.Subject, maxReasons)
	first := fitParts(reasons, reasonSep, l.reasons)
	var more []string
	if len(reasons) > 1 && textWidth(strings.Join(reasons, reasonSep)) > l.reasons {
		first = fitParts(reasons[:1], reasonSep, l.reasons)
		indent := strings.Repeat(" ", l.rank+scoreWidth+levelWidth+l.name+l.ids+5*len(columnGap))
		for _, r := range reasons[1:] {
			more = append(more, indent+fitParts([]string{r}, reasonSep, l.reasons))
		}
	}
	line := strings.Join([]string{
		padLeft(strconv.Itoa(s.Rank), l.rank),
		padLeft(strconv.FormatFloat(s.Score, 'f', 1, 64), scoreWidth),
		level,
		padRight(displayName(s.Subject), l.name),
		padRight(fitIDs(s.Subject, l.ids), l.ids),
		first,
	}, columnGap)
	return append([]string{line}, more...)
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
