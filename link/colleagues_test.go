package link

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// resume is a resume attachment of application n.
func resume(n int, text string) mosaic.Resume {
	id := fmt.Sprintf("A%d", n)
	return mosaic.Resume{Path: "attachments/resumes/" + id + ".txt", ApplicationID: id, Text: text}
}

// TestFormerTeamIsNotAPool: three colleagues who left Globex together each
// name two of their three former bosses, a cycle like a ring's pool; each
// lists Globex on a resume of their own. They stay linked weakly and make
// no cluster. The same three without the employer in common are a pool.
func TestFormerTeamIsNotAPool(t *testing.T) {
	ra := [2]string{"dana.whitfield@gmail.com", "(512) 555-0101"}
	rb := [2]string{"raj.k.senior@yahoo.com", "(512) 555-0102"}
	rc := [2]string{"lee.skip@outlook.com", "(512) 555-0103"}
	apps := []mosaic.Record{
		refApp(1, "1 Oak St", ra, rb),
		refApp(2, "2 Elm St", rb, rc),
		refApp(3, "3 Ash St", rc, ra),
	}
	team := []mosaic.Record{
		resume(1, "SUMMARY\nBackend engineer.\n\nEXPERIENCE\nSenior Engineer at Globex Inc. (2019 - 2024)\n- Built billing.\nEngineer at Initech (2016 - 2019)\n"),
		resume(2, "Experience\nData Engineer @ Globex (2021 - 2024)\n- Owned the warehouse.\n\nEducation\nB.S. Mathematics, Purdue University (2020)\n"),
		resume(3, "WORK EXPERIENCE\nQA Lead at globex, Austin TX (2017 - 2024)\nTester at Hooli (2014 - 2017)\n"),
	}
	g := build(append(append([]mosaic.Record{}, apps...), team...)...)
	if got := clusterSizes(g); len(got) != 0 {
		t.Errorf("a former team clustered: %v", got)
	}
	for _, e := range g.Links {
		if (e.Kind == "reference_phone" || e.Kind == "reference_email") && e.Strength >= ClusterStrength {
			t.Errorf("a former team's referee link is strong: %+v", e)
		}
	}

	strangers := []mosaic.Record{
		resume(1, "EXPERIENCE\nSenior Engineer at Globex Inc. (2019 - 2024)\n"),
		resume(2, "Experience\nData Engineer at Hooli (2021 - 2024)\n"),
		resume(3, "WORK EXPERIENCE\nQA Lead at Initech (2017 - 2024)\n"),
	}
	g = build(append(append([]mosaic.Record{}, apps...), strangers...)...)
	if got := clusterSizes(g); len(got) != 1 || got[0] != 3 {
		t.Errorf("a pool without an employer in common: clusters %v, want one of 3", got)
	}
	// Without resumes nothing is known: the pool stays a pool.
	g = build(apps...)
	if got := clusterSizes(g); len(got) != 1 || got[0] != 3 {
		t.Errorf("a pool without resumes: clusters %v, want one of 3", got)
	}
}

func TestEmployersIn(t *testing.T) {
	got := employersIn("Jane Doe\nAustin, TX | jane@example.com\nEngineer with 7 years at startups\n" +
		"Senior Engineer at Globex Inc. (2019 - 2024)\n- Led the team at Hooli to ship.\nAnalyst @ Wayne Retail, NYC, 2015-2017\nConsultant at 2014\n" +
		"Bank Teller | Blue Sun Foods | 2016 - 2022\nSoylent Foods | Software Engineer | 2012 - 2014\nTaskFlow | Go, React\n")
	want := map[string]bool{"globex": true, "wayne retail": true, "blue sun foods": true, "soylent foods": true}
	if len(got) != len(want) {
		t.Fatalf("employers %v, want %v", got, want)
	}
	for e := range want {
		if !got[e] {
			t.Errorf("employers %v lack %q", got, e)
		}
	}
}

// TestTemplatePoolStaysAPool: a ring's personas on one resume template
// list the same three employers; their referee pool is still a pool.
func TestTemplatePoolStaysAPool(t *testing.T) {
	ra := [2]string{"mark.hill77@gmail.com", "(646) 210-4432"}
	rb := [2]string{"s.lee.dev@outlook.com", "415.555.0123"}
	rc := [2]string{"kim_j3@proton.me", "+1 206 555 0177"}
	tmpl := "EXPERIENCE\nSenior Engineer at Globex (2020 - 2024)\nEngineer at Hooli (2017 - 2020)\nDeveloper at Initech (2015 - 2017)\n"
	g := build(refApp(1, "1 Oak St", ra, rb), refApp(2, "2 Elm St", rb, rc), refApp(3, "3 Ash St", rc, ra),
		resume(1, tmpl), resume(2, strings.ReplaceAll(tmpl, "Senior", "Lead")), resume(3, tmpl))
	if got := clusterSizes(g); len(got) != 1 || got[0] != 3 {
		t.Errorf("a template ring's pool: clusters %v, want one of 3", got)
	}
}
