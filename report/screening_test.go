package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func reviewReport() *mosaic.Report {
	r := sampleReport()
	r.ScreeningReview = []mosaic.ScreeningReview{
		{SubjectID: r.Subjects[2].ID, Record: "application A-3", Name: "Kim Chol", ListedName: "KIM CHOL", List: "UN", EntryID: "KPi.1",
			Score: 0.97, Why: "the name alone resembles the listed name; nothing else about the listed person agrees"},
		{SubjectID: "S-GONE", Record: "employee E-9", Name: "Evil\x1b[2J <b>Name</b>", ListedName: "EVIL NAME", List: "OFAC SDN", EntryID: "12345",
			Score: 0.9, Why: "the name alone resembles the listed name"},
	}
	return r
}

// TestScreeningReviewRendered: name-only matches are listed in every
// format, apart from the scores, whatever --min-score hides; they validate
// against the schema, and hostile names are neutralised.
func TestScreeningReviewRendered(t *testing.T) {
	r := reviewReport()
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, r, "json", Options{MinScore: 1000})
	if err := v.Validate(doc); err != nil {
		t.Fatalf("does not validate: %v\n%s", err, doc)
	}
	var m struct {
		Subjects        []json.RawMessage        `json:"subjects"`
		ScreeningReview []mosaic.ScreeningReview `json:"screening_review"`
	}
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Subjects) != 0 || len(m.ScreeningReview) != 2 || m.ScreeningReview[0] != r.ScreeningReview[0] {
		t.Errorf("min-score 1000: %d subjects, review %+v", len(m.Subjects), m.ScreeningReview)
	}

	bad := []byte(strings.Replace(string(doc), `"entry_id": "KPi.1",`, ``, 1))
	if err := v.Validate(bad); err == nil {
		t.Error("a review entry without entry_id validates")
	}

	table := string(render(t, r, "table", Options{Width: 100, Limit: 1}))
	if !strings.Contains(table, "For compliance review (never scored): 2 name-only sanctions matches") ||
		!strings.Contains(table, `Ana Lima: name "Kim Chol" on application A-3 resembles UN KPi.1 (KIM CHOL, 97%)`) {
		t.Errorf("table:\n%s", table)
	}
	if strings.Contains(table, "\x1b") {
		t.Error("a terminal escape reached the table")
	}

	page := string(render(t, r, "html", Options{}))
	for _, want := range []string{"For compliance review (never scored)", "<td>application A-3</td>", "KPi.1", "97%",
		`<a href="#subject-3">Ana Lima</a>`, "&lt;b&gt;Name&lt;/b&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(page, "<b>Name</b>") {
		t.Error("a name was written as markup")
	}
}

// TestNoScreeningReview: without name-only matches the field is absent and
// the table and page say nothing of it.
func TestNoScreeningReview(t *testing.T) {
	r := sampleReport()
	if strings.Contains(string(render(t, r, "json", Options{})), "screening_review") {
		t.Error("json has screening_review with no matches")
	}
	for _, format := range []string{"table", "html"} {
		if strings.Contains(string(render(t, r, format, Options{})), screeningTitle) {
			t.Errorf("%s lists a compliance review with no matches", format)
		}
	}
}
