package name

import (
	"strings"

	"github.com/hbollon/go-edlib"
)

// Names reports whether written, a name as another system wrote it (a bank
// account holder, a courier's addressee), names the person whose records
// give first and last. The person's name must be contained in written,
// written any of the ways real systems write one person's name:
//
//   - family name first or last, with or without capitals or a comma:
//     "WANG Wei", "Wang, Wei" and "Wei Wang" are one person;
//   - given names joined, hyphenated or spaced: "Min-jun", "Minjun" and
//     "Min Jun";
//   - accents or none: "Nguyễn" and "Nguyen";
//   - common family names in their usual romanisations: "Lee", "Yi" and
//     "Rhee"; "Park" and "Pak"; "Zhang" and "Chang" (the table is
//     familyVariants, with its sources);
//   - middle names and initials on either side: "Nguyen Van An" names An
//     Nguyen, "John M. Smith" names John Smith, and "J Smith" does too;
//   - a nickname for the formal given name ("Bill" for William), a given
//     name cut short ("Jon" for Jonathan, three letters or more), a
//     double family name with one part left out ("Maria Garcia" for Maria
//     Garcia Lopez), and one typo in a family name of five letters or more;
//   - several holders: "Ann Lee & Wei Wang", "Wei and Min Wang" (the last
//     holder's family name shared), "Lee / Wang"-style lists; "c/o" and
//     what follows it are ignored.
//
// Each of these is how honest records differ; every one of them is common
// for some origins and rare for others, so a comparison that misses one
// fails more often for people of those origins. A different person is
// still a different person: the family name and a given name must both be
// found, as separate words of one holder.
func Names(written, first, last string) bool {
	p := newPersonName(first, last)
	if p.family == nil || len(p.given) == 0 {
		return false
	}
	for _, party := range parties(written) {
		if p.in(party) {
			return true
		}
	}
	return false
}

// SamePerson reports whether two names, each as some system recorded it,
// are one person's name under the rules of Names, in either direction: one
// may carry a middle name the other leaves out, or put the family name
// first. It says nothing about whether two people with one name are one
// person: callers use it only where other evidence (one SSN and birth date,
// one account) already ties the records together.
func SamePerson(a, b Name) bool {
	if a.First == "" || a.Last == "" || b.First == "" || b.Last == "" {
		return false
	}
	return Names(b.Full, a.First, a.Last) || Names(a.Full, b.First, b.Last)
}

// SameGiven reports whether two normalised names share the given name
// (nicknames resolved), whatever their family names: someone who married
// and took another family name.
func SameGiven(a, b Name) bool {
	return a.First != "" && b.First != "" && nearGiven(a.First, b.First)
}

// personName is a person's name as their own records (HR, the ATS) give it.
type personName struct {
	// given is the given name joined ("minjun"), then, when the records
	// space several given names ("John Michael"), each of them alone: a
	// holder may carry only one.
	given []string
	// family are the family name's words ("garcia", "lopez").
	family []string
}

func newPersonName(first, last string) personName {
	first, last = splitOneField(clean(first), clean(last))
	var p personName
	if g := givenKey(first); g != "" {
		p.given = append(p.given, g)
		if parts := strings.Fields(first); len(parts) > 1 {
			for _, part := range parts {
				if w := strings.Join(words(part), ""); w != "" && !titles[w] && len([]rune(w)) > 1 {
					p.given = append(p.given, w)
				}
			}
		}
	}
	p.family = strings.Fields(familyKey(last))
	return p
}

// parties splits written into the people it names: "&", "and", "/", "+"
// and ";" separate holders, "c/o" and what follows are dropped, titles
// go. A holder given by one word before a holder of several ("Wei and Min
// Wang") shares the last holder's family name.
func parties(written string) [][]string {
	s := clean(written)
	low := strings.ToLower(s)
	if i := strings.Index(low, "c/o"); i >= 0 {
		s = s[:i]
	}
	raw := strings.FieldsFunc(s, func(r rune) bool {
		return r == '&' || r == '/' || r == '+' || r == ';'
	})
	var out [][]string
	for _, part := range raw {
		// " and " as a word, in any case.
		var cur []string
		for _, w := range words(part) {
			if w == "and" {
				if len(cur) > 0 {
					out = append(out, cur)
				}
				cur = nil
				continue
			}
			if titles[w] || suffixes[w] {
				continue
			}
			cur = append(cur, w)
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
	}
	if n := len(out); n > 1 && len(out[n-1]) > 1 {
		fam := out[n-1][len(out[n-1])-1]
		for i := range out[:n-1] {
			if len(out[i]) == 1 {
				out[i] = append(out[i], fam)
			}
		}
	}
	return out
}

// in reports whether the words of one holder name p: a run of words is
// p's family name and, among the other words, a run is p's given name.
func (p personName) in(ws []string) bool {
	for i := range ws {
		for j := i + 1; j <= len(ws); j++ {
			// A letter alone between other words is an initial ("John O
			// Smith"), not a family name such as Korean O or I.
			if j == i+1 && len([]rune(ws[i])) == 1 && i > 0 && j < len(ws) {
				continue
			}
			if !p.familyIs(ws[i:j]) {
				continue
			}
			rest := append(append([]string(nil), ws[:i]...), ws[j:]...)
			if p.givenIn(rest) {
				return true
			}
		}
	}
	return false
}

// familyIs reports whether the run ws spells p's family name: its words
// joined or apart ("vanderberg", "van der berg"), a romanisation of a
// one-word family name, one part of a double family name, or the family
// name with one typo (five letters or more).
func (p personName) familyIs(ws []string) bool {
	got, want := strings.Join(ws, ""), strings.Join(p.family, "")
	if got == want {
		return true
	}
	if len(ws) != 1 {
		return false
	}
	if len(p.family) == 1 && sameFamily(got, want) {
		return true
	}
	if len(p.family) > 1 {
		for _, f := range p.family {
			if f == got && len([]rune(f)) >= 3 && !particles[f] {
				return true
			}
		}
	}
	short := min(len([]rune(got)), len([]rune(want)))
	return short >= 5 && edlib.OSADamerauLevenshteinDistance(got, want) <= 1
}

// givenIn reports whether a run of ws is one of p's given names: joined
// ("min jun" for "Minjun"), a nickname of it, cut short to three letters
// or more, or its initial.
func (p personName) givenIn(ws []string) bool {
	for i := range ws {
		run := ""
		for j := i; j < len(ws); j++ {
			run += ws[j]
			for _, g := range p.given {
				if givenMatches(run, g, j == i) {
					return true
				}
			}
		}
	}
	return false
}

func givenMatches(got, want string, oneWord bool) bool {
	if got == want || canonicalKey(got) == canonicalKey(want) || swappedPair(got, want) {
		return true
	}
	rg, rw := []rune(got), []rune(want)
	if oneWord && len(rg) == 1 {
		return rg[0] == rw[0] // an initial
	}
	short := min(len(rg), len(rw))
	return short >= 3 && (strings.HasPrefix(got, want) || strings.HasPrefix(want, got))
}

// particles are words of a family name too common to stand for it alone
// ("de" of "de la Cruz").
var particles = map[string]bool{
	"de": true, "del": true, "della": true, "der": true, "den": true, "la": true, "le": true, "van": true, "von": true,
	"da": true, "das": true, "dos": true, "do": true, "du": true, "di": true, "el": true, "al": true, "bin": true, "binti": true,
	"ben": true, "ibn": true, "mc": true, "mac": true, "st": true, "ter": true, "ten": true,
}

// sameFamily reports whether two folded one-word family names are one name
// in two romanisations.
func sameFamily(a, b string) bool {
	if a == b {
		return true
	}
	for _, x := range familyVariants[a] {
		for _, y := range familyVariants[b] {
			if x == y {
				return true
			}
		}
	}
	return false
}
