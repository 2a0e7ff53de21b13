package textsim

import (
	"math"
	"strings"
	"testing"
)

// wordsOf returns the word features of text, for comparing normalisations.
func wordsOf(text string) features {
	var w features
	for _, f := range newExtractor(DefaultShingleSize).extract(text) {
		if isWord(f) {
			w = append(w, f)
		}
	}
	return w
}

func TestNormalisationDropsWhatRingsSwap(t *testing.T) {
	body := "\nEXPERIENCE\nBackend Engineer at Zentrix Labs (2019 - 2023)\n- Built the Korvane billing service with Go and Kafka, cutting latency by 40%.\n"
	for _, tc := range []struct {
		name string
		a, b string
	}{
		{"name and contact line",
			"William Brown\nBoston, MA | williambrown@icloud.com | +12135291699\n" + body,
			"Claire Johnson\nPhoenix, AZ | claire.j@proton.me | (602) 911-4715\n" + body},
		{"name before separators on one line",
			"William Brown | Boston, MA | williambrown@icloud.com\n" + body,
			"Ana Park | Denver, CO | apark@gmail.com\n" + body},
		{"resume title above the name",
			"RESUME\nWilliam Brown\nlinkedin.com/in/wbrown\n" + body,
			"Resume\nAna Park\nhttps://www.linkedin.com/in/anapark\n" + body},
		{"dates and numbers",
			"Jane Doe\n- Led migration in March 2021, saving $120,000 (35%).\n" + body,
			"John Roe\n- Led migration in Oct 2017, saving $80,000 (12%).\n" + body},
		{"case and accents",
			"José Núñez\nIngeniería de pagos en São Paulo para Straße\n" + body,
			"Ana Park\nINGENIERIA DE PAGOS EN SAO PAULO PARA STRASSE\n" + body},
		{"name repeated in the text",
			"Yuki Cho\n- Yuki Cho built the Korvane console\n" + body,
			"Ivan Zhao\n- Ivan Zhao built the Korvane console\n" + body},
		{"windows line endings and blank lines",
			"Yuki Cho\n" + body,
			"Yuki Cho\r\n\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if s := Similarity(tc.a, tc.b); tc.name == "case and accents" {
				// ß folds to ss only with full case folding; the rest must agree.
				if s < 0.8 {
					t.Errorf("similarity %.3f, want >= 0.8", s)
				}
			} else if s != 1 {
				t.Errorf("similarity %.3f, want 1\n%v\n%v", s, wordsOf(tc.a), wordsOf(tc.b))
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	g := newResumeGen(4)
	base := g.resume(3, 4)
	other := g.resume(3, 4)
	reordered := base.header() + "\n" + strings.Join(reverse(base.sections(nil, 0)), "\n")
	for _, tc := range []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"identical", base.render(), base.render(), 1, 1},
		{"sections reordered", base.render(), reordered, 1, 1},
		{"ring copy", base.render(), g.ringCopy(base, 0.3), 0.6, 1},
		{"unrelated", base.render(), other.render(), 0, 0.45},
		{"empty", "", base.render(), 0, 0},
		{"both empty", "", "", 0, 0},
		{"junk", "\x00\xff\xfe", "\x00\xff\xfe", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Similarity(tc.a, tc.b)
			if math.IsNaN(s) || s < tc.min || s > tc.max {
				t.Errorf("similarity %.3f, want in [%.2f, %.2f]", s, tc.min, tc.max)
			}
			if r := Similarity(tc.b, tc.a); r != s {
				t.Errorf("not symmetric: %.3f vs %.3f", s, r)
			}
		})
	}
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func TestLineClassification(t *testing.T) {
	for _, tc := range []struct {
		line    string
		heading bool
	}{
		{"EXPERIENCE", true},
		{"Work Experience", true},
		{"Skills:", true},
		{"Technical Skills & Tools", true},
		{"AWS, GCP, SQL", false},
		{"Senior Engineer at Hooli", false},
		{"- Built the payments platform", false},
		{"Skills: Go, Python", false},
	} {
		if got := isHeading(tc.line, len(strings.Fields(tc.line))); got != tc.heading {
			t.Errorf("isHeading(%q) = %v, want %v", tc.line, got, tc.heading)
		}
	}
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"William Brown", true},
		{"Jane van der Berg", true},
		{"José Núñez", true},
		{"O'Brien-Smith Mary", true},
		{"SUMMARY", false},
		{"Experience Highlights", false},
		{"john 555 1234", false},
		{"john@example.com", false},
		{"results-driven engineer", false},
		{"One Two Three Four Five Six", false},
		{"", false},
	} {
		if got := looksLikeName(tc.name); got != tc.want {
			t.Errorf("looksLikeName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		field string
		link  bool
	}{
		{"https://example.com/x", true},
		{"www.example.org", true},
		{"github.com/jdoe", true},
		{"(linkedin.com/in/jdoe)", true},
		{"jdoe.dev", true},
		{"Node.js", false},
		{"ASP.NET", false},
		{"B.S.", false},
		{"CI/CD", false},
	} {
		if got := isLink(tc.field); got != tc.link {
			t.Errorf("isLink(%q) = %v, want %v", tc.field, got, tc.link)
		}
	}
}

func TestShortDocumentsAreNotCompared(t *testing.T) {
	docs := []Doc{
		{ID: "a", Text: "Jane Doe\nGo Python Kafka"},
		{ID: "b", Text: "John Roe\nGo Python Kafka"},
	}
	if got := find(t, docs, Options{}); len(got) != 0 {
		t.Errorf("short documents matched: %v", got)
	}
	if got := find(t, docs, Options{MinFeatures: 1}); len(got) != 1 {
		t.Errorf("with MinFeatures 1 got %v, want one pair", got)
	}
}

func TestCopiesOfARingMemberMatchTheRing(t *testing.T) {
	g := newResumeGen(8)
	ring := ringDocs(g, "r", 2, 0.3)
	ring = append(ring, Doc{ID: "r0-again", Text: ring[0].Text})
	got := find(t, ring, Options{})
	if len(got) != 6 {
		t.Fatalf("got %d pairs, want 6: %v", len(got), got)
	}
	for _, m := range got {
		if (m.A == "r0" && m.B == "r0-again") != (m.Similarity == 1) {
			t.Errorf("unexpected similarity %v", m)
		}
	}
}

func TestContactLines(t *testing.T) {
	for _, tc := range []struct {
		line    string
		contact bool
	}{
		{"Boston, MA | jdoe@example.com", true},
		{"+1 (415) 555 2671", true},
		{"Phone: 415.555.2671", true},
		{"linkedin.com/in/jdoe", true},
		{"Engineer at Hooli (2014 - 2017)", false},
		{"Engineer at Hooli 2014 – 2017", false},
		{"Jan 2019 - Present", false},
		{"Improved latency by 35% for 1,200 users", false},
	} {
		x := newExtractor(DefaultShingleSize)
		if got := x.tokenize(tc.line); got != tc.contact {
			t.Errorf("tokenize(%q) contact = %v, want %v", tc.line, got, tc.contact)
		}
	}
}
