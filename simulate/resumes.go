package simulate

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// resumeKind says which template a person's resume follows; zero means
// their own.
type resumeKind struct {
	bootcamp int // 1 + index into bootcamps
	ring     int // 1 + ring index
}

var (
	bulletVerbs   = []string{"Built", "Designed", "Led", "Implemented", "Migrated", "Optimized", "Automated", "Owned", "Shipped", "Refactored", "Scaled", "Maintained", "Introduced", "Rewrote", "Launched", "Drove"}
	bulletObjects = []string{"the payments service", "a real-time analytics pipeline", "the customer onboarding flow", "internal developer tooling", "a multi-tenant REST API", "the CI/CD pipeline", "an event-driven order system", "the search indexing service", "a React component library", "mobile push notifications", "the data warehouse ETL", "role-based access control", "a feature flag platform", "the billing reconciliation job", "Kubernetes cluster autoscaling", "an ML model serving layer", "the GraphQL gateway", "smart contract audit tooling", "observability dashboards", "a caching layer"}
	bulletTech    = []string{"Go", "Python", "Java", "TypeScript", "React", "Node.js", "Kotlin", "Swift", "Rust", "PostgreSQL", "Kafka", "Redis", "AWS", "GCP", "Azure", "Terraform", "Kubernetes", "Docker", "Spark", "Airflow", "Django", "Spring Boot", "gRPC", "Elasticsearch", "Solidity", "Next.js", "Flutter", "Snowflake", "dbt"}
	bulletResults = []string{"cutting latency by %d%%", "reducing costs by %d%%", "improving reliability to 99.9%% uptime", "serving %dk requests per second", "saving the team %d hours a week", "raising conversion by %d%%", "reducing deploy time by %d%%", "supporting %dM monthly users", "cutting incident volume by %d%%"}
	summaries     = []string{
		"Software engineer with %d years of experience building reliable backend systems.",
		"Full-stack developer (%d yrs) who enjoys product work and clean APIs.",
		"Engineer with %d years across startups and enterprise teams; comfortable owning services end to end.",
		"Results-driven developer with %d+ years of experience delivering scalable web and mobile applications.",
		"Pragmatic engineer, %d years in data-heavy products; I like measuring things.",
		"Detail-oriented developer with %d years in cloud infrastructure and automation.",
	}
	sectionNames = [][]string{
		{"SUMMARY", "PROFILE", "ABOUT ME", "Summary", "Professional Summary"},
		{"EXPERIENCE", "WORK EXPERIENCE", "Professional Experience", "Employment History", "Experience"},
		{"EDUCATION", "Education", "EDUCATION & CERTIFICATIONS"},
		{"SKILLS", "Technical Skills", "TECHNOLOGIES", "Skills"},
	}
	// rewordings are how a ring's template is disguised from one persona to
	// the next.
	rewordings = [][2]string{
		{"Built", "Developed"}, {"Designed", "Architected"}, {"Led", "Spearheaded"}, {"Implemented", "Delivered"},
		{"Optimized", "Tuned"}, {"Automated", "Streamlined"}, {"cutting", "reducing"}, {"improving", "boosting"},
		{"the team", "engineers"}, {"service", "microservice"}, {"pipeline", "workflow"}, {"Shipped", "Released"},
		{"years of experience", "years of hands-on experience"}, {"scalable", "high-performance"},
	}
)

func bullet(r randSource) string {
	res := pick(r, bulletResults)
	//lint:ignore S1017 the number is drawn only for a result that has one, which keeps the random sequence (and so every generated bundle) as it was
	if strings.Contains(res, "%d") {
		res = strings.Replace(res, "%d", strconv.Itoa(between(r, 12, 85)), 1)
	}
	res = strings.ReplaceAll(res, "%%", "%")
	return "- " + pick(r, bulletVerbs) + " " + pick(r, bulletObjects) + " using " + pick(r, bulletTech) + ", " + res + "."
}

func sprintfInt(format string, n int) string {
	return strings.Replace(format, "%d", strconv.Itoa(n), 1)
}

// section is a titled block of lines; templates are lists of them.
type section struct {
	title string
	lines []string
}

func header(p *person, sep string) []string {
	out := []string{p.first + " " + p.last}
	loc := p.home.city + ", " + p.home.region
	out = append(out, strings.Join([]string{loc, p.email, p.phone}, sep))
	if p.linkedin != "" {
		out = append(out, p.linkedin)
	}
	return out
}

func render(head []string, secs []section) string {
	var b strings.Builder
	for _, l := range head {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	for _, s := range secs {
		b.WriteByte('\n')
		b.WriteString(s.title)
		b.WriteByte('\n')
		for _, l := range s.lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// ownResume is an honest person's own document. shared, when set, puts in
// the lines a person shares with others (a school cohort's education, a
// former team's employer); it draws after everything else, so other
// resumes stay as they were.
func ownResume(r randSource, p *person, shared func(r randSource, experience, education *section)) string {
	years := between(r, 2, 18)
	end := 2026
	var exp []string
	for k := between(r, 2, 4); k > 0; k-- {
		span := between(r, 1, 4)
		exp = append(exp, pick(r, jobTitles)+" at "+pick(r, employers)+" ("+strconv.Itoa(end-span)+" - "+strconv.Itoa(end)+")")
		for b := between(r, 2, 4); b > 0; b-- {
			exp = append(exp, bullet(r))
		}
		end -= span
	}
	var skills []string
	for _, i := range r.Perm(len(bulletTech))[:between(r, 5, 10)] {
		skills = append(skills, bulletTech[i])
	}
	secs := []section{
		{pick(r, sectionNames[0]), []string{sprintfInt(pick(r, summaries), years)}},
		{pick(r, sectionNames[1]), exp},
		{pick(r, sectionNames[2]), []string{pick(r, []string{"B.S. Computer Science", "B.Sc. Software Engineering", "M.S. Computer Science", "B.A. Mathematics", "B.Eng. Electrical Engineering"}) + ", " + pick(r, universities)}},
		{pick(r, sectionNames[3]), []string{strings.Join(skills, ", ")}},
	}
	expAt := 1
	if chance(r, 0.4) { // skills first
		secs[1], secs[3] = secs[3], secs[1]
		expAt = 3
	}
	head := header(p, pick(r, []string{" | ", " · ", " - ", "  "}))
	if shared != nil {
		shared(r, &secs[expAt], &secs[2])
	}
	return render(head, secs)
}

// bootcampResume follows a bootcamp's house template: same headings and
// layout for every graduate, their own projects and history.
// A graduate who left an employer with a former team (team non-empty)
// lists it as the job before the bootcamp, in the template's own form.
func bootcampResume(r randSource, p *person, camp int, team string) string {
	name := bootcamps[camp]
	var projects []string
	for k := 0; k < 3; k++ {
		projects = append(projects, pick(r, []string{"TaskFlow", "Recipe Finder", "BudgetBuddy", "PetPal", "StudySync", "TripPlanner", "FitTrack", "BookSwap", "EventHub", "ChatNest"})+" | "+pick(r, bulletTech)+", "+pick(r, bulletTech))
		projects = append(projects, bullet(r), bullet(r))
	}
	secs := []section{
		{"TECHNICAL SKILLS", []string{"Languages: JavaScript, TypeScript, " + pick(r, bulletTech), "Frameworks: React, Node.js, Express, " + pick(r, bulletTech), "Tools: Git, Docker, Jest, " + pick(r, bulletTech)}},
		{"PROJECTS", projects},
		{"EXPERIENCE", []string{pick(r, []string{"Barista", "Sales Associate", "Teacher", "Logistics Coordinator", "Line Cook", "Bank Teller", "Lab Technician"}) + " | " + or(team, pick(r, employers)) + " | " + strconv.Itoa(between(r, 2016, 2022)) + " - " + strconv.Itoa(between(r, 2023, 2025)), "- Trained new staff and improved team processes.", "- Built spreadsheets and scripts to automate weekly reporting."}},
		{"EDUCATION", []string{name + " - Full-Stack Software Engineering Immersive (" + strconv.Itoa(between(r, 2023, 2025)) + ")", pick(r, []string{"B.A. Psychology", "B.S. Biology", "B.A. Economics", "B.A. English", "B.S. Chemistry"}) + ", " + pick(r, universities)}},
	}
	head := []string{p.first + " " + p.last, p.email + " · " + p.phone + " · " + p.home.city + ", " + p.home.region, "Full-Stack Software Engineer | " + name + " Graduate"}
	return render(head, secs)
}

// ringTemplate is one ring's master resume: every persona's resume is this
// document with names, contacts and dates swapped, bullets reworded and
// sections reordered.
func ringTemplate(seed int64, ringIdx int) []section {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(ringIdx)*7919+streamResumes))
	years := between(r, 6, 12)
	var exp []string
	end := 2025
	for k := 0; k < 3; k++ {
		span := between(r, 2, 3)
		exp = append(exp, pick(r, jobTitles)+" at "+pick(r, employers)+" ("+strconv.Itoa(end-span)+" - "+strconv.Itoa(end)+")")
		for b := 0; b < 3; b++ {
			exp = append(exp, bullet(r))
		}
		end -= span
	}
	var skills []string
	for _, i := range r.Perm(len(bulletTech))[:9] {
		skills = append(skills, bulletTech[i])
	}
	return []section{
		{"SUMMARY", []string{sprintfInt(pick(r, summaries), years) + " Passionate about clean code, remote collaboration and delivering on time."}},
		{"EXPERIENCE", exp},
		{"EDUCATION", []string{"B.S. Computer Science, " + pick(r, universities)}},
		{"SKILLS", []string{strings.Join(skills, ", ")}},
	}
}

func templatedResume(r randSource, p *person, tmpl []section) string {
	shift := between(r, -2, 1)
	secs := make([]section, len(tmpl))
	for i, s := range tmpl {
		lines := make([]string, 0, len(s.lines))
		for _, l := range s.lines {
			if strings.HasPrefix(l, "- ") && chance(r, 0.08) {
				continue // a dropped bullet
			}
			for _, rw := range rewordings {
				if chance(r, 0.35) {
					l = strings.ReplaceAll(l, rw[0], rw[1])
				}
			}
			lines = append(lines, shiftYears(l, shift))
		}
		secs[i] = section{s.title, lines}
		if chance(r, 0.3) {
			secs[i].title = titleCase(s.title)
		}
	}
	if chance(r, 0.5) {
		secs[2], secs[3] = secs[3], secs[2]
	}
	if chance(r, 0.3) {
		secs[1], secs[3] = secs[3], secs[1]
	}
	return render(header(p, " | "), secs)
}

// shiftYears moves four-digit years in parentheses by shift.
func shiftYears(l string, shift int) string {
	if shift == 0 || !strings.Contains(l, "(") {
		return l
	}
	out := []byte(l)
	for i := 0; i+4 <= len(out); i++ {
		if out[i] == '2' && out[i+1] == '0' && out[i+2] >= '0' && out[i+2] <= '2' && out[i+3] >= '0' && out[i+3] <= '9' {
			y, _ := strconv.Atoi(string(out[i : i+4]))
			copy(out[i:i+4], strconv.Itoa(y+shift))
			i += 3
		}
	}
	return string(out)
}

// writeResumes writes one text file per application that has one. A
// person's applications share a resume, drawn from the person's own random
// stream, so files can be written by several workers and still be the same
// bytes every run.
func (w *world) writeResumes(ctx context.Context, dir string, progress Progress) (int64, error) {
	templates := make([][]section, len(w.rings)+1)
	for i := range w.rings {
		templates[i+1] = ringTemplate(w.cfg.Seed, i+1)
	}
	var todo []int
	for i := range w.apps {
		if w.apps[i].resume {
			todo = append(todo, i)
		}
	}
	return parallel(ctx, len(todo), "resumes", progress, func(k int) error {
		a := &w.apps[todo[k]]
		p := w.people[a.person]
		r := rand.New(rand.NewPCG(uint64(w.cfg.Seed), uint64(p.idx)<<8|streamResumes))
		var text string
		switch {
		case p.resume.ring > 0:
			text = templatedResume(r, p, templates[p.resume.ring])
		case p.resume.bootcamp > 0:
			team := ""
			if t := w.teamOf[p.idx]; t > 0 {
				team = w.teams[t-1].name
			}
			text = bootcampResume(r, p, p.resume.bootcamp-1, team)
		default:
			text = ownResume(r, p, w.sharedLines(p))
		}
		path := dir + "/attachments/resumes/" + a.id + ".txt"
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write %s", path)
		}
		return nil
	})
}

// titleCase turns "WORK EXPERIENCE" into "Work Experience" (ASCII headings).
func titleCase(s string) string {
	b := []byte(strings.ToLower(s))
	for i := range b {
		if (i == 0 || b[i-1] == ' ') && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// or is a unless it is empty, then b (both are always evaluated, so the
// random draws of b happen either way).
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
