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
	out := string(render(t, r, "table", Options{Limit: 1}))
	if !strings.Contains(out, "Jane Doe") || strings.Contains(out, "  John Roe") {
		t.Errorf("limit 1 should show only the top subject:\n%s", out)
	}
	if !strings.Contains(out, "2 more below the limit") {
		t.Errorf("limit should say how many are hidden:\n%s", out)
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
