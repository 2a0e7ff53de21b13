package eval

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestSummariseSeedsMeanWorstAndConfounders(t *testing.T) {
	run := func(seed int64, ap, recall, fpr float64, highRehire, mediumRehire, split int) SeedRun {
		h := &Result{Ranking: Ranking{AveragePrecision: ap}, AtLevel: Confusion{Recall: recall, Precision: 1, FalsePositiveRate: fpr},
			FalsePositivesByTag: []TagCount{{Tag: "rehire", Flagged: highRehire, Total: 4}},
			EntityResolution:    EntityResolution{UnderMergedByTag: []TagCount{{Tag: "rehire", Flagged: split, Total: 4}}}}
		h.Rings.Pairwise.F1 = 0.9
		m := &Result{FalsePositivesByTag: []TagCount{{Tag: "rehire", Flagged: mediumRehire, Total: 4}}}
		return SeedRun{Seed: seed, High: h, Medium: m}
	}
	s := SummariseSeeds([]SeedRun{run(1, 0.9, 0.8, 0.001, 0, 1, 0), run(2, 1.0, 1.0, 0.003, 1, 2, 1)}, []string{"rehire", "couple"})
	if s.Mean.AP != 0.95 || s.Worst.AP != 0.9 || s.Worst.Recall != 0.8 || s.Worst.HonestFlagged != 0.003 {
		t.Errorf("mean %+v, worst %+v", s.Mean, s.Worst)
	}
	if got := s.Tags[0]; got != (SeedTag{Tag: "rehire", People: 8, Medium: 3, High: 1, Split: 1}) {
		t.Errorf("rehire: %+v", got)
	}
	if got := s.Tags[1]; got != (SeedTag{Tag: "couple"}) {
		t.Errorf("couple, carried by nobody: %+v", got)
	}
	var buf bytes.Buffer
	if err := s.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"seed 2", "mean", "worst", "goal", "rehire"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

// A rehire's earlier roster row belongs to them: a report that keeps it
// apart has split the person, and its score counts as theirs.
func TestFormerEmployeeIDsBelongToThePerson(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, truthFile), "person_id,role,employee_id,tags,former_employee_ids\n"+
		"P1,legit,E9,rehire,E2\n"+
		"P2,legit,E3,,\n")
	truth, err := LoadTruth(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep := &mosaic.Report{Subjects: []mosaic.Subject{
		subject("S1", 10, mosaic.LevelLow, "", "", "E9"),
		subject("S2", 60, mosaic.LevelMedium, "", "", "E2"),
		subject("S3", 1, mosaic.LevelLow, "", "", "E3"),
	}}
	res, err := Evaluate(rep, truth, Options{Level: mosaic.LevelMedium})
	if err != nil {
		t.Fatal(err)
	}
	if res.EntityResolution.UnderMerged != 1 || res.EntityResolution.UnknownIDs != 0 {
		t.Errorf("entity resolution %+v", res.EntityResolution)
	}
	if want := []TagCount{{Tag: "rehire", Flagged: 1, Total: 1, Share: 1}}; !reflect.DeepEqual(res.EntityResolution.UnderMergedByTag, want) {
		t.Errorf("split by tag %+v", res.EntityResolution.UnderMergedByTag)
	}
	if !reflect.DeepEqual(res.FalsePositives, []string{"P1"}) {
		t.Errorf("flagged at medium: %v", res.FalsePositives)
	}
}
