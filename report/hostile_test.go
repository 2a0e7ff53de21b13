package report

import (
	"math"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// hostileReport holds what an attacker-controlled application can put in a
// report: very long, wide, escaped, multi-line and invalid text, odd
// numbers and dangling references.
func hostileReport() *mosaic.Report {
	long := strings.Repeat("Very long explanation that goes on and on ", 20)
	names := []string{
		"<script>alert('x')</script>",
		"王小明王小明王小明王小明王小明王小明王小明王小明王小明王小明",
		"Zoë\u0301 \u202eevil\u202c \x1b[31mred\x1b[0m\nnext line\ttab",
		"=HYPERLINK(\"http://x\")",
		"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
		"bad utf8 \xff\xfe end",
		"",
		strings.Repeat("A", 500),
	}
	r := &mosaic.Report{Schema: mosaic.ReportSchema}
	for i, name := range names {
		s := mosaic.Subject{
			ID:             "S-" + strings.Repeat("x", i*10) + string(rune('a'+i)),
			DisplayName:    name,
			ApplicationIDs: []string{strings.Repeat("A", 40), "A2", "A3"},
			Score:          float64(100 - i*7),
			Level:          mosaic.LevelFor(float64(100 - i*7)),
			ClusterID:      ptr("K-" + name),
		}
		for j := 0; j < 5; j++ {
			s.Signals = append(s.Signals, mosaic.Signal{
				RuleID: "r", Title: "t", Silo: mosaic.SiloHiring, Weight: 1, Share: 0.2,
				Explanation: name + " " + long + "全角テキスト",
				Evidence:    []mosaic.Evidence{{File: "f.csv", Line: j + 1}},
			})
		}
		r.Subjects = append(r.Subjects, s)
	}
	r.Subjects[1].Level = "severe" // unknown level
	r.Subjects[2].Score = math.NaN()
	r.Clusters = []mosaic.Cluster{{
		ID:         "K-" + names[1] + names[2],
		SubjectIDs: []string{r.Subjects[0].ID, r.Subjects[1].ID, "S-missing"},
		Links: []mosaic.Link{
			{A: r.Subjects[0].ID, B: "S-missing", Kind: "phone", Explanation: long + names[0]},
			{A: r.Subjects[0].ID, B: r.Subjects[1].ID, Kind: "email"},
		},
	}}
	return r
}
