package sanctions

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
)

// A labelled set for name screening, built from the SDN list's own names:
// for sampled individuals, variants of a listed name or alias (a typo, a
// transliteration, the order changed, a middle name missing) that should
// find the entry, and common names of many origins that should find
// nothing. docs/detection.md records mosaic's and moov-io/watchman's
// precision and recall on it. MOSAIC_SANCTIONS_EVAL_OUT=FILE writes the
// set (query, expected SDN id or "", variant) for running another tool.

type labelled struct {
	query, want, variant string
}

// commonFirst and commonLast are common given and family names of many
// origins, paired at random for the non-matches.
var (
	commonFirst = []string{"James", "Mary", "Michael", "Jennifer", "David", "Linda", "Jose", "Maria", "Juan", "Ana", "Mohammed", "Fatima",
		"Ahmed", "Aisha", "Wei", "Jing", "Min-jun", "Seo-yeon", "Ji-hoon", "Van Minh", "Thi Lan", "Raj", "Priya", "Arjun", "Olga",
		"Ivan", "Sergei", "Anna", "Hiroshi", "Yuki", "Kwame", "Amina", "Chinedu", "Ngozi", "Omar", "Layla", "Luca", "Sofia", "Pierre", "Emma"}
	commonLast = []string{"Smith", "Johnson", "Williams", "Brown", "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
		"Kim", "Lee", "Park", "Choi", "Wang", "Li", "Zhang", "Liu", "Chen", "Nguyen", "Tran", "Le", "Pham", "Patel", "Sharma",
		"Singh", "Kumar", "Khan", "Ali", "Hassan", "Ahmed", "Ivanov", "Petrov", "Smirnov", "Tanaka", "Suzuki", "Okafor", "Mensah", "Rossi", "Muller"}
)

// variantRewrites are spelling variants of transliteration, tried in
// order; the first that changes a token is used.
var variantRewrites = [][2]string{
	{"kh", "h"}, {"ou", "u"}, {"ph", "f"}, {"sh", "sch"}, {"ch", "tch"}, {"j", "dzh"}, {"y", "i"}, {"ee", "i"},
	{"eo", "o"}, {"oo", "u"}, {"c", "k"}, {"k", "c"}, {"i", "y"}, {"u", "ou"}, {"ei", "ey"}, {"v", "w"}, {"w", "v"},
}

func labelledSet(ls *Lists, perEntry int, seed uint64) []labelled {
	r := rand.New(rand.NewPCG(seed, 7))
	var sdn []Entry
	for _, e := range ls.Entries() {
		if e.List == ListSDN && e.Type == "individual" {
			sdn = append(sdn, e)
		}
	}
	sort.Slice(sdn, func(i, j int) bool { return sdn[i].ID < sdn[j].ID })
	var out []labelled
	for n := 0; n < perEntry; n++ {
		e := sdn[r.IntN(len(sdn))]
		var names [][]string
		for _, nm := range e.Names {
			if t := strings.Fields(strings.NewReplacer(",", " ").Replace(nm)); len(t) >= 2 && isLatin(nm) {
				names = append(names, t)
			}
		}
		if len(names) == 0 {
			continue
		}
		toks := names[r.IntN(len(names))]
		natural := func(t []string) []string { // "KIM, Chol Su" -> Chol Su KIM
			return append(append([]string(nil), t[1:]...), t[0])
		}
		out = append(out, labelled{strings.Join(natural(toks), " "), e.ID, "reordered"})
		if i := longest(toks); len(toks[i]) >= 5 {
			v := append([]string(nil), toks...)
			v[i] = typo(r, v[i])
			out = append(out, labelled{strings.Join(natural(v), " "), e.ID, "typo"})
		}
		for _, rw := range variantRewrites {
			v := append([]string(nil), toks...)
			changed := false
			for i := range v {
				if w := strings.Replace(strings.ToLower(v[i]), rw[0], rw[1], 1); w != strings.ToLower(v[i]) {
					v[i], changed = w, true
					break
				}
			}
			if changed {
				out = append(out, labelled{strings.Join(v, " "), e.ID, "transliteration"})
				break
			}
		}
		if len(toks) >= 3 {
			// The second given name goes: "ZAVARZIN, Victor Mikhailovich" ->
			// "Victor ZAVARZIN".
			v := append(append([]string(nil), toks[:2]...), toks[3:]...)
			out = append(out, labelled{strings.Join(natural(v), " "), e.ID, "missing middle name"})
		}
	}
	for n := 0; n < perEntry; n++ {
		out = append(out, labelled{commonFirst[r.IntN(len(commonFirst))] + " " + commonLast[r.IntN(len(commonLast))], "", "common name"})
	}
	return out
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x24F {
			return false
		}
	}
	return true
}

func longest(t []string) int {
	best := 0
	for i := range t {
		if len(t[i]) > len(t[best]) {
			best = i
		}
	}
	return best
}

// typo changes one letter: a substitution, a deletion or two letters
// swapped, never the first letter.
func typo(r *rand.Rand, s string) string {
	b := []byte(s)
	i := 1 + r.IntN(len(b)-2)
	switch r.IntN(3) {
	case 0:
		b[i] = "aeioulnrst"[r.IntN(10)]
	case 1:
		b = append(b[:i], b[i+1:]...)
	default:
		b[i], b[i+1] = b[i+1], b[i]
	}
	return string(b)
}

type quality struct {
	tp, fp, fn, tn, pos int
	byVariant           map[string][2]int // found, total
}

func (q quality) precision() float64 { return float64(q.tp) / float64(max(1, q.tp+q.fp)) }
func (q quality) recall() float64    { return float64(q.tp) / float64(max(1, q.pos)) }

// TestScreeningQuality measures name screening on the labelled set: recall
// of the variants of listed names, precision over every query that
// matched anything. A positive whose matches miss its entry counts as a
// false positive and a false negative.
func TestScreeningQuality(t *testing.T) {
	ls := realLists(t)
	only := &Lists{}
	for _, l := range ls.Lists {
		if l.Name == ListSDN {
			only.Lists = append(only.Lists, l)
		}
	}
	set := labelledSet(only, 400, 10)
	if out := os.Getenv("MOSAIC_SANCTIONS_EVAL_OUT"); out != "" {
		var b strings.Builder
		for _, l := range set {
			fmt.Fprintf(&b, "%s\t%s\t%s\n", l.query, l.want, l.variant)
		}
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix := NewIndex(only, nil)
	q := quality{byVariant: map[string][2]int{}}
	for _, l := range set {
		ms := ix.Screen(Party{Name: l.query})
		found := false
		for _, m := range ms {
			found = found || m.EntryID == l.want
		}
		v := q.byVariant[l.variant]
		v[1]++
		switch {
		case l.want != "" && found:
			q.tp++
			q.pos++
			v[0]++
		case l.want != "":
			q.pos++
			q.fn++
			if len(ms) > 0 {
				q.fp++
			}
		case len(ms) > 0:
			q.fp++
			v[0]++
		default:
			q.tn++
		}
		q.byVariant[l.variant] = v
	}
	t.Logf("labelled set: %d queries (%d variants of listed names, %d common names)", len(set), q.pos, len(set)-q.pos)
	t.Logf("mosaic: precision %.3f recall %.3f (tp %d, fp %d, fn %d)", q.precision(), q.recall(), q.tp, q.fp, q.fn)
	var names []string
	for k := range q.byVariant {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t.Logf("  %-20s %d of %d matched", k, q.byVariant[k][0], q.byVariant[k][1])
	}
	// Floors, so a change that makes screening much worse fails.
	if q.recall() < 0.75 || q.precision() < 0.85 {
		t.Errorf("precision %.3f recall %.3f below the floors", q.precision(), q.recall())
	}
}
