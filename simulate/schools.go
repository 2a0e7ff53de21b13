package simulate

import (
	"strconv"
	"strings"
)

// school is one program of one university in one graduating year. Its
// graduates write the same degree line, copy the same course list from the
// catalogue and name the same capstone programme: lines their resumes
// share, word for word, while the rest of each resume is their own (not a
// bootcamp's template: headings, layout and history differ).
type school struct {
	degree     string // "B.S. Computer Science, Purdue University (2024)"
	coursework string
	capstone   string
}

var (
	schoolDegrees = []string{"B.S. Computer Science", "B.S. Computer Engineering", "M.S. Computer Science", "B.S. Software Engineering", "M.S. Data Science", "B.S. Information Systems"}
	schoolCourses = []string{"Data Structures", "Algorithms", "Operating Systems", "Computer Networks", "Database Systems",
		"Distributed Systems", "Compilers", "Machine Learning", "Computer Architecture", "Software Engineering",
		"Theory of Computation", "Computer Security", "Human-Computer Interaction", "Cloud Computing", "Computer Graphics", "Linear Algebra"}
	schoolCapstones = []string{"Senior Design Project", "Capstone", "Industry Capstone", "Senior Thesis", "Master's Project"}
	schoolHonours   = []string{"Dean's List", "cum laude", "ACM student chapter", "Teaching assistant, Intro to Programming", "Hackathon organising team"}
)

// buildSchoolCohorts puts cfg.Confounders.SchoolCohort of the honest
// applicants who write their own resume into cohorts of 5-20 graduates of
// one school. A stream of its own: nothing else in the world moves.
func (w *world) buildSchoolCohorts() {
	rate := w.cfg.Confounders.SchoolCohort
	if rate <= 0 || len(w.applicants) < 5 {
		return
	}
	r := newRand(w.cfg.Seed, streamSchools)
	want := int(float64(len(w.applicants))*rate + 0.5)
	for made := 0; made < want; {
		var courses []string
		for _, i := range r.Perm(len(schoolCourses))[:between(r, 5, 8)] {
			courses = append(courses, schoolCourses[i])
		}
		sc := school{
			degree:     pick(r, schoolDegrees) + ", " + pick(r, universities) + " (" + strconv.Itoa(between(r, 2019, 2025)) + ")",
			coursework: "Relevant coursework: " + strings.Join(courses, ", "),
			capstone:   pick(r, schoolCapstones) + ": " + pick(r, bulletObjects) + " with " + pick(r, employers) + " (team of " + strconv.Itoa(between(r, 3, 6)) + ")",
		}
		w.schools = append(w.schools, sc)
		n, placed := between(r, 5, 20), 0
		for try := 0; placed < n && try < 20*n; try++ {
			p := w.people[w.applicants[r.IntN(len(w.applicants))]]
			if p.ring >= 0 || p.school != 0 || p.resume != (resumeKind{}) {
				continue
			}
			p.school = len(w.schools)
			p.tags.add(tagSchoolCohort)
			placed++
		}
		if placed == 0 {
			return
		}
		made += placed
	}
}

// educationOf is the education section of a school cohort's graduate, nil
// for anyone else. Each graduate keeps some lines of their own: an honour
// or not, the capstone or not.
func (w *world) educationOf(r randSource, p *person) []string {
	if p.school == 0 {
		return nil
	}
	sc := &w.schools[p.school-1]
	lines := []string{sc.degree, sc.coursework}
	if chance(r, 0.6) {
		lines = append(lines, sc.capstone)
	}
	if chance(r, 0.4) {
		lines = append(lines, pick(r, schoolHonours))
	}
	return lines
}

// formerEmployer is the employer a former team left together: its members
// list it on their resumes, each under their own title and start year,
// all leaving the same year.
type formerEmployer struct {
	name string
	left int
}

// newFormerTeam draws the employer of a new former team, from a stream of
// its own, and returns its number (1 + index into w.teams).
func (w *world) newFormerTeam() int {
	if w.teamOf == nil {
		w.teamOf = map[int]int{}
	}
	r := newRand(w.cfg.Seed, streamConfounders+3+uint64(len(w.teams))<<8)
	w.teams = append(w.teams, formerEmployer{name: pick(r, employers), left: between(r, 2023, 2025)})
	return len(w.teams)
}

// sharedLines returns what p's resume shares with others, nil when
// nothing: a school cohort's education lines, a former team's employer as
// the most recent position.
func (w *world) sharedLines(p *person) func(r randSource, experience, education *section) {
	team := w.teamOf[p.idx]
	if p.school == 0 && team == 0 {
		return nil
	}
	return func(r randSource, experience, education *section) {
		if lines := w.educationOf(r, p); lines != nil {
			education.lines = lines
		}
		if team > 0 && len(experience.lines) > 0 {
			t := w.teams[team-1]
			experience.lines[0] = pick(r, jobTitles) + " at " + t.name + " (" + strconv.Itoa(t.left-between(r, 1, 6)) + " - " + strconv.Itoa(t.left) + ")"
		}
	}
}
