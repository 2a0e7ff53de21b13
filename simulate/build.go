package simulate

import (
	"sort"
	"strings"
	"time"
)

// world is the whole simulated company before it is written out.
type world struct {
	cfg        Config
	company    string
	domain     string
	hostPrefix string
	techPool   []tag

	start, end     int64 // sign-in window
	appFrom, appTo int64 // applications window

	jobs       []job
	people     []*person
	applicants []int // honest applicant persons
	roster     []int // existing staff persons
	rings      []*ring
	apps       []application
	candidates int
	candIDs    []string // by candidate number
	emps       []*employee
	// formerEmps are roster rows of earlier employments (a rehire, a
	// contractor converted, a maiden name): written to employees.csv with
	// the rest, but with no laptop, sign-ins or pay of their own.
	formerEmps []*employee
	// rows are all roster rows, current and former, in employee id order.
	rows  []*employee
	state confounderState
	// schools are the school cohorts (SchoolCohort) graduates belong to.
	schools []school
	// teams are the employers former teams left together, and teamOf
	// each member's team (1 + index), for the line their resumes share.
	teams        []formerEmployer
	teamOf       map[int]int
	ships        []shipment
	payroll      []payrollEvent
	notes        []note
	agencyPhones []string
	workEmails   map[string]int
	// emails holds every personal email handed out: an address belongs to
	// one person, so two namesakes never get the same one.
	emails map[string]bool
	// profiles holds every LinkedIn and GitHub handle handed out: a handle
	// belongs to one account, so two people with one name get two handles
	// (mateogonzalez, mateogonzalez7), as the sites make them.
	profiles map[string]bool
	// nameRand draws names in a mixed company (Config.NameMix), apart from
	// the world's stream so that the same seed gives the same company with
	// other names; nil otherwise. mixOrigins and mixWeights are the mix as
	// indices into nameOrigins.
	nameRand   randSource
	mixOrigins []int
	mixWeights []float64
}

// build draws everything except the streamed logs and attachments.
func build(cfg Config) *world {
	r := newRand(cfg.Seed, streamWorld)
	w := &world{cfg: cfg, workEmails: map[string]int{}, emails: map[string]bool{}, profiles: map[string]bool{}}
	if cfg.NameMix != nil {
		w.nameRand = newRand(cfg.Seed, streamNames-1)
		for _, s := range cfg.NameMix {
			w.mixOrigins = append(w.mixOrigins, originIndex(s.Origin))
			w.mixWeights = append(w.mixWeights, s.Share)
		}
	}
	w.company = cfg.Company
	if w.company == "" {
		w.company = pick(r, companyStems)
	}
	stem := slug(w.company)
	if stem == "" {
		stem = "company"
	}
	w.domain = stem + ".example"
	w.hostPrefix = strings.ToUpper(slug(w.company))
	if len(w.hostPrefix) > 4 {
		w.hostPrefix = w.hostPrefix[:4]
	}
	if w.hostPrefix == "" {
		w.hostPrefix = "CORP"
	}
	for _, t := range cfg.Techniques {
		w.techPool = append(w.techPool, techniqueIndex(t))
	}
	if len(w.techPool) == 0 {
		for t := firstTechnique; t < tagCount; t++ {
			w.techPool = append(w.techPool, t)
		}
	}
	// A Monday in early 2026, varied by seed; never the wall clock.
	base := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).Unix()
	w.start = base + int64(uint64(cfg.Seed)%10)*7*day
	w.end = w.start + int64(cfg.Days)*day
	w.appFrom = w.start - 45*day
	w.appTo = w.start + int64(cfg.Days)*day/2
	for range staffingAgencies {
		c := &usCities[r.IntN(len(usCities))]
		w.agencyPhones = append(w.agencyPhones, usPhone(r, pick(r, c.areaCodes)))
	}
	w.buildJobs(r)
	w.buildHonestApplicants(r)
	for _, pi := range w.applicants {
		w.applyHonest(r, w.people[pi])
	}
	w.buildRings(newRand(cfg.Seed, streamRings))
	w.buildRefereeGroups()
	w.buildSchoolCohorts()
	w.finishApplications()
	w.hire(r)
	w.buildNotes(r)
	return w
}

func (w *world) buildJobs(r randSource) {
	expected := float64(w.cfg.Applicants) * 2.3
	n := int(expected / 22)
	n = max(8, min(n, 20000))
	width := idWidth(n, 4)
	span := w.appTo - w.appFrom - 3*day
	for i := 0; i < n; i++ {
		posted := w.appFrom + int64(r.Float64()*float64(span))
		posted = posted - posted%3600 // postings go up on the hour
		j := job{title: pick(r, jobTitles), posted: posted, remote: chance(r, 0.8)}
		if j.remote {
			j.where = pick(r, []string{"Remote (US)", "Remote (US)", "Remote", "Remote - Americas", "Remote (US time zones)"})
		} else {
			c := &usCities[r.IntN(len(usCities))]
			j.where = c.name + ", " + c.region
		}
		w.jobs = append(w.jobs, j)
	}
	sort.SliceStable(w.jobs, func(i, k int) bool { return w.jobs[i].posted < w.jobs[k].posted })
	for i := range w.jobs {
		w.jobs[i].id = id("JOB-", i+1, width)
	}
}

// finishApplications orders applications by submission time and numbers
// applications and candidates in that order, as an ATS would.
func (w *world) finishApplications() {
	order := make([]int, len(w.apps))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, k int) bool { return w.apps[order[i]].submitted < w.apps[order[k]].submitted })
	newIndex := make([]int, len(w.apps))
	sorted := make([]application, len(w.apps))
	for ni, oi := range order {
		sorted[ni] = w.apps[oi]
		newIndex[oi] = ni
	}
	w.apps = sorted
	for _, p := range w.people {
		for k, ai := range p.apps {
			p.apps[k] = newIndex[ai]
		}
		sort.Ints(p.apps)
	}
	aw := idWidth(len(w.apps), 7)
	candNum := make([]int, w.candidates)
	for i := range candNum {
		candNum[i] = -1
	}
	next := 0
	for i := range w.apps {
		w.apps[i].id = id("A", i+1, aw)
		c := w.apps[i].candidate
		if candNum[c] < 0 {
			candNum[c] = next
			next++
		}
	}
	cw := idWidth(next, 6)
	w.candIDs = make([]string, w.candidates)
	for c, n := range candNum {
		if n >= 0 {
			w.candIDs[c] = id("C", n+1, cw)
		}
	}
}
