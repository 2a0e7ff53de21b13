package storetest

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

func TestRecordsCoverEveryKind(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Records() {
		seen[TableOf(r.RecordKind())] = true
	}
	for _, tb := range migrations.RecordTables {
		if !seen[tb.Name] {
			t.Errorf("Records() has no record for table %s", tb.Name)
		}
	}
}

func TestGeneratorsAreDistinctAndDeterministic(t *testing.T) {
	for name, gen := range map[string]func(string, int) []mosaic.Record{"SignIns": SignIns, "HostRows": HostRows} {
		a, b := gen("p", 3000), gen("p", 3000)
		keys := map[string]bool{}
		for i := range a {
			k := a[i].RecordOrigin().EventID
			if keys[k] {
				t.Errorf("%s: key %q repeats", name, k)
			}
			keys[k] = true
			if a[i].RecordOrigin() != b[i].RecordOrigin() {
				t.Errorf("%s is not deterministic at %d", name, i)
			}
		}
		if other := gen("q", 1)[0].RecordOrigin().EventID; keys[other] {
			t.Errorf("%s: prefixes do not separate keys", name)
		}
	}
}

func TestReportFixture(t *testing.T) {
	r := Report(t)
	if len(r.Subjects) != 3 || len(r.Clusters) != 1 || r.Schema != mosaic.ReportSchema {
		t.Fatalf("report fixture: %d subjects, %d clusters, schema %q", len(r.Subjects), len(r.Clusters), r.Schema)
	}
	if r.Subjects[0].Signals[0].Key == "" || r.Subjects[0].Signals[0].Subject != r.Subjects[0].ID {
		t.Errorf("signal keys and subjects not set")
	}
	// Each call returns a fresh copy that tests may change.
	r.Subjects[0].Score = -1
	if Report(t).Subjects[0].Score == -1 {
		t.Errorf("Report shares state between calls")
	}
}
