package main

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/eval"
)

// TestQualityOnGeneratedCompanies is CI's proving ground: simulate six tiny
// companies, scan each twice (everything, and application-stage data
// only), and hold the pooled results to the detection targets of
// docs/detection.md. A tiny world holds a dozen ring personas, so one
// world's recall moves in steps of 8%: the targets apply to the pool.
//
// Full data: mean average precision 0.95, recall 0.90 at level high, at
// most 1% of honest people flagged. Application stage (jobs, applications,
// attachments and interview notes only): recall 0.80 with at most 1% of
// honest applicants flagged.
const (
	minMeanAP        = 0.95
	minRecall        = 0.90
	maxFPRate        = 0.01
	stageRecallFloor = 0.80
)

func TestQualityOnGeneratedCompanies(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and scans six companies; skipped with -short")
	}
	var full, apply eval.Confusion
	sumAP := 0.0
	seeds := []int64{11, 12, 13, 14, 15, 16}
	for _, seed := range seeds {
		dir := generate(t, "tiny", seed)
		truth, err := eval.LoadTruth(dir)
		if err != nil {
			t.Fatal(err)
		}
		hires, _ := eval.LoadHires(dir)
		res, err := eval.Evaluate(scanJSON(t, dir), truth, eval.Options{Hires: hires, Level: mosaic.LevelHigh})
		if err != nil {
			t.Fatal(err)
		}
		staged, err := eval.Evaluate(scanJSON(t, dir, "--stage", "apply"), truth, eval.Options{Hires: hires, Level: mosaic.LevelHigh, Stage: eval.StageApply})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d: AP %.3f, recall %.3f, FP rate %.4f at high; application stage: recall %.3f, FP rate %.4f (missed %v; honest flagged %v)",
			seed, res.Ranking.AveragePrecision, res.AtLevel.Recall, res.AtLevel.FalsePositiveRate,
			staged.AtLevel.Recall, staged.AtLevel.FalsePositiveRate, res.Missed, res.FalsePositives)
		sumAP += res.Ranking.AveragePrecision
		full = pool(full, res.AtLevel)
		apply = pool(apply, staged.AtLevel)
	}
	meanAP := sumAP / float64(len(seeds))
	t.Logf("pooled: mean AP %.3f, recall %.3f, FP rate %.4f; application stage recall %.3f, FP rate %.4f",
		meanAP, full.Recall, full.FalsePositiveRate, apply.Recall, apply.FalsePositiveRate)
	if meanAP < minMeanAP {
		t.Errorf("mean average precision %.3f < %.2f", meanAP, minMeanAP)
	}
	if full.Recall < minRecall {
		t.Errorf("recall at high %.3f < %.2f", full.Recall, minRecall)
	}
	if full.FalsePositiveRate > maxFPRate {
		t.Errorf("%.4f of honest people flagged high (> %.2f)", full.FalsePositiveRate, maxFPRate)
	}
	if apply.Recall < stageRecallFloor {
		t.Errorf("application stage: recall at high %.3f < %.2f", apply.Recall, stageRecallFloor)
	}
	if apply.FalsePositiveRate > maxFPRate {
		t.Errorf("application stage: %.4f of honest applicants flagged high (> %.2f)", apply.FalsePositiveRate, maxFPRate)
	}
}

// pool adds the counts of c to p and recomputes the rates.
func pool(p, c eval.Confusion) eval.Confusion {
	p.TruePositives += c.TruePositives
	p.FalsePositives += c.FalsePositives
	p.FalseNegatives += c.FalseNegatives
	p.TrueNegatives += c.TrueNegatives
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	p.Recall = ratio(p.TruePositives, p.TruePositives+p.FalseNegatives)
	p.Precision = ratio(p.TruePositives, p.TruePositives+p.FalsePositives)
	p.FalsePositiveRate = ratio(p.FalsePositives, p.FalsePositives+p.TrueNegatives)
	return p
}
