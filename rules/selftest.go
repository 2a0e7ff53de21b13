package rules

import (
	"context"
	"fmt"
	"math"
	"strings"

	"cel.dev/cel-go/cel"
)

// TestResult is the outcome of one inline test case.
type TestResult struct {
	RuleID  string
	Case    string
	Passed  bool
	Message string // why it failed, with the file and line of the case
}

// Test runs every rule's inline test cases, in rule id order.
func (s *Set) Test() []TestResult {
	var out []TestResult
	for _, r := range s.rules {
		for _, tc := range r.Tests {
			res := TestResult{RuleID: r.ID, Case: tc.Name}
			if msg := r.runCase(tc); msg != "" {
				res.Message = fmt.Sprintf("%s:%d: %s", r.File, tc.Line, msg)
			} else {
				res.Passed = true
			}
			out = append(out, res)
		}
	}
	return out
}

func (r *compiledRule) runCase(tc TestCase) string {
	ctx := context.Background()
	act, err := cel.NewActivation(tc.Vars)
	if err != nil {
		return err.Error()
	}
	f, fired, err := r.evaluate(ctx, act)
	if err != nil {
		return err.Error()
	}
	if fired != tc.Fires {
		if tc.Fires {
			return "expected the rule to fire; it did not"
		}
		return fmt.Sprintf("expected the rule not to fire; it fired: %s", f.Explanation)
	}
	if !fired {
		return ""
	}
	expl, err := r.renderStrict(ctx, act)
	if err != nil {
		return err.Error()
	}
	if tc.Weight != nil && math.Abs(f.Weight-*tc.Weight) > 1e-6 {
		return fmt.Sprintf("expected weight %g, got %g", *tc.Weight, f.Weight)
	}
	if tc.ExplanationContains != "" && !strings.Contains(expl, tc.ExplanationContains) {
		return fmt.Sprintf("explanation %q does not contain %q", expl, tc.ExplanationContains)
	}
	return ""
}
