package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"go.yaml.in/yaml/v3"
)

// problem is one thing wrong with a rule file, with where it is.
type problem struct {
	file string
	line int
	msg  string
}

func (p problem) String() string {
	if p.line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.file, p.line, p.msg)
	}
	return fmt.Sprintf("%s: %s", p.file, p.msg)
}

// problems collects the problems of a load, so one run reports them all.
type problems []problem

func (ps *problems) add(file string, line int, format string, args ...any) {
	*ps = append(*ps, problem{file: file, line: line, msg: fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	if len(lines) == 1 {
		return mosaic.Errorf(mosaic.EINVALID, "invalid rule: %s", lines[0])
	}
	return mosaic.Errorf(mosaic.EINVALID, "%d problems in rules:\n%s", len(lines), strings.Join(lines, "\n"))
}

// source is a CEL text with the line its YAML value starts on, so CEL errors
// can point at the right line of the file.
type source struct {
	text  string
	line  int
	block bool // a | or > block: the text starts on the next line
}

// lineOf maps a 1-based line of the CEL text to a line of the file.
func (s source) lineOf(celLine int) int {
	if celLine < 1 {
		celLine = 1
	}
	l := s.line + celLine - 1
	if s.block {
		l++
	}
	return l
}

// parsedRule is a rule as read, before compilation.
type parsedRule struct {
	Rule
	weightSet   bool
	condition   source
	weightExpr  source
	key         source
	explanation source
	lines       map[string]int // field -> line
}

var ruleFields = []string{
	"id", "title", "description", "silo", "family", "scope", "severity", "weight", "weight_expr",
	"condition", "explanation", "evidence", "key", "references", "false_positives", "tests",
}

var testFields = []string{"name", "fires", "vars", "weight", "explanation_contains"}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseRule reads one rule file. It returns nil when the file is too broken
// to go on; the reasons are in ps.
func parseRule(file string, data []byte, ps *problems) *parsedRule {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			ps.add(file, 0, "empty file")
			return nil
		}
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			ps.add(file, n, "bad YAML: %s", m[2])
		} else {
			ps.add(file, 0, "bad YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		ps.add(file, extra.Line, "a file holds one rule; found a second YAML document")
		return nil
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		ps.add(file, root.Line, "a rule is a mapping of fields (id, title, condition, ...)")
		return nil
	}
	r := &parsedRule{lines: map[string]int{}}
	r.File = file
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		name := k.Value
		if _, dup := r.lines[name]; dup {
			ps.add(file, k.Line, "field %q given twice", name)
			continue
		}
		r.lines[name] = k.Line
		switch name {
		case "id":
			r.ID = scalar(file, name, v, ps)
			r.Line = k.Line
		case "title":
			r.Title = scalar(file, name, v, ps)
		case "description":
			r.Description = scalar(file, name, v, ps)
		case "silo":
			r.Silo = mosaic.Silo(scalar(file, name, v, ps))
		case "family":
			r.Family = scalar(file, name, v, ps)
		case "scope":
			r.Scope = scalar(file, name, v, ps)
		case "severity":
			r.Severity = scalar(file, name, v, ps)
		case "weight":
			var w float64
			if v.Kind != yaml.ScalarNode || v.Decode(&w) != nil || math.IsNaN(w) || math.IsInf(w, 0) {
				ps.add(file, v.Line, "weight must be a number")
				continue
			}
			r.Weight, r.weightSet = w, true
		case "weight_expr":
			r.WeightExpr = scalar(file, name, v, ps)
			r.weightExpr = sourceOf(v)
		case "condition":
			r.Condition = scalar(file, name, v, ps)
			r.condition = sourceOf(v)
		case "explanation":
			r.Explanation = scalar(file, name, v, ps)
			r.explanation = sourceOf(v)
		case "key":
			r.Key = scalar(file, name, v, ps)
			r.key = sourceOf(v)
		case "evidence":
			r.EvidenceGroups = stringList(file, name, v, ps)
		case "references":
			r.References = stringList(file, name, v, ps)
		case "false_positives":
			r.FalsePositives = stringList(file, name, v, ps)
		case "tests":
			r.Tests = parseTests(file, v, ps)
		default:
			ps.add(file, k.Line, "unknown field %q (known: %s)", name, strings.Join(ruleFields, ", "))
		}
	}
	return r
}

func sourceOf(v *yaml.Node) source {
	return source{text: v.Value, line: v.Line, block: v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0}
}

func scalar(file, field string, v *yaml.Node, ps *problems) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		ps.add(file, v.Line, "%s must be a single value", field)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func stringList(file, field string, v *yaml.Node, ps *problems) []string {
	if v.Kind != yaml.SequenceNode {
		ps.add(file, v.Line, "%s must be a list", field)
		return nil
	}
	var out []string
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode || strings.TrimSpace(e.Value) == "" {
			ps.add(file, e.Line, "%s: each entry must be a non-empty text", field)
			continue
		}
		out = append(out, strings.TrimSpace(e.Value))
	}
	return out
}

func parseTests(file string, v *yaml.Node, ps *problems) []TestCase {
	if v.Kind != yaml.SequenceNode {
		ps.add(file, v.Line, "tests must be a list of cases")
		return nil
	}
	var out []TestCase
	for _, c := range v.Content {
		if c.Kind != yaml.MappingNode {
			ps.add(file, c.Line, "a test case is a mapping (name, fires, vars)")
			continue
		}
		tc := TestCase{Line: c.Line}
		seen := map[string]bool{}
		ok := true
		for i := 0; i+1 < len(c.Content); i += 2 {
			k, val := c.Content[i], c.Content[i+1]
			if seen[k.Value] {
				ps.add(file, k.Line, "test field %q given twice", k.Value)
				ok = false
				continue
			}
			seen[k.Value] = true
			switch k.Value {
			case "name":
				tc.Name = scalar(file, "test name", val, ps)
			case "fires":
				if val.Kind != yaml.ScalarNode || val.Decode(&tc.Fires) != nil {
					ps.add(file, val.Line, "test fires must be true or false")
					ok = false
				}
			case "weight":
				var w float64
				if val.Kind != yaml.ScalarNode || val.Decode(&w) != nil {
					ps.add(file, val.Line, "test weight must be a number")
					ok = false
				}
				tc.Weight = &w
			case "explanation_contains":
				tc.ExplanationContains = scalar(file, "explanation_contains", val, ps)
			case "vars":
				if val.Kind != yaml.MappingNode {
					ps.add(file, val.Line, "test vars must be a mapping of variables (app, subject, ...)")
					ok = false
					continue
				}
				var raw map[string]any
				if err := val.Decode(&raw); err != nil {
					ps.add(file, val.Line, "test vars: %v", err)
					ok = false
					continue
				}
				vars, err := normalizeVars(raw)
				if err != nil {
					ps.add(file, val.Line, "test vars: %v", err)
					ok = false
					continue
				}
				tc.Vars = vars
			default:
				ps.add(file, k.Line, "unknown test field %q (known: %s)", k.Value, strings.Join(testFields, ", "))
				ok = false
			}
		}
		if tc.Name == "" {
			ps.add(file, c.Line, "test case without a name")
			ok = false
		}
		if !seen["fires"] {
			ps.add(file, c.Line, "test case %q does not say fires: true or false", tc.Name)
			ok = false
		}
		if ok {
			if tc.Vars == nil {
				tc.Vars = map[string]any{}
			}
			out = append(out, tc)
		}
	}
	return out
}

// normalizeVars turns decoded YAML into the values the detect package gives:
// int64 for integers, float64, string, bool, time.Time (RFC 3339 strings and
// YAML timestamps), []any and map[string]any.
func normalizeVars(m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		n, err := normalizeValue(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", k, err)
		}
		out[k] = n
	}
	return out, nil
}

func normalizeValue(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, fmt.Errorf("null value (leave the key out instead)")
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	case uint64:
		if x > math.MaxInt64 {
			return nil, fmt.Errorf("integer %d too large", x)
		}
		return int64(x), nil
	case float64, bool, time.Time:
		return x, nil
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			return t, nil
		}
		return x, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, err := normalizeValue(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %v", i, err)
			}
			out[i] = n
		}
		return out, nil
	case map[string]any:
		return normalizeVars(x)
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("map key %v is not a text", k)
			}
			m[ks] = e
		}
		return normalizeVars(m)
	}
	return nil, fmt.Errorf("unsupported value %T", v)
}
