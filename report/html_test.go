package report

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestHTMLEscapes(t *testing.T) {
	r := sampleReport()
	r.Subjects[0].DisplayName = "<script>alert('x')</script>"
	r.Subjects[0].Signals[0].Explanation = `"><img src=x onerror=alert(1)>`
	r.Subjects[0].Signals[0].Evidence[0].File = "<b>evil.csv</b>"
	r.Clusters[0].ID = `K-1"><script>`
	out := string(render(t, r, "html", Options{}))
	for _, bad := range []string{"<script", "<img", "<b>evil"} {
		if strings.Contains(out, bad) {
			t.Errorf("page holds unescaped %q", bad)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") {
		t.Error("escaped name not on the page")
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	out := string(render(t, hostileReport(), "html", Options{}))
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:|//)|<link|@import|<script`)
	if m := external.FindString(out); m != "" {
		t.Errorf("page refers outside itself: %q", m)
	}
	if !strings.Contains(out, "Content-Security-Policy") || !strings.Contains(out, "<style>") {
		t.Error("page lacks its CSP or inline styles")
	}
}

func TestHTMLContent(t *testing.T) {
	out := string(render(t, sampleReport(), "html", Options{}))
	for _, want := range []string{
		"<details id=\"subject-1\" class=\"person ge-critical ge-high ge-medium ge-low\">",
		"Jane Doe", "John Roe", "Ana Lima",
		"applications.csv:1277 (phone)",              // evidence file:line
		"event 8f3c2a10-0000-4000-8000-000000000001", // evidence event id
		"35%",                          // share
		`<a href="#cluster-1">K-1</a>`, // subject to cluster
		`<section id="cluster-1">`,
		`<a href="#subject-1">Jane Doe</a> and <a href="#subject-2">John Roe</a>`,
		"same phone &#43;1 602 555 0143", // html/template escapes "+"
		"okta/system_log.jsonl", "1,300", // input accounting per file
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Count(out, "<details") != 3 {
		t.Errorf("want 3 subjects, got %d", strings.Count(out, "<details"))
	}
}

func TestHTMLRingAndFilter(t *testing.T) {
	out := string(render(t, sampleReport(), "html", Options{}))
	for _, want := range []string{
		`<input type="radio" name="level-filter" id="lv-all" checked><label for="lv-all">any level</label>`,
		`<input type="radio" name="level-filter" id="lv-high"><label for="lv-high">high or above</label>`,
		`<svg class="ring-svg"`, `role="img" aria-label="Ring K-1: `,
		`<g class="ring-node ge-critical ge-high ge-medium ge-low"><a href="#subject-1"><title>Jane Doe (critical, `,
		`<line class="edge k0"`, "--critical: #8b0000", // the workbench's colours
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestRingLayout draws rings of 3 and 40 people: every node inside the
// picture, none on top of another.
func TestRingLayout(t *testing.T) {
	for _, n := range []int{1, 3, 12, 13, 40, 120} {
		k := mosaic.Cluster{ID: "K"}
		var members []ringMember
		for i := range n {
			id := fmt.Sprintf("S%d", i)
			k.SubjectIDs = append(k.SubjectIDs, id)
			members = append(members, ringMember{id: id, ref: pageRef{Name: id}, level: mosaic.LevelHigh, score: 80})
			if i > 0 {
				k.Links = append(k.Links, mosaic.Link{A: fmt.Sprintf("S%d", (i-1)/5*5), B: id, Kind: []string{"phone", "ssn", "email"}[i%3], Strength: 0.8})
			}
		}
		p := newPageRing(k, members)
		if len(p.Nodes) != n || len(p.Edges) != n-1 || p.Numbered != (n > smallRing) {
			t.Fatalf("%d people: %d nodes, %d edges, numbered %v", n, len(p.Nodes), len(p.Edges), p.Numbered)
		}
		num := func(s string) float64 { x, _ := strconv.ParseFloat(s, 64); return x }
		for i, a := range p.Nodes {
			x, y, r := num(a.X), num(a.Y), num(a.R)
			if x-r < 0 || y-r < 0 || x+r > float64(p.Width) || y+r > float64(p.Height) {
				t.Errorf("%d people: node %d at (%v, %v) outside %dx%d", n, i, x, y, p.Width, p.Height)
			}
			for _, b := range p.Nodes[i+1:] {
				if d := math.Hypot(x-num(b.X), y-num(b.Y)); d < 2*r+4 {
					t.Errorf("%d people: nodes %d and %d overlap (%.1f apart)", n, a.Number, b.Number, d)
				}
			}
		}
	}
}
