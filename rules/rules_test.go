package rules

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func mustBuiltin(t testing.TB) *Set {
	t.Helper()
	s, err := Builtin()
	if err != nil {
		t.Fatalf("loading built-in rules: %v", err)
	}
	return s
}

func TestBuiltinLoads(t *testing.T) {
	s := mustBuiltin(t)
	rules := s.Rules()
	if len(rules) == 0 {
		t.Fatal("no built-in rules")
	}
	for i := 1; i < len(rules); i++ {
		if rules[i-1].ID >= rules[i].ID {
			t.Errorf("rules not sorted by id: %s before %s", rules[i-1].ID, rules[i].ID)
		}
	}
	if _, ok := s.Rule(rules[0].ID); !ok {
		t.Errorf("Rule(%q) not found", rules[0].ID)
	}
	if _, ok := s.Rule("no.such_rule"); ok {
		t.Error("Rule found an id that does not exist")
	}
}

func TestBuiltinInlineTestsPass(t *testing.T) {
	s := mustBuiltin(t)
	results := s.Test()
	if len(results) == 0 {
		t.Fatal("no inline tests ran")
	}
	for _, r := range results {
		if !r.Passed {
			t.Errorf("%s / %s: %s", r.RuleID, r.Case, r.Message)
		}
	}
}

// Every built-in rule is documented and tested both ways with at least two
// cases each, as the catalogue promises.
func TestBuiltinCatalogueQuality(t *testing.T) {
	s := mustBuiltin(t)
	for _, r := range s.Rules() {
		if len(r.References) == 0 {
			t.Errorf("%s: no references", r.ID)
		}
		if len(r.FalsePositives) == 0 {
			t.Errorf("%s: no false positives", r.ID)
		}
		var pos, neg int
		for _, tc := range r.Tests {
			if tc.Fires {
				pos++
			} else {
				neg++
			}
		}
		if pos < 2 || neg < 2 {
			t.Errorf("%s: %d positive and %d negative tests; want at least 2 of each", r.ID, pos, neg)
		}
		if want := filepath.Join("builtin", r.ID+".yaml"); r.File != want {
			t.Errorf("%s: file %s, want %s (one file per rule, named by id)", r.ID, r.File, want)
		}
	}
}

// Each fixture in testdata/broken starts with "# want: LINE: message"; loaded
// alone, it must fail with an EINVALID error naming its file, line and what
// is wrong.
func TestBrokenRules(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			line, want := fixtureWant(t, f)
			dir := t.TempDir()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, filepath.Base(f))
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Load(false, []string{dir}, nil)
			if err == nil {
				t.Fatal("loaded without error")
			}
			if code := mosaic.ErrorCode(err); code != mosaic.EINVALID {
				t.Errorf("code %q, want %q", code, mosaic.EINVALID)
			}
			if at := path + ":" + line + ": "; !strings.Contains(err.Error(), at+"") || !strings.Contains(err.Error(), want) {
				t.Errorf("error\n%v\nwant %q and %q", err, at, want)
			}
			if !strings.Contains(lineWith(err.Error(), path+":"+line+": "), want) {
				t.Errorf("the problem at %s:%s does not say %q:\n%v", path, line, want, err)
			}
		})
	}
}

func TestDuplicateID(t *testing.T) {
	_, err := Load(false, []string{"testdata/broken/duplicate"}, nil)
	if err == nil {
		t.Fatal("duplicate id loaded")
	}
	want := "testdata/broken/duplicate/b.yaml:1: duplicate id \"hiring.fixture_duplicate\" (also in testdata/broken/duplicate/a.yaml:1)"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error\n%v\nwant %s", err, want)
	}
}

func TestMissingFolder(t *testing.T) {
	_, err := Load(false, []string{"testdata/no-such-folder"}, nil)
	if mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Fatalf("err %v, want ENOTFOUND", err)
	}
}

func TestOverrideAndDisable(t *testing.T) {
	builtin := mustBuiltin(t)
	s, err := Load(true, []string{"testdata/company"}, []string{"hiring.disposable_email_domain"})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := s.Rule("hiring.phone_shared_across_applicants")
	if !ok || r.Weight != 25 || r.Overrides != "builtin/hiring.phone_shared_across_applicants.yaml" {
		t.Errorf("override not applied: %+v", r)
	}
	if _, ok := s.Rule("payroll.acme_unapproved_provider"); !ok {
		t.Error("company rule not added")
	}
	if _, ok := s.Rule("hiring.disposable_email_domain"); ok {
		t.Error("disabled rule still loaded")
	}
	if got, want := s.Len(), builtin.Len(); got != want { // +1 added, -1 disabled
		t.Errorf("%d rules, want %d", got, want)
	}
	f, err := s.Evaluate(ScopeApplication, map[string]any{
		"app": map[string]any{"phone_e164": "+12025550143", "phone_shared_with": int64(1), "source": "agency"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range f {
		if x.Rule.ID == "hiring.phone_shared_across_applicants" {
			t.Errorf("overridden rule fired for an agency application: %s", x.Explanation)
		}
	}
	for _, r := range s.Test() {
		if !r.Passed {
			t.Errorf("%s / %s: %s", r.RuleID, r.Case, r.Message)
		}
	}

	_, err = Load(true, nil, []string{"hiring.no_such_rule"})
	if err == nil || !strings.Contains(err.Error(), `no rule has id "hiring.no_such_rule"`) {
		t.Errorf("disabling an unknown id: %v", err)
	}
}

func TestFairnessGuard(t *testing.T) {
	tests := []struct {
		name, src    string
		allowContext bool
		refused      bool
	}{
		{"conduct", "subject.signins.proxy_share > 0.5", false, false},
		{"nationality field", "app.nationality == 'X'", false, true},
		{"context field", "size(subject.devices.context_keyboard_layouts) > 0", false, true},
		{"context field in context explanation", "join(subject.devices.context_keyboard_layouts, ', ')", true, false},
		{"protected word even as context", "subject.ethnicity", true, true},
		{"pattern word", `matches_any(note.text, ['\bheavy accent\b'])`, false, true},
		{"escaped pattern word", `matches_any(note.text, ['\blanguage\b'])`, false, true},
		{"keyboard word", `subject.devices.keyboard_layouts`, false, true},
		{"name origin", `app.name_origin_guess`, false, true},
		{"religion by index", `subject['religion']`, false, true},
		{"innocent substring", `app.traces > 0 && note.text_lower.contains('embrace')`, false, false},
	}
	for _, tt := range tests {
		got := fairnessProblem(tt.src, tt.allowContext) != ""
		if got != tt.refused {
			t.Errorf("%s: refused=%v, want %v", tt.name, got, tt.refused)
		}
	}
}

func TestContextOnlyNeverScores(t *testing.T) {
	dir := t.TempDir()
	rule := `id: endpoint.fixture_context
title: Context
description: Shows remote access context.
silo: endpoint
scope: subject
severity: informational
weight: 0
condition: subject.devices.remote_access_count > 0
evidence: [devices]
explanation: "Layouts: ${join(subject.devices.context_keyboard_layouts, ', ')}"
`
	if err := os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(false, []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Evaluate(ScopeSubject, map[string]any{"subject": map[string]any{
		"devices": map[string]any{"remote_access_count": int64(2), "context_keyboard_layouts": []any{"us", "xx"}},
	}})
	if err != nil || len(f) != 1 {
		t.Fatalf("firings %v, err %v", f, err)
	}
	if f[0].Weight != 0 || f[0].Scores() {
		t.Errorf("context-only firing has weight %g, scores=%v", f[0].Weight, f[0].Scores())
	}
	if f[0].Explanation != "Layouts: us, xx" {
		t.Errorf("explanation %q", f[0].Explanation)
	}
	// The built-in keyboard rule is context only as well.
	b := mustBuiltin(t)
	for _, r := range b.Rules() {
		if strings.Contains(r.ID, "keyboard") && !r.ContextOnly() {
			t.Errorf("%s scores", r.ID)
		}
	}
}

func writeRule(t *testing.T, body string) *Set {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "r.yaml"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(false, []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCostLimit(t *testing.T) {
	s := writeRule(t, `id: network.fixture_quadratic
title: Quadratic
description: A rule that loops over a list inside a loop over it.
silo: network
scope: subject
severity: low
weight: 2
condition: subject.signins.countries.all(a, subject.signins.countries.all(b, a != '' || b != ''))
evidence: [signins]
explanation: loops
`)
	list := make([]any, 3000)
	for i := range list {
		list[i] = "US"
	}
	_, err := s.Evaluate(ScopeSubject, map[string]any{"subject": map[string]any{"signins": map[string]any{"countries": list}}})
	if err == nil || !strings.Contains(err.Error(), "cost limit") {
		t.Fatalf("err %v, want a cost limit error", err)
	}
	// The same rule over a small list is fine.
	f, err := s.Evaluate(ScopeSubject, map[string]any{"subject": map[string]any{"signins": map[string]any{"countries": list[:10]}}})
	if err != nil || len(f) != 1 {
		t.Fatalf("small list: %v %v", f, err)
	}
}

func TestMissingFieldsDoNotFire(t *testing.T) {
	s := mustBuiltin(t)
	for _, scope := range Scopes {
		for _, vars := range []map[string]any{
			nil,
			{},
			{"subject": map[string]any{}},
			{"app": map[string]any{}, "note": map[string]any{}, "shipment": map[string]any{}, "pay": map[string]any{}, "subject": map[string]any{}},
		} {
			f, err := s.Evaluate(scope, vars)
			if err != nil {
				t.Errorf("%s with %v: %v", scope, vars, err)
			}
			if len(f) > 0 {
				t.Errorf("%s with %v fired %s", scope, vars, f[0].Rule.ID)
			}
		}
	}
}

func TestRuntimeErrorsReported(t *testing.T) {
	s := writeRule(t, `id: hiring.fixture_type_error
title: Type error
description: Compares a text with a number.
silo: hiring
scope: application
severity: low
weight: 2
condition: app.phone_shared_with > 0
explanation: shared
`)
	_, err := s.Evaluate(ScopeApplication, map[string]any{"app": map[string]any{"phone_shared_with": "two"}})
	if err == nil || !strings.Contains(err.Error(), "hiring.fixture_type_error") {
		t.Fatalf("err %v, want a runtime error naming the rule", err)
	}
	var me *mosaic.Error
	if !errors.As(err, &me) {
		t.Errorf("error is %T, want *mosaic.Error", err)
	}
	if _, err := s.Evaluate("nowhere", nil); mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Errorf("unknown scope: %v", err)
	}
}

// Hostile values must not panic: odd types, huge texts, deep nesting.
func TestHostileVars(t *testing.T) {
	s := mustBuiltin(t)
	huge := strings.Repeat("camera off ", 200000)
	hostile := []map[string]any{
		{"app": map[string]any{"phone_shared_with": "x", "ip": "not a map", "phone_sharers": 7}},
		{"note": map[string]any{"text": huge, "text_lower": huge, "on": "application"}},
		{"note": map[string]any{"text": 42, "on": []any{1}}},
		{"shipment": map[string]any{"employees_at_address": 1.5e300, "to_known_address": "no"}},
		{"pay": map[string]any{"account_shared_with": int64(-1), "days_after_hire": -5.0}},
		{"subject": map[string]any{"signins": "nope", "devices": map[string]any{"remote_access": "AnyDesk"}, "cluster": []any{}}},
	}
	for _, scope := range Scopes {
		for _, vars := range hostile {
			_, _ = s.Evaluate(scope, vars) // errors are fine; panics are not
		}
	}
}

func TestTemplates(t *testing.T) {
	tests := []struct {
		in   string
		want []segment
		bad  bool
	}{
		{in: "plain", want: []segment{{text: "plain"}}},
		{in: "a ${x} b", want: []segment{{text: "a "}, {expr: "x"}, {text: " b"}}},
		{in: "${ {'a': 1}['a'] }", want: []segment{{expr: "{'a': 1}['a']"}}},
		{in: "${ '}' + x }!", want: []segment{{expr: "'}' + x"}, {text: "!"}}},
		{in: "cost $$5", want: []segment{{text: "cost $5"}}},
		{in: "${x", bad: true},
		{in: "${ }", bad: true},
	}
	for _, tt := range tests {
		got, err := parseTemplate(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("%q: err %v", tt.in, err)
			continue
		}
		if !tt.bad && !equalSegments(got, tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func equalSegments(a, b []segment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHelpers(t *testing.T) {
	s := writeRule(t, `id: hiring.fixture_helpers
title: Helpers
description: Exercises the helper functions.
silo: hiring
scope: application
severity: low
weight: 2
condition: "true"
explanation: "${join(app.l, '/')}|${plural(app.n1, 'person', 'people')}|${plural(app.n2, 'person', 'people')}|${fmt_hours(app.h1)}|${fmt_hours(app.h2)}|${fmt_hours(app.h3)}|${pct(app.p)}|${lower('ABC')}|${first_match(app.t, [r'cam\\w+ off', 'x'])}|${matches_any(app.t, ['^nothing$'])}"
`)
	f, err := s.Evaluate(ScopeApplication, map[string]any{"app": map[string]any{
		"l": []any{"a", int64(2), 1.5}, "n1": int64(1), "n2": 2.0, "h1": 0.5, "h2": int64(5), "h3": 100.0,
		"p": 0.425, "t": "Candidate kept CAMERA OFF all call",
	}})
	if err != nil || len(f) != 1 {
		t.Fatalf("%v %v", f, err)
	}
	want := "a/2/1.5|person|people|30 minutes|5 hours|4.2 days|43%|abc|CAMERA OFF|no"
	if f[0].Explanation != want {
		t.Errorf("got  %q\nwant %q", f[0].Explanation, want)
	}
}

func TestExplain(t *testing.T) {
	s := mustBuiltin(t)
	var b strings.Builder
	if err := s.Explain(&b, "hiring.phone_shared_across_applicants"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"hiring.phone_shared_across_applicants", "condition:", "references:", "false positives:", "tests:", "weight:"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Explain lacks %q:\n%s", want, b.String())
		}
	}
	if err := s.Explain(&b, "nope.nope"); mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Errorf("unknown id: %v", err)
	}
}

func TestConcurrentEvaluate(t *testing.T) {
	s := mustBuiltin(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				for scope, vars := range benchVars() {
					if _, err := s.Evaluate(scope, vars); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// fixtureWant reads "# want: LINE: message" from a fixture's first line.
func fixtureWant(t *testing.T, path string) (line, msg string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	first, ok := strings.CutPrefix(sc.Text(), "# want: ")
	if !ok {
		t.Fatalf("%s: first line must be '# want: LINE: message'", path)
	}
	line, msg, ok = strings.Cut(first, ": ")
	if !ok {
		t.Fatalf("%s: bad want line %q", path, first)
	}
	return line, msg
}

func lineWith(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if i := strings.Index(l, prefix); i >= 0 {
			return l[i:]
		}
	}
	return ""
}
