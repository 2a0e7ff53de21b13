package rules

// Override changes one rule of a set at run time: an administrator switches
// it off, or gives it another weight.
type Override struct {
	Disabled bool
	// Weight replaces the rule's weight when above 0; it also replaces a
	// weight_expr, since an administrator's number is meant to hold.
	Weight float64
}

// WithOverrides returns a copy of s with the overrides applied; s itself is
// unchanged (sets are shared between goroutines). Ids that name no rule are
// ignored: a rule removed from the catalogue leaves its override behind.
func (s *Set) WithOverrides(overrides map[string]Override) *Set {
	if len(overrides) == 0 {
		return s
	}
	out := &Set{byID: map[string]*compiledRule{}, byScope: map[string][]*compiledRule{}}
	for _, r := range s.rules {
		o, ok := overrides[r.ID]
		if ok && o.Disabled {
			continue
		}
		if ok && o.Weight > 0 {
			c := *r // the compiled programs are immutable and shared
			c.Weight = o.Weight
			c.weight = nil
			r = &c
		}
		out.rules = append(out.rules, r)
		out.byID[r.ID] = r
		out.byScope[r.Scope] = append(out.byScope[r.Scope], r)
	}
	return out
}
