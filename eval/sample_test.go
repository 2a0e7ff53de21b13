package eval

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// oracleReport is the report a perfect scan would write: one subject per
// person holding all their ids, fraud at critical in one cluster per ring and
// flagged ten days before the hire, honest people at none.
func oracleReport(truth *Truth, hires map[string]time.Time) *mosaic.Report {
	r := &mosaic.Report{Schema: mosaic.ReportSchema}
	clusters := map[string]int{}
	for i, p := range truth.People {
		s := mosaic.Subject{
			ID: fmt.Sprintf("S%06d", i), ApplicationIDs: p.ApplicationIDs, CandidateIDs: p.CandidateIDs,
			Score: 5, Level: mosaic.LevelNone,
		}
		if p.EmployeeID != "" {
			s.EmployeeIDs = []string{p.EmployeeID}
		}
		if p.Fraud() {
			s.Score, s.Level = 95, mosaic.LevelCritical
			if hired, ok := hires[p.EmployeeID]; ok {
				at := hired.AddDate(0, 0, -10)
				s.FirstFlaggedAt = &at
			}
			if p.Ring != "" {
				id := "K-" + p.Ring
				s.ClusterID = &id
				if _, ok := clusters[id]; !ok {
					clusters[id] = len(r.Clusters)
					r.Clusters = append(r.Clusters, mosaic.Cluster{ID: id})
				}
				c := &r.Clusters[clusters[id]]
				c.SubjectIDs = append(c.SubjectIDs, s.ID)
			}
		}
		r.Subjects = append(r.Subjects, s)
	}
	return r
}

func TestEvaluateSampleOracle(t *testing.T) {
	needSample(t)
	truth, err := LoadTruth(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	hires, err := LoadHires(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{StageFull, StageApply} {
		res, err := Evaluate(oracleReport(truth, hires), truth, Options{Stage: stage, Hires: hires})
		if err != nil {
			t.Fatal(err)
		}
		if res.Ranking.AveragePrecision != 1 || res.AtLevel.Recall != 1 || res.AtLevel.FalsePositives != 0 {
			t.Errorf("stage %q: AP %v, recall %v, FP %d; want 1, 1, 0", stage, res.Ranking.AveragePrecision, res.AtLevel.Recall, res.AtLevel.FalsePositives)
		}
		if res.Rings.Pairwise.F1 != 1 {
			t.Errorf("stage %q: pairwise %+v, want F1 1", stage, res.Rings.Pairwise)
		}
		er := res.EntityResolution
		if len(er.OverMerged) != 0 || er.UnderMerged != 0 {
			t.Errorf("stage %q: entity resolution %+v, want no errors", stage, er)
		}
		tl := res.Timeliness
		if tl.HiredFraud == 0 || tl.ShareBeforeHire != 1 || tl.MedianDays == nil || *tl.MedianDays != -10 {
			t.Errorf("stage %q: timeliness %+v, want all flagged 10 days before hire", stage, tl)
		}
		if stage == StageApply && res.People.Excluded == 0 {
			t.Errorf("apply stage excluded nobody, but the sample has employees-only people")
		}
	}
}

// syntheticCase is a large truth and a noisy report over it: some people
// split over two subjects, some merged with a neighbour, one ring in a few
// clusters.
func syntheticCase(people int) (*Truth, *mosaic.Report, map[string]time.Time) {
	rng := rand.New(rand.NewPCG(1, 2))
	truth := &Truth{}
	hires := map[string]time.Time{}
	r := &mosaic.Report{}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rings := max(1, people/1000) // one person in a hundred is a fraud, ten to a ring
	for i := range people {
		p := Person{
			ID:             fmt.Sprintf("P%07d", i),
			Role:           RoleLegit,
			ApplicationIDs: []string{fmt.Sprintf("A%07d", i), fmt.Sprintf("A%07db", i)},
			CandidateIDs:   []string{fmt.Sprintf("C%07d", i)},
			Tags:           []string{[]string{"household", "traveler", "roster", "consumer_vpn"}[i%4]},
		}
		if i%100 == 0 {
			p.Role, p.Ring = RoleFraud, fmt.Sprintf("R%d", i/100%rings)
		}
		if i%5 == 0 {
			p.EmployeeID = fmt.Sprintf("E%07d", i)
			hires[p.EmployeeID] = base.AddDate(0, 0, i%300)
		}
		truth.People = append(truth.People, p)

		score := rng.Float64() * 80
		if p.Fraud() {
			score = 40 + rng.Float64()*60
		}
		s := mosaic.Subject{ID: "S" + p.ID, ApplicationIDs: p.ApplicationIDs, CandidateIDs: p.CandidateIDs, Score: score, Level: mosaic.LevelFor(score)}
		if p.EmployeeID != "" {
			s.EmployeeIDs = []string{p.EmployeeID}
		}
		if s.Level.Rank() >= mosaic.LevelHigh.Rank() {
			at := base.AddDate(0, 0, rng.IntN(400))
			s.FirstFlaggedAt = &at
		}
		if p.Fraud() {
			k := fmt.Sprintf("K%s-%d", p.Ring, rng.IntN(3))
			s.ClusterID = &k
		}
		switch rng.IntN(20) {
		case 0: // split: the second application becomes a subject of its own
			s.ApplicationIDs = p.ApplicationIDs[:1]
			r.Subjects = append(r.Subjects, mosaic.Subject{ID: "T" + p.ID, ApplicationIDs: p.ApplicationIDs[1:], Score: score / 2, Level: mosaic.LevelFor(score / 2)})
		case 1: // merged with the next person's application
			s.ApplicationIDs = append(s.ApplicationIDs[:2:2], fmt.Sprintf("A%07d", i+1))
		}
		r.Subjects = append(r.Subjects, s)
	}
	for i := range rings {
		truth.Rings = append(truth.Rings, Ring{ID: fmt.Sprintf("R%d", i), Members: people / 100 / rings})
	}
	return truth, r, hires
}

func TestEvaluateSynthetic(t *testing.T) {
	truth, r, hires := syntheticCase(5000)
	res, err := Evaluate(r, truth, Options{Hires: hires})
	if err != nil {
		t.Fatal(err)
	}
	if res.People.Total != 5000 || res.People.Fraud != 50 {
		t.Fatalf("people = %+v", res.People)
	}
	if ap := res.Ranking.AveragePrecision; ap <= 0 || ap >= 1 || ap > res.Ranking.AveragePrecisionOptimistic {
		t.Errorf("AP = %v (optimistic %v), want in (0, 1) and no more than optimistic", ap, res.Ranking.AveragePrecisionOptimistic)
	}
	if res.EntityResolution.UnderMerged == 0 || len(res.EntityResolution.OverMerged) == 0 {
		t.Errorf("noisy report shows no entity-resolution errors: %+v", res.EntityResolution)
	}
	if pw := res.Rings.Pairwise; pw.Precision != 1 || pw.Recall >= 1 {
		t.Errorf("pairwise = %+v, want pure clusters that split rings", pw)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		truth, r, hires := syntheticCase(n)
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Evaluate(r, truth, Options{Hires: hires}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLoadTruthSample(b *testing.B) {
	needSample(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadTruth(sampleDir); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEvaluateHugeSubject: one subject holding every id twice must neither
// take quadratic time nor lose count.
func TestEvaluateHugeSubject(t *testing.T) {
	truth, r, _ := syntheticCase(3000)
	all := mosaic.Subject{ID: "ALL", Score: 99, Level: mosaic.LevelCritical}
	for range 2 {
		for _, p := range truth.People {
			all.ApplicationIDs = append(all.ApplicationIDs, p.ApplicationIDs...)
		}
	}
	r.Subjects = append(r.Subjects, all)
	res, err := Evaluate(r, truth, Options{})
	if err != nil {
		t.Fatal(err)
	}
	over := res.EntityResolution.OverMerged
	last := over[len(over)-1]
	if last.Subject != "ALL" || len(last.People) != 3000 || last.Fraud != 30 {
		t.Errorf("last over-merge = %s with %d people (%d fraud), want ALL with 3000 (30)", last.Subject, len(last.People), last.Fraud)
	}
	if res.AtLevel.FalsePositiveRate != 1 || res.EntityResolution.UnderMerged != 3000 {
		t.Errorf("FP rate %v, under-merged %d; want 1 and 3000", res.AtLevel.FalsePositiveRate, res.EntityResolution.UnderMerged)
	}
}
