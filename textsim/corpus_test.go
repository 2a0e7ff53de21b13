package textsim

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// This file generates the test and benchmark corpora: realistic-looking
// resumes built from structured parts, so a ring copy can be reworded and
// reshuffled part by part.

var (
	genFirstNames = strings.Fields(`James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth
		William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Wei Mei Hiroshi Yuki
		Mohammed Fatima Raj Priya Carlos Sofia Ivan Olga Kwame Amara Lars Ingrid Mateo Lucia Omar Aisha
		Chen Ji-woo Min-jun Anh Minh Tomasz Agnieszka Dmitri Elena Jose Ana Pedro Noah Emma Liam Olivia`)
	genLastNames = strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
		Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
		White Harris Sanchez Clark Ramirez Lewis Robinson Kim Park Cho Nguyen Tran Sharma Patel Singh
		Kumar Ivanov Petrov Kowalski Nowak Mensah Okafor Hansen Larsen Rossi Bianchi Tanaka Sato Wang Li`)
	genCities = []string{"Boston, MA", "Phoenix, AZ", "Austin, TX", "Seattle, WA", "Denver, CO",
		"Chicago, IL", "Atlanta, GA", "Miami, FL", "Portland, OR", "Raleigh, NC", "San Diego, CA",
		"Columbus, OH", "Nashville, TN", "Dallas, TX", "Minneapolis, MN", "Pittsburgh, PA"}
	genMailHosts = []string{"gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"}
	genRoles     = []string{"Software Engineer", "Senior Software Engineer", "Backend Engineer",
		"Frontend Engineer", "Full Stack Developer", "Data Engineer", "DevOps Engineer", "Mobile Developer",
		"Site Reliability Engineer", "Platform Engineer", "Machine Learning Engineer", "QA Automation Engineer",
		"Cloud Engineer", "Security Engineer", "Blockchain Developer", "Solutions Architect"}
	genTechs = strings.Fields(`Go Java Python TypeScript JavaScript Rust Kotlin Swift Scala Ruby PHP Elixir
		React Angular Vue.js Svelte Next.js Django Flask FastAPI Rails Laravel Spring Express NestJS
		PostgreSQL MySQL MongoDB Redis Cassandra DynamoDB Elasticsearch Kafka RabbitMQ Spark Airflow
		Snowflake BigQuery Terraform Ansible Kubernetes Docker Helm AWS GCP Azure Lambda Prometheus
		Grafana Datadog Jenkins GitLab CircleCI GraphQL gRPC Solidity Flutter TensorFlow PyTorch Pandas`)
	genVerbs = []string{"Designed", "Built", "Implemented", "Developed", "Architected", "Led development of",
		"Optimized", "Migrated", "Automated", "Refactored", "Launched", "Scaled", "Rewrote", "Owned"}
	genVerbAlts = []string{"Created", "Delivered", "Engineered", "Drove", "Shipped", "Put together",
		"Spearheaded", "Produced", "Crafted", "Headed"}
	genObjects = []string{"payments platform", "real-time data pipeline", "customer onboarding flow",
		"internal admin dashboard", "recommendation engine", "fraud scoring service", "inventory tracking system",
		"mobile checkout experience", "search indexing service", "notification delivery system",
		"billing and invoicing module", "identity and access layer", "reporting warehouse", "event sourcing backbone",
		"feature flag service", "observability stack", "API gateway", "content moderation queue",
		"loyalty rewards program", "shipping rate calculator", "clinical scheduling tool", "trading ledger",
		"document ingestion workflow", "chat support widget", "pricing experimentation framework"}
	genDomains = []string{"retail", "logistics", "healthcare", "fintech", "insurance", "media", "travel",
		"education", "gaming", "telecom", "energy", "real estate", "automotive", "hospitality", "govtech"}
	genMetrics = []string{"latency", "throughput", "conversion", "reliability", "infrastructure cost",
		"deployment frequency", "error rate", "page load time", "developer velocity", "test coverage"}
	genOutcomes    = []string{"improving", "boosting", "raising", "lifting"}
	genOutcomeAlts = []string{"which moved", "resulting in better", "and grew", "that changed"}
	genSchools     = []string{"University of Washington", "Purdue University", "Georgia Tech",
		"University of Texas at Austin", "Ohio State University", "Arizona State University",
		"University of Michigan", "Penn State", "Rutgers University", "University of Florida"}
	genDegrees = []string{"B.S. Computer Science", "B.S. Software Engineering", "M.S. Computer Science",
		"B.A. Mathematics", "B.S. Information Systems", "B.Eng. Electrical Engineering"}
	genSyllables = strings.Fields(`ka zen tor vi lum ax or bel cor dra fen gal hox ir jun kel mar nov pel
		quin ros sta tel ul vex wyn xan yor zul bri cla dex eto fyr gri hal iso jax kor lyn mox nyx
		ab bo ce du el fi go ha ja ke li mo nu pa qui ra se ti vo wa ye zo tra ple sko dro fle gni`)
	genSummaries = []string{"Results-driven", "Detail-oriented", "Highly motivated", "Pragmatic",
		"Customer-focused", "Analytical", "Versatile", "Hands-on"}
)

type resumeGen struct{ r *rand.Rand }

func newResumeGen(seed uint64) *resumeGen {
	return &resumeGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func pick[T any](g *resumeGen, s []T) T { return s[g.r.IntN(len(s))] }

// coinedWord makes up a product or client name, the kind of rare word that
// makes each real resume unlike the others. Real names are diverse: with
// 2 to 4 of 80 syllables, a name recurs in a handful of 100,000 resumes.
func (g *resumeGen) coinedWord() string {
	var b strings.Builder
	for range 2 + g.r.IntN(3) {
		b.WriteString(pick(g, genSyllables))
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// bullet is one achievement, kept in parts so it can be reworded.
type bullet struct {
	verb, object, product, client, t1, t2, domain, metric string
	n                                                     int
}

func (g *resumeGen) bullet() bullet {
	return bullet{
		verb: pick(g, genVerbs), object: pick(g, genObjects), product: g.coinedWord(), client: g.coinedWord(),
		t1: pick(g, genTechs), t2: pick(g, genTechs), domain: pick(g, genDomains), metric: pick(g, genMetrics),
		n: 5 + g.r.IntN(90),
	}
}

func (b bullet) text() string {
	return fmt.Sprintf("- %s the %s %s for %s %s clients using %s and %s, %s %s by %d%%.",
		b.verb, b.product, b.object, b.client, b.domain, b.t1, b.t2, "improving", b.metric, b.n)
}

// reworded says the same thing in other words, as a ring member editing a
// shared resume (or a paraphrasing tool) would.
func (g *resumeGen) reworded(b bullet) string {
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("- %s %s, a %s for the %s team at %s, with %s and %s; %s %s %d%%.",
			pick(g, genVerbAlts), b.product, b.object, b.domain, b.client, b.t2, b.t1, pick(g, genOutcomeAlts), b.metric, b.n+g.r.IntN(7))
	case 1:
		return fmt.Sprintf("- Using %s and %s, %s the %s %s at %s, %s %s by roughly %d%%.",
			b.t1, b.t2, strings.ToLower(pick(g, genVerbAlts)), b.product, b.object, b.client, pick(g, genOutcomes), b.metric, b.n)
	default:
		outcome := pick(g, genOutcomes)
		return fmt.Sprintf("- %s work on %s (%s %s) for %s; stack: %s, %s. %s %s %d%%.",
			pick(g, genVerbAlts), b.client, b.product, b.object, b.domain, b.t1, b.t2, strings.ToUpper(outcome[:1])+outcome[1:], b.metric, b.n)
	}
}

type job struct {
	role, company string
	from, to      int
	bullets       []bullet
}

// resume is a structured resume; render turns it into text.
type resume struct {
	first, last, city, email, phone string
	summary                         string
	jobs                            []job
	education                       string
	skills                          []string
}

func (g *resumeGen) person() (first, last, city, email, phone string) {
	first, last = pick(g, genFirstNames), pick(g, genLastNames)
	city = pick(g, genCities)
	email = fmt.Sprintf("%s.%s%d@%s", strings.ToLower(first), strings.ToLower(last), g.r.IntN(100), pick(g, genMailHosts))
	phone = fmt.Sprintf("+1 (%03d) %03d-%04d", 200+g.r.IntN(800), 200+g.r.IntN(800), g.r.IntN(10000))
	return
}

func (g *resumeGen) resume(jobs, bulletsPerJob int) resume {
	var r resume
	r.first, r.last, r.city, r.email, r.phone = g.person()
	t := []string{pick(g, genTechs), pick(g, genTechs), pick(g, genTechs)}
	r.summary = fmt.Sprintf("%s %s with %d+ years of experience building %s and %s products for %s companies. Expert in %s, %s and %s; known at %s for %s.",
		pick(g, genSummaries), strings.ToLower(pick(g, genRoles)), 2+g.r.IntN(15), pick(g, genObjects), pick(g, genObjects),
		pick(g, genDomains), t[0], t[1], t[2], g.coinedWord(), pick(g, genObjects))
	year := 2006 + g.r.IntN(8)
	for range jobs {
		j := job{role: pick(g, genRoles), company: g.coinedWord() + " " + pick(g, []string{"Labs", "Inc.", "Systems", "Digital", "Group", "Analytics"}), from: year}
		year += 1 + g.r.IntN(4)
		j.to = year
		for range bulletsPerJob {
			j.bullets = append(j.bullets, g.bullet())
		}
		r.jobs = append(r.jobs, j)
	}
	r.education = pick(g, genDegrees) + ", " + pick(g, genSchools)
	for range 10 {
		r.skills = append(r.skills, pick(g, genTechs))
	}
	return r
}

func (r resume) header() string {
	return fmt.Sprintf("%s %s\n%s | %s | %s\n", r.first, r.last, r.city, r.email, r.phone)
}

// render writes the resume in a common layout, the sections in order.
func (r resume) render() string {
	var b strings.Builder
	b.WriteString(r.header())
	for _, s := range r.sections(nil, 0) {
		b.WriteString("\n" + s)
	}
	return b.String()
}

// sections renders each section; reword, when set, rewrites chosen bullets
// and shift moves every date by that many years.
func (r resume) sections(reword map[[2]int]string, shift int) []string {
	var exp strings.Builder
	exp.WriteString("EXPERIENCE\n")
	for ji, j := range r.jobs {
		fmt.Fprintf(&exp, "%s at %s (%d - %d)\n", j.role, j.company, j.from+shift, j.to+shift)
		for bi, bl := range j.bullets {
			if s, ok := reword[[2]int{ji, bi}]; ok {
				exp.WriteString(s + "\n")
				continue
			}
			exp.WriteString(bl.text() + "\n")
		}
	}
	return []string{
		"SUMMARY\n" + r.summary + "\n",
		exp.String(),
		"EDUCATION\n" + r.education + "\n",
		"SKILLS\n" + strings.Join(r.skills, ", ") + "\n",
	}
}

// ringCopy is base passed to another member of a ring: new name, contact
// details and dates, a share of the bullets reworded, sections and bullets
// shuffled.
func (g *resumeGen) ringCopy(base resume, rewordShare float64) string {
	c := base
	c.first, c.last, c.city, c.email, c.phone = g.person()
	var all [][2]int
	for ji, j := range c.jobs {
		for bi := range j.bullets {
			all = append(all, [2]int{ji, bi})
		}
	}
	g.r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	reword := map[[2]int]string{}
	for _, k := range all[:int(rewordShare*float64(len(all))+0.5)] {
		reword[k] = g.reworded(c.jobs[k[0]].bullets[k[1]])
	}
	secs := c.sections(reword, g.r.IntN(5)-2)
	g.r.Shuffle(len(secs), func(i, j int) { secs[i], secs[j] = secs[j], secs[i] })
	return c.header() + "\n" + strings.Join(secs, "\n")
}

// Bootcamp template: every graduate keeps these lines.
const bootcampSummary = "Full-stack web developer and graduate of the Launchpad Coding Bootcamp immersive program. " +
	"Completed over 600 hours of hands-on training in modern web development, agile workflows and test-driven development. " +
	"Passionate about building accessible, user-friendly applications and eager to contribute to a collaborative engineering team."

var bootcampBoilerplate = []string{
	"- Collaborated with a team of four developers using Git and GitHub for version control and code review.",
	"- Deployed the application to Heroku with a continuous integration pipeline running on every pull request.",
	"- Followed agile scrum practices with daily stand-ups, sprint planning and retrospectives.",
}

var bootcampSkills = strings.Fields("JavaScript React Node.js Express MongoDB PostgreSQL HTML CSS Git REST Jest Redux")

// bootcampResume is an honest graduate's resume: the template's headings and
// boilerplate, with the graduate's own projects, employers and skills.
func (g *resumeGen) bootcampResume() string {
	first, last, city, email, phone := g.person()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n%s | %s | %s | github.com/%s%s\n\n", first, last, city, email, phone, strings.ToLower(first), strings.ToLower(last))
	fmt.Fprintf(&b, "SUMMARY\n%s Previously %s in %s.\n\n", bootcampSummary, strings.ToLower(pick(g, []string{"a barista", "a teacher", "a nurse", "a sales associate", "an accountant", "a line cook", "a logistics coordinator"})), pick(g, genDomains))
	b.WriteString("PROJECTS\n")
	for range 3 {
		bl := g.bullet()
		fmt.Fprintf(&b, "%s - %s %s\n", g.coinedWord(), bl.domain, bl.object)
		fmt.Fprintf(&b, "- %s a %s for %s users with %s and %s, handling %s for %d customers.\n", bl.verb, bl.object, g.coinedWord(), bl.t1, bl.t2, bl.metric, 10+g.r.IntN(500))
		b.WriteString(bootcampBoilerplate[g.r.IntN(len(bootcampBoilerplate))] + "\n")
		b.WriteString(g.bullet().text() + "\n")
	}
	b.WriteString("\nEXPERIENCE\n")
	for range 2 {
		fmt.Fprintf(&b, "%s at %s (%d - %d)\n", pick(g, []string{"Shift Lead", "Customer Success Associate", "Operations Assistant", "Retail Associate", "Office Manager"}), g.coinedWord()+" "+pick(g, []string{"Cafe", "Market", "Clinic", "Logistics", "Outfitters"}), 2015+g.r.IntN(4), 2019+g.r.IntN(4))
		b.WriteString(g.bullet().text() + "\n")
	}
	fmt.Fprintf(&b, "\nEDUCATION\nCertificate in Full-Stack Web Development, Launchpad Coding Bootcamp (2023)\n%s, %s\n\n", pick(g, genDegrees), pick(g, genSchools))
	skills := append([]string(nil), bootcampSkills...)
	g.r.Shuffle(len(skills), func(i, j int) { skills[i], skills[j] = skills[j], skills[i] })
	skills = skills[:8]
	for range 3 {
		skills = append(skills, pick(g, genTechs))
	}
	b.WriteString("SKILLS\n" + strings.Join(skills, ", ") + "\n")
	return b.String()
}

// corpus helpers ----------------------------------------------------------

func ringDocs(g *resumeGen, prefix string, copies int, rewordShare float64) []Doc {
	base := g.resume(3, 4)
	docs := []Doc{{ID: prefix + "0", Text: base.render()}}
	for i := 1; i <= copies; i++ {
		docs = append(docs, Doc{ID: fmt.Sprintf("%s%d", prefix, i), Text: g.ringCopy(base, rewordShare)})
	}
	return docs
}

func bootcampDocs(g *resumeGen, prefix string, n int) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{ID: fmt.Sprintf("%s%03d", prefix, i), Text: g.bootcampResume()}
	}
	return docs
}

func unrelatedDocs(g *resumeGen, prefix string, n int) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{ID: fmt.Sprintf("%s%06d", prefix, i), Text: g.resume(4, 4).render()}
	}
	return docs
}
