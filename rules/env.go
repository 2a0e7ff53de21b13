package rules

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/ext"
)

// CostLimit bounds the work of one evaluation of one CEL program (condition,
// weight, key or explanation segment). CEL has no unbounded loops, so with the
// limit an evaluation always ends; a rule that exceeds it reports an error
// instead of stalling a scan. The figure allows comprehensions over a few
// thousand sign-ins while stopping quadratic loops over large lists.
const CostLimit = 1_000_000

// maxPatternCache bounds the regular expressions compiled at evaluation time
// (patterns that are not literals in a rule); literal patterns are compiled
// at load and always kept.
const maxPatternCache = 1024

// maxMatchText is how much of a text matches_any and first_match read. Notes
// are a few hundred characters; the cap keeps a hostile multi-megabyte note
// from costing seconds per rule.
const maxMatchText = 64 << 10

// patterns compiles the regular expressions given to matches_any and
// first_match once and shares them between evaluations. Patterns match
// case-insensitively.
type patterns struct {
	mu    sync.RWMutex
	cache map[string]*regexp.Regexp
}

func newPatterns() *patterns { return &patterns{cache: map[string]*regexp.Regexp{}} }

func (p *patterns) compile(pattern string) (*regexp.Regexp, error) {
	p.mu.RLock()
	re, ok := p.cache[pattern]
	p.mu.RUnlock()
	if ok {
		return re, nil
	}
	re, err := regexp.Compile("(?i)" + pattern)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	if len(p.cache) < maxPatternCache {
		p.cache[pattern] = re
	}
	p.mu.Unlock()
	return re, nil
}

// newEnv declares the variables of a scope and the helper functions. The
// variables are maps of dynamic values, so the Go side can add fields
// without breaking rules.
func newEnv(scope string, pats *patterns) (*cel.Env, error) {
	dynMap := cel.MapType(cel.StringType, cel.DynType)
	opts := []cel.EnvOption{
		cel.Variable("subject", dynMap),
		cel.OptionalTypes(),
		cel.CrossTypeNumericComparisons(true),
		cel.DefaultUTCTimeZone(true),
		ext.Bindings(),
		ext.Strings(),
	}
	if v := recordVariable[scope]; v != "" {
		opts = append(opts, cel.Variable(v, dynMap))
	}
	opts = append(opts, helperFunctions(pats)...)
	return cel.NewEnv(opts...)
}

func helperFunctions(pats *patterns) []cel.EnvOption {
	listOfStrings := cel.ListType(cel.StringType)
	return []cel.EnvOption{
		cel.Function("join",
			cel.Overload("mosaic_join_list_string", []*cel.Type{cel.ListType(cel.DynType), cel.StringType}, cel.StringType,
				cel.BinaryBinding(joinValues))),
		cel.Function("plural",
			cel.Overload("mosaic_plural_dyn_string_string", []*cel.Type{cel.DynType, cel.StringType, cel.StringType}, cel.StringType,
				cel.FunctionBinding(pluralWord))),
		cel.Function("fmt_hours",
			cel.Overload("mosaic_fmt_hours_dyn", []*cel.Type{cel.DynType}, cel.StringType,
				cel.UnaryBinding(formatHours))),
		cel.Function("pct",
			cel.Overload("mosaic_pct_dyn", []*cel.Type{cel.DynType}, cel.StringType,
				cel.UnaryBinding(formatPercent))),
		cel.Function("lower",
			cel.Overload("mosaic_lower_string", []*cel.Type{cel.StringType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					s, ok := v.(types.String)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					return types.String(strings.ToLower(string(s)))
				}))),
		cel.Function("matches_any",
			cel.Overload("mosaic_matches_any_string_list", []*cel.Type{cel.StringType, listOfStrings}, cel.BoolType,
				cel.BinaryBinding(func(text, list ref.Val) ref.Val {
					ok, err := matchesAny(pats, text, list)
					if err != nil {
						return types.WrapErr(err)
					}
					return types.Bool(ok)
				}))),
		cel.Function("first_match",
			cel.Overload("mosaic_first_match_string_list", []*cel.Type{cel.StringType, listOfStrings}, cel.StringType,
				cel.BinaryBinding(func(text, list ref.Val) ref.Val {
					m, err := firstMatch(pats, text, list)
					if err != nil {
						return types.WrapErr(err)
					}
					return types.String(m)
				}))),
	}
}

// matchesAny joins the patterns into one alternation, compiled once per
// list, so a note is scanned once rather than once per pattern.
func matchesAny(pats *patterns, textVal, list ref.Val) (bool, error) {
	s, ok := textVal.(types.String)
	if !ok {
		return false, fmt.Errorf("matches_any: text is %s, not a string", textVal.Type().TypeName())
	}
	l, ok := list.(traits.Lister)
	if !ok {
		return false, fmt.Errorf("matches_any: patterns are %s, not a list", list.Type().TypeName())
	}
	var parts []string
	for it := l.Iterator(); it.HasNext() == types.True; {
		p, ok := it.Next().(types.String)
		if !ok {
			return false, fmt.Errorf("matches_any: a pattern is not a string")
		}
		if _, err := pats.compile(string(p)); err != nil {
			return false, fmt.Errorf("matches_any: bad pattern %q: %v", string(p), err)
		}
		parts = append(parts, "(?:"+string(p)+")")
	}
	if len(parts) == 0 {
		return false, nil
	}
	re, err := pats.compile(strings.Join(parts, "|"))
	if err != nil {
		return false, fmt.Errorf("matches_any: %v", err)
	}
	text := string(s)
	if len(text) > maxMatchText {
		text = text[:maxMatchText]
	}
	return re.MatchString(text), nil
}

var longNumber = regexp.MustCompile(`\d[\d -]{4,}\d`)

// firstMatch returns the text matched by the first pattern of list that
// matches, or "".
func firstMatch(pats *patterns, textVal, list ref.Val) (string, error) {
	s, ok := textVal.(types.String)
	if !ok {
		return "", fmt.Errorf("matches_any: text is %s, not a string", textVal.Type().TypeName())
	}
	l, ok := list.(traits.Lister)
	if !ok {
		return "", fmt.Errorf("matches_any: patterns are %s, not a list", list.Type().TypeName())
	}
	text := string(s)
	if len(text) > maxMatchText {
		text = text[:maxMatchText]
	}
	for it := l.Iterator(); it.HasNext() == types.True; {
		p, ok := it.Next().(types.String)
		if !ok {
			return "", fmt.Errorf("matches_any: a pattern is not a string")
		}
		re, err := pats.compile(string(p))
		if err != nil {
			return "", fmt.Errorf("matches_any: bad pattern %q: %v", string(p), err)
		}
		if loc := re.FindStringIndex(text); loc != nil {
			// Notes are free text: a quoted match must not carry an SSN,
			// account or phone number someone typed into it.
			m := longNumber.ReplaceAllString(text[loc[0]:loc[1]], "[number removed]")
			if m == "" {
				m = " " // an empty match still matched
			}
			return m, nil
		}
	}
	return "", nil
}

func joinValues(list, sep ref.Val) ref.Val {
	l, ok := list.(traits.Lister)
	if !ok {
		return types.MaybeNoSuchOverloadErr(list)
	}
	s, ok := sep.(types.String)
	if !ok {
		return types.MaybeNoSuchOverloadErr(sep)
	}
	var parts []string
	for it := l.Iterator(); it.HasNext() == types.True; {
		parts = append(parts, formatValue(it.Next()))
	}
	return types.String(strings.Join(parts, string(s)))
}

// pluralWord returns the singular when n is 1 and the plural otherwise; the
// number itself is not included, so templates read "${n} ${plural(n, ...)}".
func pluralWord(args ...ref.Val) ref.Val {
	n, ok := number(args[0])
	if !ok {
		return types.MaybeNoSuchOverloadErr(args[0])
	}
	one, ok1 := args[1].(types.String)
	many, ok2 := args[2].(types.String)
	if !ok1 || !ok2 {
		return types.NoSuchOverloadErr()
	}
	if n == 1 || n == -1 {
		return one
	}
	return many
}

// formatHours renders a duration given in hours the way a person says it:
// "40 minutes", "5.5 hours", "3 days".
func formatHours(v ref.Val) ref.Val {
	h, ok := number(v)
	if !ok {
		return types.MaybeNoSuchOverloadErr(v)
	}
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return types.String("an unknown time")
	}
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	switch {
	case h < 1:
		m := math.Round(h * 60)
		return types.String(sign + trimFloat(m, 0) + " " + pluralOf(m, "minute", "minutes"))
	case h < 48:
		r := math.Round(h*10) / 10
		return types.String(sign + trimFloat(r, 1) + " " + pluralOf(r, "hour", "hours"))
	default:
		d := math.Round(h/24*10) / 10
		return types.String(sign + trimFloat(d, 1) + " " + pluralOf(d, "day", "days"))
	}
}

// formatPercent renders a share (0-1) as a whole percentage: 0.425 -> "43%".
func formatPercent(v ref.Val) ref.Val {
	f, ok := number(v)
	if !ok {
		return types.MaybeNoSuchOverloadErr(v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return types.String("an unknown share")
	}
	p := f * 100
	if p > 0 && p < 1 {
		return types.String("<1%")
	}
	return types.String(strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%")
}

func pluralOf(n float64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func trimFloat(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func number(v ref.Val) (float64, bool) {
	switch n := v.(type) {
	case types.Int:
		return float64(n), true
	case types.Uint:
		return float64(n), true
	case types.Double:
		return float64(n), true
	}
	return 0, false
}

// formatValue renders a CEL value for an explanation.
func formatValue(v ref.Val) string {
	switch x := v.(type) {
	case types.String:
		return string(x)
	case types.Int:
		return strconv.FormatInt(int64(x), 10)
	case types.Uint:
		return strconv.FormatUint(uint64(x), 10)
	case types.Double:
		f := float64(x)
		if math.Abs(f) >= 100 {
			return trimFloat(math.Round(f), 0)
		}
		return trimFloat(f, 2)
	case types.Bool:
		if x {
			return "yes"
		}
		return "no"
	case types.Timestamp:
		return x.Time.UTC().Format("2006-01-02 15:04 UTC")
	case types.Duration:
		return x.Duration.Round(time.Minute).String()
	case types.Null:
		return "none"
	case traits.Lister:
		var parts []string
		for it := x.Iterator(); it.HasNext() == types.True; {
			parts = append(parts, formatValue(it.Next()))
		}
		return strings.Join(parts, ", ")
	}
	if v == nil {
		return "none"
	}
	return fmt.Sprint(v.Value())
}

// callCost charges the text helpers by the length of the text they scan, so
// the cost limit also bounds matching very long notes against many patterns.
type callCost struct{}

func (callCost) CallCost(function, overloadID string, args []ref.Val, result ref.Val) *uint64 {
	switch function {
	case "matches_any", "first_match":
		if len(args) != 2 {
			return nil
		}
		s, _ := args[0].(types.String)
		n := uint64(1)
		if l, ok := args[1].(traits.Lister); ok {
			if c, ok := l.Size().(types.Int); ok && c > 0 {
				n = uint64(c)
			}
		}
		c := 1 + n*(uint64(len(s))/64+1)
		return &c
	case "join":
		if l, ok := args[0].(traits.Lister); ok {
			if c, ok := l.Size().(types.Int); ok && c > 0 {
				u := uint64(c) + 1
				return &u
			}
		}
	}
	return nil
}
