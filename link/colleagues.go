package link

import (
	"regexp"
	"strings"
)

// Colleagues who left one employer together name their old bosses as
// referees, sometimes two of three of them (manager, senior colleague,
// skip-level manager): a pool with a cycle, the shape of a ring's. What
// sets them apart is conduct the resumes record: each lists that employer
// as a position of their own, among positions of their own. A ring's
// personas either share a template, and with it every position on it (all
// their employers are common), or write their own, with nothing in common.
// So a referee pool whose people all list exactly one employer in common
// is read as a former team, weighed as a lone shared referee, and clusters
// no one; two or more employers in common are a template's, and the pool
// stays a pool.

// employerAt finds "<title> at <employer>" or "<title> @ <employer>";
// hasYear keeps lines that hold a year: a position, not a sentence of a
// summary.
var (
	employerAt = regexp.MustCompile(`(?i)\S\s+(?:at|@)\s+([^(),|–—;]+)`)
	hasYear    = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
)

// legalSuffixes are dropped from an employer's name, so "Globex Inc." and
// "Globex" are one employer.
var legalSuffixes = map[string]bool{"inc": true, "llc": true, "ltd": true, "corp": true, "co": true, "gmbh": true, "plc": true, "corporation": true, "limited": true}

// employersIn returns the employers a resume lists positions at, folded
// (case, punctuation, legal suffixes).
func employersIn(text string) map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if !hasYear.MatchString(line) {
			continue
		}
		if m := employerAt.FindStringSubmatch(line); m != nil {
			if e := employerName(m[1]); e != "" {
				out[e] = true
			}
			continue
		}
		// "Barista | Globex | 2016 - 2023", "Globex | Data Analyst | 2021":
		// the employer is the field that holds no digit and is no title.
		if strings.Count(line, "|") < 2 {
			continue
		}
		for _, field := range strings.Split(line, "|") {
			if strings.ContainsAny(field, "0123456789") || isTitle(field) {
				continue
			}
			if e := employerName(field); e != "" {
				out[e] = true
			}
		}
	}
	return out
}

// employerName folds an employer's name: lower case, letters and digits,
// legal suffixes dropped; "" when nothing of a name is left.
func employerName(s string) string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '&' || r > 127)
	}) {
		if !legalSuffixes[w] {
			words = append(words, w)
		}
	}
	name := strings.Join(words, " ")
	// A year where the employer should be ("at 2021") is no employer.
	if name == "" || hasYear.MatchString(name) && len(words) == 1 {
		return ""
	}
	return name
}

// titleWords end the job titles of positions written with bars, so that a
// title shared by strangers ("Software Engineer") is never taken for an
// employer they share.
var titleWords = map[string]bool{
	"engineer": true, "developer": true, "manager": true, "analyst": true, "designer": true, "scientist": true,
	"architect": true, "lead": true, "director": true, "intern": true, "consultant": true, "specialist": true,
	"administrator": true, "technician": true, "associate": true, "coordinator": true, "teacher": true,
	"cook": true, "barista": true, "teller": true, "cashier": true, "nurse": true, "assistant": true,
	"officer": true, "representative": true, "programmer": true, "tester": true, "owner": true, "head": true,
	"president": true, "founder": true, "cto": true, "ceo": true, "vp": true, "sre": true,
	"support": true, "operations": true, "writer": true, "researcher": true, "fellow": true, "trainee": true,
}

// isTitle reports whether a bar-separated field names a job: its last word
// is a title's.
func isTitle(field string) bool {
	words := strings.Fields(strings.ToLower(field))
	return len(words) > 0 && titleWords[strings.Trim(words[len(words)-1], ".,;:")]
}

// formerColleagues reports whether every one of the subjects has a resume
// and exactly one employer appears in all of them. Subjects without a
// resume leave the question open, and an open question keeps the pool a
// pool.
func formerColleagues(g *Graph, subjects []int) bool {
	if len(subjects) < 2 {
		return false
	}
	var common map[string]bool
	for _, si := range subjects {
		mine := map[string]bool{}
		for _, ri := range g.Subjects[si].Records.Resumes() {
			for e := range employersIn(g.DS.Resumes[ri].Text) {
				mine[e] = true
			}
		}
		if len(mine) == 0 {
			return false
		}
		if common == nil {
			common = mine
			continue
		}
		for e := range common {
			if !mine[e] {
				delete(common, e)
			}
		}
		if len(common) == 0 {
			return false
		}
	}
	return len(common) == 1
}
