package rules

import (
	"fmt"
	"io"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Explain writes a human description of a rule: its metadata, condition,
// weight, explanation template, references, known false positives and tests.
func (s *Set) Explain(w io.Writer, id string) error {
	cr, ok := s.byID[id]
	if !ok {
		return mosaic.Errorf(mosaic.ENOTFOUND, "no rule has id %q", id)
	}
	r := cr.Rule
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n", r.ID, r.Title)
	fmt.Fprintf(&b, "  file:      %s:%d\n", r.File, r.Line)
	if r.Overrides != "" {
		fmt.Fprintf(&b, "  overrides: %s\n", r.Overrides)
	}
	fmt.Fprintf(&b, "  silo:      %s\n  scope:     %s\n  severity:  %s\n", r.Silo, r.Scope, r.Severity)
	if r.ContextOnly() {
		fmt.Fprintf(&b, "  weight:    %g (context only: never scores)\n", r.Weight)
	} else {
		fmt.Fprintf(&b, "  weight:    %g (likelihood ratio)\n", r.Weight)
	}
	if r.WeightExpr != "" {
		fmt.Fprintf(&b, "  weight_expr:\n%s", indent(r.WeightExpr, "    "))
	}
	if len(r.EvidenceGroups) > 0 {
		fmt.Fprintf(&b, "  evidence:  %s\n", strings.Join(r.EvidenceGroups, ", "))
	}
	fmt.Fprintf(&b, "\n%s\n", wrap(r.Description, 78))
	fmt.Fprintf(&b, "\ncondition:\n%s", indent(r.Condition, "  "))
	if r.Key != "" {
		fmt.Fprintf(&b, "key: %s\n", r.Key)
	}
	fmt.Fprintf(&b, "explanation: %s\n", r.Explanation)
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for _, it := range items {
			fmt.Fprintf(&b, "  - %s\n", it)
		}
	}
	list("references", r.References)
	list("false positives", r.FalsePositives)
	if len(r.Tests) > 0 {
		fmt.Fprintf(&b, "\ntests:\n")
		for _, tc := range r.Tests {
			verdict := "does not fire"
			if tc.Fires {
				verdict = "fires"
			}
			fmt.Fprintf(&b, "  - %s: %s\n", tc.Name, verdict)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s, prefix string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(prefix + l + "\n")
	}
	return b.String()
}

func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		if n > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
