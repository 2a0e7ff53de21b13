package eval

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// tableListLimit bounds every list in the table; the JSON result has them all.
const tableListLimit = 10

// WriteTable prints the result as a compact table for people.
func (res *Result) WriteTable(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }

	pop := res.People
	p("evaluation\tstage %s, flagged = level %s or above", res.Stage, res.Level)
	p("people\t%d in scope: %d fraud, %d honest; %d seen, %d unseen; %d excluded by stage", pop.Total, pop.Fraud, pop.Honest, pop.Seen, pop.Unseen, pop.Excluded)
	p("ranking\tAP %.3f (%s ties; optimistic %.3f)", res.Ranking.AveragePrecision, res.Ranking.Ties, res.Ranking.AveragePrecisionOptimistic)
	p("")
	p("at level\tTP\tFP\tFN\tTN\trecall\tprecision\tFP rate")
	for _, row := range []struct {
		name string
		c    Confusion
	}{{"everyone", res.AtLevel}, {"hired", res.Hired}} {
		c := row.c
		p("  %s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.4f", row.name, c.TruePositives, c.FalsePositives, c.FalseNegatives, c.TrueNegatives, c.Recall, c.Precision, c.FalsePositiveRate)
	}
	p("")
	writeTags(p, "honest flagged by tag", res.FalsePositivesByTag)
	writeTags(p, "fraud flagged by tag", res.FraudByTag)

	pw := res.Rings.Pairwise
	p("rings\tpairwise precision %.3f, recall %.3f, F1 %.3f (pairs: %d in rings, %d in clusters, %d both)", pw.Precision, pw.Recall, pw.F1, pw.TruePairs, pw.PredictedPairs, pw.CorrectPairs)
	if len(res.Rings.Rings) > 0 {
		p("  ring\tmembers\tseen\tflagged\tlargest cluster\ttogether\tshare\thonest in it\tother fraud in it")
		for _, r := range res.Rings.Rings {
			cluster := r.Cluster
			if cluster == "" {
				cluster = "-"
			}
			p("  %s\t%d\t%d\t%d\t%s\t%d\t%.2f\t%d\t%d", clean(r.Ring), r.Members, r.Seen, r.Flagged, clean(cluster), r.Together, r.Share, r.Honest, r.OtherFraud)
		}
	}
	p("")

	er := res.EntityResolution
	p("entity resolution\t%d over-merged subjects, %d under-merged people; %d subjects and %d ids of nobody known", len(er.OverMerged), er.UnderMerged, er.UnknownSubjects, er.UnknownIDs)
	for i, m := range er.OverMerged {
		if i == tableListLimit {
			p("  …\t%d more over-merged", len(er.OverMerged)-i)
			break
		}
		p("  over\t%s holds %s (%d fraud, %d honest)", clean(m.Subject), clean(strings.Join(m.People, ", ")), m.Fraud, m.Honest)
	}
	for _, u := range er.UnderMergedExamples {
		p("  under\t%s (%s) split over %s", clean(u.Person), u.Role, clean(strings.Join(u.Subjects, ", ")))
	}
	p("")

	tl := res.Timeliness
	median := "n/a"
	if tl.MedianDays != nil {
		median = fmt.Sprintf("%+.1f days", *tl.MedianDays)
	}
	p("timeliness\t%d hired fraud, %d with hire date, %d flagged; median first flag %s from hire; %d flagged before hire (%.0f%%)",
		tl.HiredFraud, tl.WithHireDate, tl.Flagged, median, tl.FlaggedBeforeHire, 100*tl.ShareBeforeHire)
	for i, t := range tl.Personas {
		if i == tableListLimit {
			p("  …\t%d more personas", len(tl.Personas)-i)
			break
		}
		days := "-"
		if t.Days != nil {
			days = fmt.Sprintf("%+.1f", *t.Days)
		}
		p("  %s\t%s\thired %s\tflagged %s\t%s", clean(t.Person), clean(t.EmployeeID), day(t.HireDate), day(t.FirstFlaggedAt), days)
	}
	p("")
	p("missed fraud\t%s", list(res.Missed))
	p("honest flagged\t%s", list(res.FalsePositives))

	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func writeTags(p func(string, ...any), title string, tags []TagCount) {
	if len(tags) == 0 {
		return
	}
	p("%s\tflagged\tof", title)
	for i, t := range tags {
		if i == tableListLimit {
			p("  …\t%d more tags", len(tags)-i)
			break
		}
		p("  %s\t%d\t%d", clean(t.Tag), t.Flagged, t.Total)
	}
	p("")
}

func day(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.DateOnly)
}

func list(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	if len(ids) <= tableListLimit {
		return clean(strings.Join(ids, ", "))
	}
	return fmt.Sprintf("%s … and %d more", clean(strings.Join(ids[:tableListLimit], ", ")), len(ids)-tableListLimit)
}

// clean keeps ids from a report or a truth file from breaking the table's
// lines and columns: control characters (tabs, newlines, escapes) become a
// visible mark, and very long ids are cut.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	return truncate(s)
}
