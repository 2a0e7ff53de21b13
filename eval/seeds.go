package eval

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// SeedRun is one generated world evaluated twice from one report: at level
// high (what an analyst must look at now) and at level medium (what
// reaches a queue at all), so a confounder's people can be counted at both.
type SeedRun struct {
	Seed   int64
	High   *Result
	Medium *Result
}

// ConfounderTags are the honest coincidences a seed table follows: the
// ones that look like shared identities, shared homes and shared
// documents.
var ConfounderTags = []string{
	"rehire", "converted_contractor", "name_change", "couple", "household",
	"school_cohort", "bootcamp", "former_team", "popular_referee", "namesake",
}

// Goals are the figures issue 15 asks of every unseen world.
var Goals = SeedRow{AP: 0.97, Recall: 0.93, Precision: 0.95, HonestFlagged: 0.002, RingF1: 0.95}

// SeedRow is one world's headline figures, or their mean or worst case.
type SeedRow struct {
	Seed          int64   `json:"seed,omitempty"`
	AP            float64 `json:"average_precision"`
	Recall        float64 `json:"recall_at_high"`
	Precision     float64 `json:"precision_at_high"`
	HonestFlagged float64 `json:"honest_flagged_at_high"` // share of honest people at high or above
	RingF1        float64 `json:"ring_pair_f1"`
	Fraud         int     `json:"fraud"`
	Honest        int     `json:"honest"`
}

// SeedTag counts a confounder's honest people over all worlds.
type SeedTag struct {
	Tag    string `json:"tag"`
	People int    `json:"people"`
	Medium int    `json:"medium_or_above"`
	High   int    `json:"high_or_above"`
	Split  int    `json:"split"` // held by more than one subject
}

// SeedSummary is the table of several worlds: each, the mean, the worst
// case (lowest AP, recall, precision and F1; highest honest share) and the
// confounders pooled.
type SeedSummary struct {
	Worlds []SeedRow `json:"worlds"`
	Mean   SeedRow   `json:"mean"`
	Worst  SeedRow   `json:"worst"`
	Tags   []SeedTag `json:"confounders"`
	Goals  SeedRow   `json:"goals"`
}

// SummariseSeeds makes the table of runs. A run without a medium result
// counts its confounders at high only.
func SummariseSeeds(runs []SeedRun, tags []string) SeedSummary {
	s := SeedSummary{Goals: Goals}
	if len(runs) == 0 {
		return s
	}
	s.Worst = SeedRow{AP: math.Inf(1), Recall: math.Inf(1), Precision: math.Inf(1), RingF1: math.Inf(1)}
	byTag := map[string]*SeedTag{}
	for _, t := range tags {
		byTag[t] = &SeedTag{Tag: t}
	}
	for _, run := range runs {
		h := run.High
		row := SeedRow{Seed: run.Seed, AP: h.Ranking.AveragePrecision, Recall: h.AtLevel.Recall, Precision: h.AtLevel.Precision,
			HonestFlagged: h.AtLevel.FalsePositiveRate, RingF1: h.Rings.Pairwise.F1, Fraud: h.People.Fraud, Honest: h.People.Honest}
		s.Worlds = append(s.Worlds, row)
		s.Mean.AP += row.AP / float64(len(runs))
		s.Mean.Recall += row.Recall / float64(len(runs))
		s.Mean.Precision += row.Precision / float64(len(runs))
		s.Mean.HonestFlagged += row.HonestFlagged / float64(len(runs))
		s.Mean.RingF1 += row.RingF1 / float64(len(runs))
		s.Mean.Fraud += row.Fraud
		s.Mean.Honest += row.Honest
		s.Worst.AP = min(s.Worst.AP, row.AP)
		s.Worst.Recall = min(s.Worst.Recall, row.Recall)
		s.Worst.Precision = min(s.Worst.Precision, row.Precision)
		s.Worst.HonestFlagged = max(s.Worst.HonestFlagged, row.HonestFlagged)
		s.Worst.RingF1 = min(s.Worst.RingF1, row.RingF1)
		for _, c := range h.FalsePositivesByTag {
			if t := byTag[c.Tag]; t != nil {
				t.People += c.Total
				t.High += c.Flagged
			}
		}
		for _, c := range h.EntityResolution.UnderMergedByTag {
			if t := byTag[c.Tag]; t != nil {
				t.Split += c.Flagged
			}
		}
		if m := run.Medium; m != nil {
			for _, c := range m.FalsePositivesByTag {
				if t := byTag[c.Tag]; t != nil {
					t.Medium += c.Flagged
				}
			}
		}
	}
	for _, t := range tags {
		s.Tags = append(s.Tags, *byTag[t])
	}
	return s
}

// WriteTable prints the summary for people: one line per world, the mean,
// the worst case and the goal, then the confounders.
func (s SeedSummary) WriteTable(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	p := func(cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t") }
	f3 := func(v float64) string { return fmt.Sprintf("%.3f", v) }
	pct := func(v float64) string { return fmt.Sprintf("%.2f%%", 100*v) }
	p("world", "fraud", "honest", "AP", "recall@high", "precision@high", "honest@high", "ring pair F1")
	for _, r := range s.Worlds {
		p(fmt.Sprintf("seed %d", r.Seed), fmt.Sprint(r.Fraud), fmt.Sprint(r.Honest), f3(r.AP), f3(r.Recall), f3(r.Precision), pct(r.HonestFlagged), f3(r.RingF1))
	}
	if len(s.Worlds) > 0 {
		m, x, g := s.Mean, s.Worst, s.Goals
		p("mean", fmt.Sprint(m.Fraud), fmt.Sprint(m.Honest), f3(m.AP), f3(m.Recall), f3(m.Precision), pct(m.HonestFlagged), f3(m.RingF1))
		p("worst", "", "", f3(x.AP), f3(x.Recall), f3(x.Precision), pct(x.HonestFlagged), f3(x.RingF1))
		p("goal", "", "", "≥"+f3(g.AP), "≥"+f3(g.Recall), "≥"+f3(g.Precision), "≤"+pct(g.HonestFlagged), "≥"+f3(g.RingF1))
	}
	p("")
	p("confounder (honest, all worlds)", "people", "medium+", "high+", "split")
	for _, t := range s.Tags {
		p(t.Tag, fmt.Sprint(t.People), fmt.Sprint(t.Medium), fmt.Sprint(t.High), fmt.Sprint(t.Split))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
