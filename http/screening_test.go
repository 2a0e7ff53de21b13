package http_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestPersonPageScreening: the sanctions screening's name-only matches of
// the latest analysis show on their person's page, apart from the signals
// and escaped, and nowhere else; the queue filters by the sanctions silo.
func TestPersonPageScreening(t *testing.T) {
	b := newBench(t)
	rep := b.svc.Snapshot().Report
	if len(rep.Subjects) < 2 {
		t.Skip("fewer than two subjects")
	}
	listed, other := rep.Subjects[0].ID, rep.Subjects[1].ID
	// No analysis runs while the test reads pages: nothing is ingested.
	rep.ScreeningReview = []mosaic.ScreeningReview{{SubjectID: listed, Record: "application A-1", Name: "Kim <b>Chol</b>",
		ListedName: "KIM CHOL", List: "UN", EntryID: "KPi.1", Score: 0.97, Why: "the name alone resembles the listed name"}}
	c, _ := b.login(t, "analyst1")
	code, page := get(t, c, b.http.URL+"/subjects/"+url.PathEscape(listed))
	if code != 200 {
		t.Fatalf("person page: %d", code)
	}
	for _, want := range []string{"Screening: for compliance review (never scored)", "KIM CHOL", "UN KPi.1", "97%", "Kim &lt;b&gt;Chol&lt;/b&gt;", `href="#screening"`} {
		if !strings.Contains(page, want) {
			t.Errorf("person page lacks %q", want)
		}
	}
	if _, page := get(t, c, b.http.URL+"/subjects/"+url.PathEscape(other)); strings.Contains(page, "KIM CHOL") || strings.Contains(page, `id="screening"`) {
		t.Error("another person's page shows the match")
	}
	if _, queue := get(t, c, b.http.URL+"/queue"); !strings.Contains(queue, `<option value="sanctions"`) {
		t.Error("the queue cannot filter by the sanctions silo")
	}
}
