package main

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/eval"
)

// TestQualityOnGeneratedCompanies is CI's proving ground: simulate tiny
// companies, scan them, and hold the reports to a quality floor. The floor
// is below the targets of docs/detection.md (AP 0.95, recall 0.90 at high,
// at most 1% of honest people flagged), which tiny worlds do not all reach
// yet; it catches regressions, and the log shows where each seed stands.
// The quality floor CI enforces; raise it as detection improves.
const (
	floorAP     = 0.75
	floorRecall = 0.60
	maxFPRate   = 0.02
)

func TestQualityOnGeneratedCompanies(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and scans two companies; skipped with -short")
	}
	for _, seed := range []int64{11, 12} {
		dir := generate(t, "tiny", seed)
		r := scanJSON(t, dir)
		truth, err := eval.LoadTruth(dir)
		if err != nil {
			t.Fatal(err)
		}
		hires, _ := eval.LoadHires(dir)
		res, err := eval.Evaluate(r, truth, eval.Options{Hires: hires, Level: mosaic.LevelHigh})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d: AP %.3f, recall %.3f, FP rate %.4f at high", seed, res.Ranking.AveragePrecision, res.AtLevel.Recall, res.AtLevel.FalsePositiveRate)
		if res.Ranking.AveragePrecision < floorAP {
			t.Errorf("seed %d: average precision %.3f < %.2f", seed, res.Ranking.AveragePrecision, floorAP)
		}
		if res.AtLevel.Recall < floorRecall {
			t.Errorf("seed %d: recall at high %.3f < %.2f (missed %v)", seed, res.AtLevel.Recall, floorRecall, res.Missed)
		}
		if res.AtLevel.FalsePositiveRate > maxFPRate {
			t.Errorf("seed %d: %.4f of honest people flagged high (> %.2f): %v", seed, res.AtLevel.FalsePositiveRate, maxFPRate, res.FalsePositives)
		}
	}
}
