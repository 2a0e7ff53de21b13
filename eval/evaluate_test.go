package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// subject builds a report subject; ids are "A…", "C…" or "E…".
func subject(id string, score float64, level mosaic.Level, cluster string, flaggedAt string, ids ...string) mosaic.Subject {
	s := mosaic.Subject{ID: id, Score: score, Level: level}
	for _, x := range ids {
		switch x[0] {
		case 'A':
			s.ApplicationIDs = append(s.ApplicationIDs, x)
		case 'C':
			s.CandidateIDs = append(s.CandidateIDs, x)
		case 'E':
			s.EmployeeIDs = append(s.EmployeeIDs, x)
		}
	}
	if cluster != "" {
		s.ClusterID = &cluster
	}
	if flaggedAt != "" {
		at, err := time.Parse(time.RFC3339, flaggedAt)
		if err != nil {
			panic(err)
		}
		s.FirstFlaggedAt = &at
	}
	return s
}

// smallReport scores testdata/small: see the comments for what each subject
// stands for. The expectations of TestEvaluateSmall are computed by hand
// from it.
func smallReport() *mosaic.Report {
	return &mosaic.Report{
		Schema: mosaic.ReportSchema,
		Subjects: []mosaic.Subject{
			subject("S1", 95, mosaic.LevelCritical, "K1", "2026-01-05T00:00:00Z", "A1", "C1", "E1"), // F1, 5 days before hire
			subject("S2", 50, mosaic.LevelMedium, "", "", "A2"),                                     // F1 again: under-merge
			subject("S3", 80, mosaic.LevelHigh, "K1", "", "A3", "C2", "A7"),                         // F2 with L1's application: over-merge
			subject("S4", 75, mosaic.LevelHigh, "K1", "", "A5", "C4"),                               // F4, clustered with R1
			subject("S5", 30, mosaic.LevelLow, "K2", "", "A4", "C3", "E3"),                          // F3, missed
			subject("S6", 72, "", "", "2026-03-01T00:00:00Z", "A6", "C5", "E5"),                     // F5, level from score; 28 days after hire
			subject("S7", 10, mosaic.LevelNone, "", "", "E7"),                                       // L2
			subject("S8", 85, mosaic.LevelHigh, "K2", "", "A8", "C7", "E8"),                         // L3, honest employee flagged
			subject("S9", 5, mosaic.LevelNone, "", "", "A99"),                                       // nobody in the truth
			// L4 (A9, C8) is in no subject.
		},
	}
}

func loadSmall(t *testing.T) (*Truth, map[string]time.Time) {
	t.Helper()
	truth, err := LoadTruth("testdata/small")
	if err != nil {
		t.Fatal(err)
	}
	hires, err := LoadHires("testdata/small")
	if err != nil {
		t.Fatal(err)
	}
	return truth, hires
}

func TestEvaluateSmall(t *testing.T) {
	truth, hires := loadSmall(t)
	res, err := Evaluate(smallReport(), truth, Options{Hires: hires})
	if err != nil {
		t.Fatal(err)
	}

	if want := (Population{Total: 9, Fraud: 5, Honest: 4, Seen: 8, Unseen: 1, Subjects: 9}); res.People != want {
		t.Errorf("people = %+v, want %+v", res.People, want)
	}
	if res.Level != mosaic.LevelHigh || res.Stage != "full" {
		t.Errorf("level %q stage %q, want high and full", res.Level, res.Stage)
	}

	// Ranking: F1 95, L3 85, {F2, L1} 80, F4 75, F5 72, F3 30, L2 10, L4 0.
	// Pessimistic: F1 L3 L1 F2 F4 F5 F3 -> (1 + 2/4 + 3/5 + 4/6 + 5/7) / 5.
	// Optimistic:  F1 L3 F2 L1 F4 F5 F3 -> (1 + 2/3 + 3/5 + 4/6 + 5/7) / 5.
	if want := (1 + 2.0/4 + 3.0/5 + 4.0/6 + 5.0/7) / 5; !near(res.Ranking.AveragePrecision, want) {
		t.Errorf("AP = %.6f, want %.6f", res.Ranking.AveragePrecision, want)
	}
	if want := (1 + 2.0/3 + 3.0/5 + 4.0/6 + 5.0/7) / 5; !near(res.Ranking.AveragePrecisionOptimistic, want) {
		t.Errorf("optimistic AP = %.6f, want %.6f", res.Ranking.AveragePrecisionOptimistic, want)
	}

	// Flagged at high: F1 F2 F4 F5, and honest L1 (over-merged) and L3.
	wantAll := Confusion{TruePositives: 4, FalsePositives: 2, FalseNegatives: 1, TrueNegatives: 2, Recall: 0.8, Precision: 4.0 / 6, FalsePositiveRate: 0.5}
	if !confusionNear(res.AtLevel, wantAll) {
		t.Errorf("at level = %+v, want %+v", res.AtLevel, wantAll)
	}
	// Hired: fraud F1 F3 F5, honest L2 L3.
	wantHired := Confusion{TruePositives: 2, FalsePositives: 1, FalseNegatives: 1, TrueNegatives: 1, Recall: 2.0 / 3, Precision: 2.0 / 3, FalsePositiveRate: 0.5}
	if !confusionNear(res.Hired, wantHired) {
		t.Errorf("hired = %+v, want %+v", res.Hired, wantHired)
	}
	if want := []string{"F3"}; !reflect.DeepEqual(res.Missed, want) {
		t.Errorf("missed = %v, want %v", res.Missed, want)
	}
	if want := []string{"L1", "L3"}; !reflect.DeepEqual(res.FalsePositives, want) {
		t.Errorf("false positives = %v, want %v", res.FalsePositives, want)
	}

	wantFPTags := []TagCount{{"household", 1, 2, 0.5}, {"traveler", 1, 1, 1}, {"roster", 0, 1, 0}}
	if !reflect.DeepEqual(res.FalsePositivesByTag, wantFPTags) {
		t.Errorf("false positives by tag = %+v, want %+v", res.FalsePositivesByTag, wantFPTags)
	}
	wantFraudTags := []TagCount{{"shared_phone", 2, 2, 1}, {"vpn_submit", 1, 1, 1}}
	if !reflect.DeepEqual(res.FraudByTag, wantFraudTags) {
		t.Errorf("fraud by tag = %+v, want %+v", res.FraudByTag, wantFraudTags)
	}

	// Rings R1 {F1 F2 F3}, R2 {F4 F5}; clusters K1 {F1 F2 F4}, K2 {F3}, F5 alone.
	// True pairs 3 + 1 = 4; predicted 3 (K1); correct 1 (F1-F2).
	// P = 1/3, R = 1/4, F1 = 2PR/(P+R) = 2/7.
	wantPairs := PairScores{TruePairs: 4, PredictedPairs: 3, CorrectPairs: 1, Precision: 1.0 / 3, Recall: 0.25, F1: 2.0 / 7}
	if !pairsNear(res.Rings.Pairwise, wantPairs) {
		t.Errorf("pairwise = %+v, want %+v", res.Rings.Pairwise, wantPairs)
	}
	wantRings := []RingResult{
		// K1 holds F1 F2 (R1), L1 (honest) and F4 (R2).
		{Ring: "R1", TTPs: []string{"shared_phone", "vpn_submit", "template_resume"}, Declared: 3, Members: 3, Seen: 3, Flagged: 2,
			Cluster: "K1", Together: 2, Share: 2.0 / 3, Honest: 1, OtherFraud: 1},
		// F4 in K1, F5 alone: a tie that the real cluster wins.
		{Ring: "R2", TTPs: []string{"laptop_farm"}, Declared: 2, Members: 2, Seen: 2, Flagged: 2,
			Cluster: "K1", Together: 1, Share: 0.5, Honest: 1, OtherFraud: 2},
	}
	if !reflect.DeepEqual(res.Rings.Rings, wantRings) {
		t.Errorf("rings =\n%+v\nwant\n%+v", res.Rings.Rings, wantRings)
	}

	er := res.EntityResolution
	if want := []OverMerge{{Subject: "S3", People: []string{"F2", "L1"}, Fraud: 1, Honest: 1}}; !reflect.DeepEqual(er.OverMerged, want) {
		t.Errorf("over-merged = %+v, want %+v", er.OverMerged, want)
	}
	if want := []UnderMerge{{Person: "F1", Role: RoleFraud, Subjects: []string{"S1", "S2"}}}; er.UnderMerged != 1 || !reflect.DeepEqual(er.UnderMergedExamples, want) {
		t.Errorf("under-merged = %d %+v, want 1 %+v", er.UnderMerged, er.UnderMergedExamples, want)
	}
	if er.UnknownSubjects != 1 || er.UnknownIDs != 1 {
		t.Errorf("unknown subjects %d, ids %d; want 1 and 1 (S9's A99)", er.UnknownSubjects, er.UnknownIDs)
	}

	// F1 flagged 5 days before hire, F5 28 days after, F3 never.
	tl := res.Timeliness
	if tl.HiredFraud != 3 || tl.WithHireDate != 3 || tl.Flagged != 2 || tl.FlaggedBeforeHire != 1 || !near(tl.ShareBeforeHire, 1.0/3) {
		t.Errorf("timeliness = %+v", tl)
	}
	if tl.MedianDays == nil || !near(*tl.MedianDays, 11.5) {
		t.Errorf("median days = %v, want 11.5", tl.MedianDays)
	}
	if len(tl.Personas) != 3 || tl.Personas[0].Days == nil || !near(*tl.Personas[0].Days, -5) || tl.Personas[1].Days != nil {
		t.Errorf("personas = %+v", tl.Personas)
	}
}

func TestEvaluateApplyStage(t *testing.T) {
	truth, hires := loadSmall(t)
	res, err := Evaluate(smallReport(), truth, Options{Stage: StageApply, Hires: hires})
	if err != nil {
		t.Fatal(err)
	}
	// L2 has no application: left out, and S7 (her employee record) then
	// holds nobody in scope.
	if want := (Population{Total: 8, Fraud: 5, Honest: 3, Excluded: 1, Seen: 7, Unseen: 1, Subjects: 9}); res.People != want {
		t.Errorf("people = %+v, want %+v", res.People, want)
	}
	if res.Stage != StageApply {
		t.Errorf("stage = %q", res.Stage)
	}
	if h := res.Hired; h.TruePositives != 2 || h.FalsePositives != 1 || h.FalseNegatives != 1 || h.TrueNegatives != 0 {
		t.Errorf("hired = %+v, want TP 2 FP 1 FN 1 TN 0", h)
	}
	if er := res.EntityResolution; er.UnknownSubjects != 2 || er.UnknownIDs != 2 {
		t.Errorf("unknown subjects %d, ids %d; want 2 and 2 (A99, E7)", er.UnknownSubjects, er.UnknownIDs)
	}
	for _, tag := range res.FalsePositivesByTag {
		if tag.Tag == "roster" {
			t.Errorf("roster tag counted in the apply stage: %+v", tag)
		}
	}
}

func TestEvaluateLevel(t *testing.T) {
	truth, _ := loadSmall(t)
	tests := []struct {
		level      mosaic.Level
		tp, fp, fn int
	}{
		{mosaic.LevelCritical, 1, 0, 4},
		{mosaic.LevelHigh, 4, 2, 1},
		{mosaic.LevelMedium, 4, 2, 1}, // F1's medium subject changes nothing
		{mosaic.LevelLow, 5, 2, 0},
		// none: every person seen is flagged, but the unseen L4 never is.
		{mosaic.LevelNone, 5, 3, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.level), func(t *testing.T) {
			res, err := Evaluate(smallReport(), truth, Options{Level: tt.level})
			if err != nil {
				t.Fatal(err)
			}
			c := res.AtLevel
			if c.TruePositives != tt.tp || c.FalsePositives != tt.fp || c.FalseNegatives != tt.fn {
				t.Errorf("TP %d FP %d FN %d, want %d %d %d", c.TruePositives, c.FalsePositives, c.FalseNegatives, tt.tp, tt.fp, tt.fn)
			}
		})
	}
}

func TestEvaluateInvalid(t *testing.T) {
	truth, _ := loadSmall(t)
	tests := []struct {
		name   string
		report *mosaic.Report
		truth  *Truth
		opts   Options
	}{
		{"no report", nil, truth, Options{}},
		{"no truth", smallReport(), nil, Options{}},
		{"unknown stage", smallReport(), truth, Options{Stage: "hire"}},
		{"unknown level", smallReport(), truth, Options{Level: "severe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Evaluate(tt.report, tt.truth, tt.opts)
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Errorf("error %v, want EINVALID", err)
			}
		})
	}
}

func TestEvaluatePerfectRings(t *testing.T) {
	truth, _ := loadSmall(t)
	r := &mosaic.Report{
		Subjects: []mosaic.Subject{
			subject("S1", 99, mosaic.LevelCritical, "", "", "A1", "A2", "C1", "E1"),
			subject("S2", 98, mosaic.LevelCritical, "", "", "A3", "C2"),
			subject("S3", 97, mosaic.LevelCritical, "", "", "A4", "C3", "E3"),
			subject("S4", 96, mosaic.LevelCritical, "", "", "A5", "C4"),
			subject("S5", 95, mosaic.LevelCritical, "", "", "A6", "C5", "E5"),
			subject("S6", 1, mosaic.LevelNone, "", "", "A7", "C6"),
		},
		// Cluster membership from the clusters list alone.
		Clusters: []mosaic.Cluster{
			{ID: "KA", SubjectIDs: []string{"S1", "S2", "S3"}},
			{ID: "KB", SubjectIDs: []string{"S4", "S5"}},
		},
	}
	res, err := Evaluate(r, truth, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Ranking.AveragePrecision != 1 {
		t.Errorf("AP = %v, want 1", res.Ranking.AveragePrecision)
	}
	if pw := res.Rings.Pairwise; pw.F1 != 1 || pw.TruePairs != 4 {
		t.Errorf("pairwise = %+v, want F1 1 over 4 pairs", pw)
	}
	for _, ring := range res.Rings.Rings {
		if ring.Share != 1 || ring.Honest != 0 || ring.OtherFraud != 0 {
			t.Errorf("ring %+v, want whole and pure", ring)
		}
	}
	if res.Timeliness.MedianDays != nil || res.Timeliness.WithHireDate != 0 {
		t.Errorf("timeliness without hires = %+v", res.Timeliness)
	}
}

// TestEvaluateHostileReport feeds a report a scanner would never write; the
// evaluation must still come back, finite and JSON-encodable.
func TestEvaluateHostileReport(t *testing.T) {
	truth, hires := loadSmall(t)
	empty := ""
	r := &mosaic.Report{
		Subjects: []mosaic.Subject{
			subject("S1", math.NaN(), "weird", "K1", "", "A1", "A1", "A1", "C1"), // the same id thrice
			subject("S1", math.Inf(1), "", "", "", "A3"),                         // a duplicate subject id
			subject("", math.Inf(-1), "", "", "", "A5"),
			{ID: "S4", ClusterID: &empty},
			subject("bad\tid\n", 90, mosaic.LevelCritical, "K\x1b[31m", "", "A6", "A7"),
		},
		Clusters: []mosaic.Cluster{
			{ID: "", SubjectIDs: []string{"S4"}},
			{ID: "K9", SubjectIDs: []string{"nobody", "S1"}},
		},
	}
	res, err := Evaluate(r, truth, Options{Hires: hires})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Fatalf("result does not encode: %v", err)
	}
	var buf bytes.Buffer
	if err := res.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "\x1b") || strings.Contains(buf.String(), "bad\tid") {
		t.Errorf("control characters reach the table:\n%s", buf.String())
	}
	if res.EntityResolution.UnderMerged != 0 || len(res.EntityResolution.OverMerged) != 1 {
		t.Errorf("entity resolution = %+v, want one over-merge (F5 with L1) and no split", res.EntityResolution)
	}
}

func TestEvaluateEmpty(t *testing.T) {
	res, err := Evaluate(&mosaic.Report{}, &Truth{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	// Only median_days may be null: lists are empty lists.
	if n := strings.Count(string(b), "null"); n != 1 || !strings.Contains(string(b), `"median_days":null`) {
		t.Errorf("empty lists encode as null: %s", b)
	}
	var buf bytes.Buffer
	if err := res.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
}

func TestResultJSON(t *testing.T) {
	truth, hires := loadSmall(t)
	res, err := Evaluate(smallReport(), truth, Options{Hires: hires})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"average_precision":`, `"at_level":{"tp":4`, `"false_positive_rate":`, `"false_positives_by_tag":`,
		`"pairwise":{"true_pairs":4`, `"over_merged":[{"subject":"S3"`, `"median_days":11.5`, `"share_before_hire":`} {
		if !bytes.Contains(b, []byte(key)) {
			t.Errorf("JSON lacks %s:\n%s", key, b)
		}
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Rings, res.Rings) || back.AtLevel != res.AtLevel {
		t.Errorf("JSON round trip changed the result")
	}
}

func TestWriteTable(t *testing.T) {
	truth, hires := loadSmall(t)
	res, err := Evaluate(smallReport(), truth, Options{Hires: hires})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"AP 0.696", "everyone", "hired", "household", "F1 0.286", "S3 holds F2, L1", "F1 (fraud) split over S1, S2",
		"median first flag +11.5 days", "missed fraud", "F3", "honest flagged", "L1, L3"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if err := res.WriteTable(failingWriter{}); err == nil {
		t.Error("a failing writer gives no error")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

var errWrite = mosaic.Errorf(mosaic.EINTERNAL, "disk full")

func confusionNear(a, b Confusion) bool {
	return a.TruePositives == b.TruePositives && a.FalsePositives == b.FalsePositives &&
		a.FalseNegatives == b.FalseNegatives && a.TrueNegatives == b.TrueNegatives &&
		near(a.Recall, b.Recall) && near(a.Precision, b.Precision) && near(a.FalsePositiveRate, b.FalsePositiveRate)
}

func pairsNear(a, b PairScores) bool {
	return a.TruePairs == b.TruePairs && a.PredictedPairs == b.PredictedPairs && a.CorrectPairs == b.CorrectPairs &&
		near(a.Precision, b.Precision) && near(a.Recall, b.Recall) && near(a.F1, b.F1)
}
