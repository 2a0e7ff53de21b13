package report

import (
	"fmt"
	"strconv"

	"github.com/mosaic-sec/mosaic"
)

// The sanctions screening's name-only matches (mosaic.Report.ScreeningReview)
// are listed apart from the scores, for compliance review: a name alone
// never scores and never raises anyone's level. Every format shows all of
// them, whatever --min-score or --limit hide: clearing them is a
// compliance duty, and a person scoring nothing may be on the list.

// screeningTitle heads the list in the table and the HTML page.
const screeningTitle = "For compliance review (never scored)"

// pageReview is one name-only match as the HTML page shows it.
type pageReview struct {
	Subject pageRef
	Record  string
	Name    string
	Listed  string
	List    string
	EntryID string
	Score   string
	Why     string
}

// screeningRows formats the review list for the page; subjects names
// people (and links those shown on the page).
func screeningRows(r *mosaic.Report, subjects map[string]pageRef) []pageReview {
	out := make([]pageReview, 0, len(r.ScreeningReview))
	for _, m := range r.ScreeningReview {
		ref, ok := subjects[m.SubjectID]
		if !ok {
			ref = pageRef{Name: text(m.SubjectID)}
		}
		out = append(out, pageReview{Subject: ref, Record: text(m.Record), Name: text(m.Name), Listed: text(m.ListedName),
			List: text(m.List), EntryID: text(m.EntryID), Score: percent(m.Score), Why: text(m.Why)})
	}
	return out
}

func percent(score float64) string {
	return strconv.FormatFloat(100*score, 'f', 0, 64) + "%"
}

// writeScreeningReview lists the name-only matches under the table.
func writeScreeningReview(t *lineWriter, r *mosaic.Report) {
	if len(r.ScreeningReview) == 0 {
		return
	}
	names := make(map[string]string, len(r.Subjects))
	for i := range r.Subjects {
		names[r.Subjects[i].ID] = displayName(&r.Subjects[i])
	}
	n := len(r.ScreeningReview)
	t.line("")
	t.line(fmt.Sprintf("%s: %d name-only sanctions %s", screeningTitle, n, plural(n, "match", "matches")))
	for _, m := range r.ScreeningReview {
		who := names[m.SubjectID]
		if who == "" {
			who = cleanText(m.SubjectID)
		}
		line := fmt.Sprintf("%s: name %q on %s resembles %s %s (%s, %s)", who, cleanText(m.Name), cleanText(m.Record),
			cleanText(m.List), cleanText(m.EntryID), cleanText(m.ListedName), percent(m.Score))
		for i, l := range wrapText(line, t.width-4) {
			if i == 0 {
				t.line("  - " + l)
			} else {
				t.line("    " + l)
			}
		}
	}
	for _, l := range wrapText("A name alone is not a match (OFAC FAQ 5): these never score; clear them as your screening procedure requires.", t.width) {
		t.line(l)
	}
}
