package rules

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/mosaic-sec/mosaic"
)

// Firing is one rule whose condition held for the variables given.
type Firing struct {
	Rule        *Rule
	Weight      float64 // likelihood ratio; always 0 for a context-only rule
	Explanation string
	Key         string // "" when the rule has no key
}

// Scores reports whether the firing may contribute to a score. Context-only
// rules (weight 0 or 1) never do; callers must skip firings that do not score.
func (f Firing) Scores() bool { return f.Weight > 1 && !f.Rule.ContextOnly() }

// Evaluate runs every rule of scope against vars (see SCHEMA.md for the
// variables of each scope) and returns the rules that fire, in id order.
// A rule that reads a field the variables lack does not fire. Other runtime
// errors (a cost limit exceeded, a type mismatch) are returned together, as
// one *mosaic.Error per rule, beside the firings of the other rules.
func (s *Set) Evaluate(scope string, vars map[string]any) ([]Firing, error) {
	return s.EvaluateContext(context.Background(), scope, vars)
}

// EvaluateContext is Evaluate with a context: cancelling it stops the
// evaluation of comprehensions in flight.
func (s *Set) EvaluateContext(ctx context.Context, scope string, vars map[string]any) ([]Firing, error) {
	if !validScope(scope) {
		return nil, mosaic.Errorf(mosaic.EINVALID, "unknown scope %q", scope)
	}
	rules := s.byScope[scope]
	if len(rules) == 0 {
		return nil, nil
	}
	act, err := cel.NewActivation(vars)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "variables for scope %s", scope)
	}
	var out []Firing
	var errs []error
	for _, r := range rules {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		f, fired, err := r.evaluate(ctx, act)
		if err != nil {
			errs = append(errs, err)
		}
		if fired {
			out = append(out, f)
		}
	}
	return out, errors.Join(errs...)
}

// evaluate runs one rule. A firing whose weight, key or explanation failed is
// still returned (with the declared weight), beside the error.
func (r *compiledRule) evaluate(ctx context.Context, act cel.Activation) (Firing, bool, error) {
	val, err := run(ctx, r.condition, act)
	if err != nil {
		if isMissing(err) {
			return Firing{}, false, nil
		}
		return Firing{}, false, r.fail("condition", err)
	}
	b, ok := val.(types.Bool)
	if !ok {
		return Firing{}, false, r.fail("condition", fmt.Errorf("gave %s, not a bool", val.Type().TypeName()))
	}
	if !b {
		return Firing{}, false, nil
	}
	f := Firing{Rule: &r.Rule, Weight: r.Weight}
	var errs []error
	switch {
	case r.ContextOnly():
		f.Weight = 0 // context never scores, whatever the file says
	case r.weight != nil:
		w, err := r.dynamicWeight(ctx, act)
		if err != nil {
			errs = append(errs, err)
		} else {
			f.Weight = w
		}
	}
	if r.key != nil {
		v, err := run(ctx, r.key, act)
		switch {
		case err == nil:
			f.Key = formatValue(v)
		case !isMissing(err):
			errs = append(errs, r.fail("key", err))
		}
	}
	expl, err := r.render(ctx, act)
	if err != nil {
		errs = append(errs, err)
	}
	f.Explanation = expl
	return f, true, errors.Join(errs...)
}

// dynamicWeight evaluates weight_expr. A missing field falls back to the
// declared weight; a result below 1 is clamped to 1 (no evidence).
func (r *compiledRule) dynamicWeight(ctx context.Context, act cel.Activation) (float64, error) {
	v, err := run(ctx, r.weight, act)
	if err != nil {
		if isMissing(err) {
			return r.Weight, nil
		}
		return 0, r.fail("weight_expr", err)
	}
	w, ok := number(v)
	if !ok || math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
		return 0, r.fail("weight_expr", fmt.Errorf("gave %v, not a weight >= 0", v))
	}
	return math.Max(w, 1), nil
}

// render fills the explanation template. A segment reading a missing field
// renders as "unknown"; other errors are reported.
func (r *compiledRule) render(ctx context.Context, act cel.Activation) (string, error) {
	var b strings.Builder
	var errs []error
	for _, s := range r.explanation {
		if s.prg == nil {
			b.WriteString(s.text)
			continue
		}
		v, err := run(ctx, s.prg, act)
		if err != nil {
			b.WriteString("unknown")
			if !isMissing(err) {
				errs = append(errs, r.fail("explanation ${"+s.src+"}", err))
			}
			continue
		}
		b.WriteString(formatValue(v))
	}
	return strings.TrimSpace(b.String()), errors.Join(errs...)
}

// renderStrict is render for tests: any segment that fails, even for a
// missing field, is an error, so test cases prove the sentence is complete.
func (r *compiledRule) renderStrict(ctx context.Context, act cel.Activation) (string, error) {
	var b strings.Builder
	for _, s := range r.explanation {
		if s.prg == nil {
			b.WriteString(s.text)
			continue
		}
		v, err := run(ctx, s.prg, act)
		if err != nil {
			return "", fmt.Errorf("explanation ${%s}: %v", s.src, err)
		}
		b.WriteString(formatValue(v))
	}
	return strings.TrimSpace(b.String()), nil
}

func (r *compiledRule) fail(what string, err error) error {
	return &mosaic.Error{
		Code:    mosaic.EINVALID,
		Message: fmt.Sprintf("rule %s (%s): %s: %v", r.ID, r.File, what, err),
		Err:     err,
	}
}

func run(ctx context.Context, prg cel.Program, act cel.Activation) (ref.Val, error) {
	v, _, err := prg.ContextEval(ctx, act)
	if err != nil {
		return nil, err
	}
	if types.IsError(v) {
		if e, ok := v.Value().(error); ok {
			return nil, e
		}
		return nil, fmt.Errorf("%v", v)
	}
	return v, nil
}

// isMissing reports whether err only says a field or variable is absent:
// the rule lacks a fact it needs, so it does not fire.
func isMissing(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no such key") || strings.Contains(msg, "no such attribute")
}
