package sanctions

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/scan"
)

// TestScanListsNameOnlyForReview: a name alone raises no one's level but
// reaches the report's compliance review list, naming the person, the
// record and the listed entry; stronger matches are not listed there.
func TestScanListsNameOnlyForReview(t *testing.T) {
	dir := writeBundle(t, []person{
		{first: "Chol-su", last: "Kim", dob: "1990-03-14", line: "2 Main St", city: "Boston", country: "US"},
		{first: "Chol Su", last: "Kim", dob: "1995-07-01", line: "3 Main St", city: "Boston", country: "US"},
		{first: "Dana", last: "Lee", dob: "1985-01-01", line: "4 Main St", city: "Boston", country: "US"},
	})
	run := func(ix *Index) *mosaic.Report {
		log := slog.New(slog.DiscardHandler)
		layout := bundle.DefaultLayout()
		x := csvbundle.New(testHasher(t), csvbundle.DefaultMapping(), log)
		layout.ReadKinds(x.Kinds()...)
		cfg := scan.Config{Dir: dir, Layout: layout, Extractors: []mosaic.Extractor{x}, Log: log}
		if ix != nil {
			cfg.Screen = ix.Screenings
		}
		res, err := scan.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return res.Report
	}
	if r := run(nil); r.ScreeningReview != nil {
		t.Errorf("unscreened scan lists %+v", r.ScreeningReview)
	}
	r := run(fixtureIndex(t))
	var mine []mosaic.ScreeningReview
	for _, m := range r.ScreeningReview {
		if m.SubjectID == "S-A00002" {
			mine = append(mine, m)
		}
		if m.SubjectID == "S-A00003" {
			t.Errorf("an unlisted person is listed: %+v", m)
		}
	}
	if len(mine) == 0 {
		t.Fatalf("no review entry for the name-only person; review %+v", r.ScreeningReview)
	}
	m := mine[0]
	if !strings.HasPrefix(m.Record, "application ") && !strings.HasPrefix(m.Record, "employee ") || m.Name == "" ||
		m.List == "" || m.EntryID == "" || m.ListedName == "" || m.Score < NameThreshold || m.Why == "" {
		t.Errorf("review entry %+v", m)
	}
}
