package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)
var familyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// compiledRule is a rule with its CEL programs, ready to evaluate.
type compiledRule struct {
	Rule
	condition   cel.Program
	weight      cel.Program // nil without weight_expr
	key         cel.Program // nil without key
	explanation []compiledSegment
}

type compiledSegment struct {
	text string
	prg  cel.Program // nil for literal text
	src  string
}

// compiler holds what compiling needs: one CEL environment per scope.
type compiler struct {
	envs map[string]*cel.Env
	pats *patterns
}

func newCompiler(pats *patterns) (*compiler, error) {
	c := &compiler{envs: map[string]*cel.Env{}, pats: pats}
	for _, s := range Scopes {
		env, err := newEnv(s, pats)
		if err != nil {
			return nil, fmt.Errorf("CEL environment for scope %s: %w", s, err)
		}
		c.envs[s] = env
	}
	return c, nil
}

// compile checks a parsed rule and compiles its CEL. It returns nil when the
// rule has problems; they are added to ps.
func (c *compiler) compile(r *parsedRule, ps *problems) *compiledRule {
	before := len(*ps)
	file := r.File
	line := func(field string) int {
		if l, ok := r.lines[field]; ok {
			return l
		}
		return 1
	}
	for _, f := range []string{"id", "title", "description", "silo", "scope", "severity", "weight", "condition", "explanation"} {
		if _, ok := r.lines[f]; !ok {
			ps.add(file, 1, "missing required field %q", f)
		}
	}
	if r.ID != "" && !idPattern.MatchString(r.ID) {
		ps.add(file, line("id"), "id %q must read silo.name in lower case (e.g. hiring.phone_shared)", r.ID)
	}
	if r.Silo != "" && !validSilo(string(r.Silo)) {
		ps.add(file, line("silo"), "unknown silo %q (known: %s)", r.Silo, joinSilos())
	} else if r.ID != "" && r.Silo != "" && !strings.HasPrefix(r.ID, string(r.Silo)+".") {
		ps.add(file, line("id"), "id %q must start with its silo %q", r.ID, string(r.Silo)+".")
	}
	if r.Family != "" && !familyPattern.MatchString(r.Family) {
		ps.add(file, line("family"), "family %q must be one lower-case word (e.g. contact, document, network, interview)", r.Family)
	}
	if r.Scope != "" && !validScope(r.Scope) {
		ps.add(file, line("scope"), "unknown scope %q (known: %s)", r.Scope, strings.Join(Scopes, ", "))
	}
	if r.Severity != "" && !validSeverity(r.Severity) {
		ps.add(file, line("severity"), "unknown severity %q (known: %s)", r.Severity, strings.Join(Severities, ", "))
	}
	if r.weightSet && r.Weight < 0 {
		ps.add(file, line("weight"), "weight %g is negative; weights are likelihood ratios (>1 evidence, 0 or 1 context only)", r.Weight)
	}
	if r.WeightExpr != "" && r.weightSet && r.ContextOnly() {
		ps.add(file, line("weight_expr"), "a context-only rule (weight %g) cannot have weight_expr: its firings never score", r.Weight)
	}
	if r.Scope == ScopeSubject {
		if len(r.EvidenceGroups) == 0 {
			ps.add(file, line("scope"), "a subject-scope rule must name the fact groups it rests on in evidence: (e.g. [signins])")
		}
		for _, g := range r.EvidenceGroups {
			if !slices.Contains(EvidenceGroups, g) {
				ps.add(file, line("evidence"), "unknown evidence group %q (known: %s)", g, strings.Join(EvidenceGroups, ", "))
			}
		}
	} else if len(r.EvidenceGroups) > 0 && r.Scope != "" {
		ps.add(file, line("evidence"), "evidence: is for subject-scope rules; a %s rule's evidence is its record", r.Scope)
	}
	env, ok := c.envs[r.Scope]
	if !ok {
		return nil
	}
	cr := &compiledRule{Rule: r.Rule}
	cr.Rule.Tests = slices.Clone(r.Tests)

	// The fairness guard reads the whole CEL of the rule.
	for _, f := range []struct {
		field string
		src   string
	}{{"condition", r.Condition}, {"weight_expr", r.WeightExpr}, {"key", r.Key}} {
		if why := fairnessProblem(f.src, false); why != "" {
			ps.add(file, line(f.field), "%s %s: rules judge conduct and infrastructure, never identity or context-only fields", f.field, why)
		}
	}

	if r.Condition != "" {
		ast := c.check(env, file, "condition", r.condition, ps, cel.BoolType)
		if ast != nil {
			c.checkPatterns(ast, file, line("condition"), ps)
			c.checkEvidenceRead(ast, r, line("evidence"), ps)
			cr.condition = c.program(env, ast, file, line("condition"), ps)
		}
	}
	if r.WeightExpr != "" {
		if ast := c.check(env, file, "weight_expr", r.weightExpr, ps, cel.DoubleType, cel.IntType); ast != nil {
			cr.weight = c.program(env, ast, file, line("weight_expr"), ps)
		}
	}
	if r.Key != "" {
		if ast := c.check(env, file, "key", r.key, ps); ast != nil {
			cr.key = c.program(env, ast, file, line("key"), ps)
		}
	}
	if r.Explanation != "" {
		segs, err := parseTemplate(r.Explanation)
		if err != nil {
			ps.add(file, line("explanation"), "explanation: %v", err)
		}
		for _, s := range segs {
			if s.expr == "" {
				cr.explanation = append(cr.explanation, compiledSegment{text: s.text})
				continue
			}
			if why := fairnessProblem(s.expr, r.ContextOnly()); why != "" {
				ps.add(file, line("explanation"), "explanation ${%s} %s: rules judge conduct and infrastructure, never identity", s.expr, why)
				continue
			}
			src := source{text: s.expr, line: line("explanation")}
			if ast := c.check(env, file, "explanation ${"+s.expr+"}", src, ps); ast != nil {
				c.checkPatterns(ast, file, line("explanation"), ps)
				if prg := c.program(env, ast, file, line("explanation"), ps); prg != nil {
					cr.explanation = append(cr.explanation, compiledSegment{prg: prg, src: s.expr})
				}
			}
		}
	}
	c.checkTests(r, ps)
	if len(*ps) > before {
		return nil
	}
	return cr
}

// check parses and type-checks one CEL text; want lists the result types
// allowed besides dyn (none: any type).
func (c *compiler) check(env *cel.Env, file, what string, src source, ps *problems, want ...*cel.Type) *cel.Ast {
	ast, iss := env.Compile(src.text)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			ps.add(file, src.lineOf(e.Location.Line()), "%s: %s (column %d)", what, e.Message, e.Location.Column()+1)
		}
		return nil
	}
	if len(want) > 0 {
		out := ast.OutputType()
		ok := out.IsExactType(cel.DynType)
		for _, w := range want {
			ok = ok || out.IsExactType(w)
		}
		if !ok {
			names := make([]string, len(want))
			for i, w := range want {
				names[i] = w.String()
			}
			ps.add(file, src.lineOf(1), "%s gives %s; it must give %s", what, out, strings.Join(names, " or "))
			return nil
		}
	}
	return ast
}

func (c *compiler) program(env *cel.Env, ast *cel.Ast, file string, line int, ps *problems) cel.Program {
	prg, err := env.Program(ast,
		cel.CostLimit(CostLimit),
		cel.CostTracking(callCost{}),
		cel.InterruptCheckFrequency(100),
		cel.EvalOptions(cel.OptOptimize),
	)
	if err != nil {
		ps.add(file, line, "cannot build program: %v", err)
		return nil
	}
	return prg
}

// checkPatterns compiles the literal regular expressions given to
// matches_any and first_match, so a bad pattern is a load error and the
// compiled pattern is ready before the first evaluation.
func (c *compiler) checkPatterns(ast *cel.Ast, file string, line int, ps *problems) {
	celast.PreOrderVisit(ast.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if e.Kind() != celast.CallKind {
			return
		}
		call := e.AsCall()
		if fn := call.FunctionName(); fn != "matches_any" && fn != "first_match" || len(call.Args()) != 2 {
			return
		}
		list := call.Args()[1]
		if list.Kind() != celast.ListKind {
			return
		}
		for _, el := range list.AsList().Elements() {
			if el.Kind() != celast.LiteralKind {
				continue
			}
			s, ok := el.AsLiteral().(types.String)
			if !ok {
				ps.add(file, line, "%s: patterns must be texts", call.FunctionName())
				continue
			}
			if _, err := c.pats.compile(string(s)); err != nil {
				ps.add(file, line, "%s: bad regular expression %q: %v", call.FunctionName(), string(s), err)
			}
		}
	}))
}

// checkEvidenceRead makes sure each evidence group a rule names is read by
// its condition: evidence that does not back the finding would mislead.
func (c *compiler) checkEvidenceRead(ast *cel.Ast, r *parsedRule, line int, ps *problems) {
	if r.Scope != ScopeSubject {
		return
	}
	read := map[string]bool{}
	celast.PreOrderVisit(ast.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if e.Kind() != celast.SelectKind {
			return
		}
		sel := e.AsSelect()
		if op := sel.Operand(); op.Kind() == celast.IdentKind && op.AsIdent() == "subject" {
			read[sel.FieldName()] = true
		}
	}))
	// Optional selection (subject.?x) is a call, not a select; accept the text.
	for _, g := range r.EvidenceGroups {
		if !read[g] && !strings.Contains(r.Condition, "subject.?"+g) {
			ps.add(r.File, line, "evidence group %q is not read by the condition", g)
		}
	}
}

// checkTests makes sure each case's variables belong to the rule's scope.
func (c *compiler) checkTests(r *parsedRule, ps *problems) {
	allowed := map[string]bool{"subject": true}
	if v := recordVariable[r.Scope]; v != "" {
		allowed[v] = true
	}
	for _, tc := range r.Tests {
		for k, v := range tc.Vars {
			if !allowed[k] {
				ps.add(r.File, tc.Line, "test %q: variable %q is not seen in scope %s", tc.Name, k, r.Scope)
				continue
			}
			if _, ok := v.(map[string]any); !ok {
				ps.add(r.File, tc.Line, "test %q: variable %q must be a mapping of fields", tc.Name, k)
			}
		}
	}
}

func joinSilos() string {
	s := make([]string, len(Silos))
	for i, x := range Silos {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}
