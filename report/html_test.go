package report

import (
	"regexp"
	"strings"
	"testing"
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
		"<details id=\"subject-1\">",
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
