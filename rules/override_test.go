package rules

import "testing"

func TestWithOverrides(t *testing.T) {
	s, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	all := s.Rules()
	if len(all) < 2 {
		t.Skip("too few built-in rules")
	}
	off, heavier := all[0].ID, all[1].ID
	o := s.WithOverrides(map[string]Override{off: {Disabled: true}, heavier: {Weight: 42}, "no.such.rule": {Disabled: true}})
	if _, ok := o.Rule(off); ok {
		t.Errorf("%s is still in the set", off)
	}
	if r, _ := o.Rule(heavier); r.Weight != 42 {
		t.Errorf("%s weighs %g, want 42", heavier, r.Weight)
	}
	if o.Len() != s.Len()-1 {
		t.Errorf("%d rules, want %d", o.Len(), s.Len()-1)
	}
	if r, _ := s.Rule(heavier); r.Weight == 42 {
		t.Error("the original set was changed")
	}
	if s.WithOverrides(nil) != s {
		t.Error("no overrides should return the set itself")
	}
}
