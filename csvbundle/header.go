package csvbundle

import (
	"strconv"
	"strings"
	"unicode"
)

// headerMatch says where each contract column of a kind is in a file.
type headerMatch struct {
	index   []int    // per contract column (schema order), -1 when absent
	label   []string // per contract column: how messages name it
	header  []string // per contract column: the header as written, "" when absent
	absent  []string // mapped columns not found, as "column (looked for ...)"
	ignored []string // headers no column uses
}

// matchHeader finds each contract column in header: first an exact match of
// one of its mapped headers, then the same ignoring case, spaces, underscores
// and dashes ("Application ID" = "application_id"), then the contract's own
// name in the same two ways. When a header appears twice the first wins.
func matchHeader(header []string, names []string, fm fileMapping) headerMatch {
	exact := make(map[string]int, len(header))
	folded := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := exact[h]; !dup {
			exact[h] = i
		}
		if f := fold(h); f != "" {
			if _, dup := folded[f]; !dup {
				folded[f] = i
			}
		}
	}
	find := func(candidates []string) int {
		for _, c := range candidates {
			if i, ok := exact[c]; ok {
				return i
			}
		}
		for _, c := range candidates {
			if i, ok := folded[fold(c)]; ok {
				return i
			}
		}
		return -1
	}

	m := headerMatch{
		index:  make([]int, len(names)),
		label:  make([]string, len(names)),
		header: make([]string, len(names)),
	}
	used := make([]bool, len(header))
	for ci, name := range names {
		mapped := fm.columns[name]
		i := find(mapped)
		if i < 0 {
			i = find([]string{name})
			if len(mapped) > 0 && i < 0 {
				m.absent = append(m.absent, describeLookup(name, fm))
			}
		}
		m.index[ci] = i
		m.label[ci] = name
		if i >= 0 {
			used[i] = true
			m.header[ci] = strings.TrimSpace(header[i])
			if m.header[ci] != name {
				m.label[ci] = quote(m.header[ci]) + " (" + name + ")"
			}
		}
	}
	for i, h := range header {
		if !used[i] {
			m.ignored = append(m.ignored, quote(strings.TrimSpace(h)))
		}
	}
	return m
}

// describeLookup names a column with the headers looked for, for messages
// about a column that is not there.
func describeLookup(name string, fm fileMapping) string {
	headers := fm.headersFor(name)
	if len(headers) == 1 && headers[0] == name {
		return name
	}
	quoted := make([]string, len(headers))
	for i, h := range headers {
		quoted[i] = quote(h)
	}
	return name + " (looked for " + strings.Join(quoted, ", ") + ")"
}

// fold is the loose form of a header: lower case, without spaces,
// underscores and dashes.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r == '_' || r == '-' || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// quote renders a header for a message; strconv.Quote escapes what a
// header from a broken file may hold (control bytes, invalid UTF-8).
func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return strconv.Quote(s)
}
