package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

var ansiSequence = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestTableFitsWidth(t *testing.T) {
	reports := map[string]*mosaic.Report{
		"sample":  sampleReport(),
		"hostile": hostileReport(),
		"empty":   {},
	}
	for name, r := range reports {
		for _, width := range []int{0, 10, 20, 40, 60, 79, 80, 100, 120, 200} {
			for _, color := range []bool{false, true} {
				out := string(render(t, r, "table", Options{Width: width, Color: color}))
				limit := width
				if limit == 0 {
					limit = DefaultWidth
				}
				for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
					if w := textWidth(line); w > limit {
						t.Errorf("%s width %d color %v: line %d is %d cells: %q", name, width, color, i+1, w, line)
					}
					if plain := ansiSequence.ReplaceAllString(line, ""); strings.ContainsRune(plain, 0x1b) {
						t.Errorf("%s: line %d holds a stray escape: %q", name, i+1, line)
					}
				}
			}
		}
	}
}

func TestTableUsesTheRoom(t *testing.T) {
	out := string(render(t, hostileReport(), "table", Options{Width: 120}))
	widest := 0
	for _, line := range strings.Split(out, "\n") {
		widest = max(widest, textWidth(line))
	}
	if widest < 115 {
		t.Errorf("widest line is %d cells at width 120; long reasons should fill the line", widest)
	}
}

func TestTableNeutralisesHostileText(t *testing.T) {
	out := string(render(t, hostileReport(), "table", Options{Width: 200}))
	for _, bad := range []string{"\x1b", "\u202e", "\t", "\xff", "next line\n"} {
		if strings.Contains(out, bad) {
			t.Errorf("table output holds %q", bad)
		}
	}
	if strings.Count(out, "\n") < len(hostileReport().Subjects)+5 {
		t.Errorf("too few lines:\n%s", out)
	}
}

func TestTableLimitAndMinScore(t *testing.T) {
	r := sampleReport()
	// The limit never hides anyone at high or above (Jane is critical,
	// John high); it applies below that, and says how to see all.
	out := string(render(t, r, "table", Options{Limit: 1}))
	if !strings.Contains(out, "Jane Doe") || !strings.Contains(out, "  John Roe") || strings.Contains(out, "Ana Lima") {
		t.Errorf("limit 1 should show the critical and the high subject, not the one below:\n%s", out)
	}
	if !strings.Contains(out, "1 more below the limit, none high or above: --limit 0 shows all") {
		t.Errorf("limit should say how many are hidden and how to see them:\n%s", out)
	}
	out = string(render(t, r, "table", Options{Limit: 0}))
	if !strings.Contains(out, "Ana Lima") || strings.Contains(out, "more below the limit") {
		t.Errorf("limit 0 should show everyone:\n%s", out)
	}
	out = string(render(t, r, "table", Options{MinScore: 50}))
	if strings.Contains(out, "Ana Lima") || !strings.Contains(out, "John Roe") {
		t.Errorf("min score 50 should drop Ana only:\n%s", out)
	}
	out = string(render(t, r, "table", Options{MinScore: 99}))
	if !strings.Contains(out, "No subjects to show.") {
		t.Errorf("min score 99 should leave no subject:\n%s", out)
	}
}

func TestTableTopReasonsByShare(t *testing.T) {
	out := string(render(t, sampleReport(), "table", Options{Width: 400}))
	line := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Jane Doe") {
			line = l
			break
		}
	}
	phone := strings.Index(line, "+1 602")
	anydesk := strings.Index(line, "AnyDesk")
	vpn := strings.Index(line, "Astrill")
	if phone < 0 || anydesk < phone || vpn < anydesk {
		t.Errorf("reasons not in share order (phone, AnyDesk, VPN): %q", line)
	}
	if strings.Contains(line, "direct deposit") {
		t.Errorf("fourth reason shown: %q", line)
	}
}

// Each row shows the subject id mosaic feedback takes, whole.
func TestTableShowsSubjectIDs(t *testing.T) {
	r := sampleReport()
	for _, width := range []int{80, 120} {
		out := string(render(t, r, "table", Options{Width: width}))
		if !strings.Contains(out, "SUBJECT") {
			t.Errorf("width %d: no SUBJECT column:\n%s", width, out)
		}
		for _, s := range r.Subjects {
			if !strings.Contains(out, "  "+s.ID) {
				t.Errorf("width %d: subject id %s not shown:\n%s", width, s.ID, out)
			}
		}
	}
}

// At 80 columns reasons wrap onto their own lines instead of being cut to a
// few characters: every word of every top reason is in the table.
func TestTableWrapsReasonsAt80(t *testing.T) {
	r := sampleReport()
	out := string(render(t, r, "table", Options{Width: 80}))
	if strings.Contains(out, ellipsis+"\n") || strings.Count(out, ellipsis) > strings.Count(out, "more below") {
		t.Errorf("a reason was cut:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, s := range r.Subjects {
		for _, reason := range topReasons(&s, maxReasons) {
			if !strings.Contains(flat, strings.Join(strings.Fields(reason), " ")) {
				t.Errorf("reason %q is not whole in:\n%s", reason, out)
			}
		}
	}
}

// A verdict shows beside the person, with what it does to the score.
func TestTableShowsVerdict(t *testing.T) {
	r := sampleReport()
	r.Subjects[1].Disposition = mosaic.VerdictBenign
	for _, width := range []int{80, 120} {
		out := string(render(t, r, "table", Options{Width: width}))
		flat := strings.Join(strings.Fields(out), " ")
		if !strings.Contains(flat, "verdict: benign (an analyst's; the score still shows the evidence, the verdict does not lower it)") ||
			!strings.Contains(flat, "benign leaves the score as the evidence makes it") {
			t.Errorf("width %d: verdict not shown:\n%s", width, out)
		}
	}
	csvOut := string(render(t, r, "csv", Options{}))
	if !strings.Contains(csvOut, ",verdict\r\n") || !strings.Contains(csvOut, ",benign\r\n") {
		t.Errorf("csv lacks the verdict:\n%s", csvOut)
	}
	html := string(render(t, r, "html", Options{}))
	if !strings.Contains(html, "verdict: benign") || !strings.Contains(html, "the verdict does not lower it") {
		t.Errorf("html lacks the verdict")
	}
}
