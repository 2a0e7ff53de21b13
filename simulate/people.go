package simulate

import (
	"strconv"
)

// newPerson draws a whole identity living in c (a random US city when nil).
func (w *world) newPerson(r randSource, weights []float64, c *city) *person {
	if c == nil {
		c = &usCities[r.IntN(len(usCities))]
	}
	p := &person{idx: len(w.people), ring: -1, city: c, employee: -1, hireApp: -1, origin: -1}
	p.first, p.last = newName(r, weights)
	if w.nameRand != nil {
		p.first, p.last, p.origin = w.mixedName(w.nameRand)
	}
	p.home = streetAddress(r, c)
	p.phone = phoneFor(r, c)
	p.email = w.uniqueEmail(r, personalEmail(r, p.first, p.last, emailDomains))
	p.dob = dateOfBirth(r)
	p.ssn = ssn(r)
	p.linkedin = w.uniqueProfile(r, linkedinURL(r, p.first, p.last))
	p.github = w.uniqueProfile(r, githubURL(r, p.first, p.last))
	p.homeNet = pick(r, c.isp)
	p.homeIP = networks[p.homeNet].addr(r)
	p.ua = pick(r, desktopAgents)
	w.people = append(w.people, p)
	return p
}

// buildHonestApplicants makes cfg.Applicants honest people, some of them in
// the coincidences a detector must not mistake for fraud.
func (w *world) buildHonestApplicants(r randSource) {
	rates := w.cfg.Confounders
	made := 0
	add := func(p *person) { made++; w.applicants = append(w.applicants, p.idx) }
	for made < w.cfg.Applicants {
		p := w.newPerson(r, cultureWeights, nil)
		add(p)
		if chance(r, rates.ConsumerVPN*0.5) {
			p.tags.add(tagConsumerVPN) // applies through a VPN now and then
		}
		switch {
		case made+1 < w.cfg.Applicants && chance(r, rates.Household):
			q := w.newPerson(r, cultureWeights, p.city)
			// Household members often share a family name. Two of one full
			// name at one home on one landline (a father and son) would be
			// one person to mosaic, as to the ATS: the simulator leaves that
			// rare case out rather than score it as a merge error.
			if chance(r, 0.6) && q.first != p.first {
				q.last = p.last
				q.email = w.uniqueEmail(r, personalEmail(r, q.first, q.last, emailDomains))
			}
			q.home, q.homeIP, q.homeNet = p.home, p.homeIP, p.homeNet
			if chance(r, 0.35) { // a shared landline
				q.phone = p.phone
			}
			p.tags.add(tagHousehold)
			q.tags.add(tagHousehold)
			add(q)
		case chance(r, rates.Building):
			n := between(r, 2, 5)
			tower := strconv.Itoa(between(r, 100, 2999)) + " " + pick(r, streetNames) + " " + pick(r, []string{"Street", "Avenue", "Blvd", "Plaza"})
			p.home.line1, p.home.line2 = tower, "Apt "+strconv.Itoa(between(r, 2, 40))+string(rune('A'+r.IntN(8)))
			p.tags.add(tagBuilding)
			for i := 0; i < n && made < w.cfg.Applicants; i++ {
				q := w.newPerson(r, cultureWeights, p.city)
				q.home = p.home
				q.home.line2 = pick(r, []string{"Apt ", "Unit ", "#"}) + strconv.Itoa(between(r, 2, 40)) + string(rune('A'+r.IntN(8)))
				q.tags.add(tagBuilding)
				add(q)
			}
		case made > 10 && chance(r, rates.Namesake):
			other := w.people[w.applicants[r.IntN(len(w.applicants)-1)]]
			if other.ring < 0 {
				p.first, p.last, p.origin = other.first, other.last, other.origin
				p.email = w.uniqueEmail(r, personalEmail(r, p.first, p.last, emailDomains))
				// Their own profiles, under the name they now carry.
				p.linkedin = w.uniqueProfile(r, linkedinURL(r, p.first, p.last))
				p.github = w.uniqueProfile(r, githubURL(r, p.first, p.last))
				p.tags.add(tagNamesake)
				other.tags.add(tagNamesake)
			}
		case chance(r, rates.Agency):
			a := r.IntN(len(staffingAgencies))
			p.phone = w.agencyPhones[a]
			p.agency = a + 1
			p.tags.add(tagAgency)
		case chance(r, rates.Bootcamp):
			p.resume = resumeKind{bootcamp: 1 + r.IntN(len(bootcamps))}
			p.tags.add(tagBootcamp)
		case chance(r, rates.AbroadDeclared):
			c := &foreignCities[pick(r, abroadContractorCities)]
			p.city = c
			p.home = streetAddress(r, c)
			p.phone = phoneFor(r, c)
			p.homeNet = pick(r, c.isp)
			p.homeIP = networks[p.homeNet].addr(r)
			p.tags.add(tagAbroadDeclared)
		}
		if chance(r, rates.Repeat) {
			p.tags.add(tagRepeat)
		}
		if chance(r, rates.CameraOffBenign) {
			p.tags.add(tagCameraOffBenign)
		}
	}
}

// buildRoster makes existing staff: honest people hired before the window
// who never went through this ATS export.
func (w *world) buildRoster(r randSource, n int) {
	for i := 0; i < n; i++ {
		p := w.newPerson(r, cultureWeights, nil)
		p.tags.add(tagRoster)
		if chance(r, w.cfg.Confounders.Household*0.5) && len(w.roster) > 0 {
			q := w.people[w.roster[r.IntN(len(w.roster))]]
			p.home, p.city, p.homeIP, p.homeNet = q.home, q.city, q.homeIP, q.homeNet
			p.tags.add(tagHousehold)
			q.tags.add(tagHousehold)
		}
		w.roster = append(w.roster, p.idx)
	}
}

// appCountWeights gives 1-6 applications per person, most people one or two.
var appCountWeights = []float64{40, 25, 15, 10, 6, 4}

var sources = []string{"linkedin", "linkedin", "linkedin", "indeed", "indeed", "company_site", "company_site", "referral", "glassdoor", "wellfound", "dice", "upwork"}

// applyHonest gives an honest person their applications.
func (w *world) applyHonest(r randSource, p *person) {
	n := 1 + weighted(r, appCountWeights)
	cand := w.newCandidate()
	p.cands = append(p.cands, cand)
	second := -1
	if p.tags.has(tagRepeat) {
		n = max(n, 2)
		second = w.newCandidate()
		p.cands = append(p.cands, second)
		p.email2 = w.uniqueEmail(r, personalEmail(r, p.first, p.last, emailDomains))
	}
	src := pick(r, sources)
	if p.tags.has(tagAgency) {
		src = "agency"
	}
	if p.tags.has(tagAbroadDeclared) && chance(r, 0.5) {
		src = "upwork"
	}
	vpnApp := -1
	if p.tags.has(tagConsumerVPN) {
		vpnApp = r.IntN(n)
	}
	for i := 0; i < n; i++ {
		j := r.IntN(len(w.jobs))
		a := application{person: p.idx, candidate: cand, job: j, ua: p.ua, source: src, ip: p.homeIP}
		a.submitted = w.jobs[j].posted + int64(r.ExpFloat64()*5*float64(day)) + int64(r.IntN(3600))
		if a.submitted > w.appTo {
			a.submitted = w.appTo - int64(r.IntN(int(10*day)))
		}
		if second >= 0 && i >= n/2 {
			a.candidate, a.altEmail = second, true
		}
		if chance(r, 0.15) { // applied from the phone
			a.ua = pick(r, mobileAgents)
			net := pick(r, mobileNets)
			a.ip = networks[net].addr(r)
		}
		if i == vpnApp {
			a.ip = networks[pick(r, consumerVPNNets)].addr(r)
		}
		a.resume = w.cfg.ResumeRate >= 1 || chance(r, w.cfg.ResumeRate) || p.resume.bootcamp > 0
		a.photo = w.cfg.Photos && chance(r, 0.55)
		a.png = chance(r, 0.3)
		w.addApp(p, a)
	}
}

func (w *world) newCandidate() int { w.candidates++; return w.candidates - 1 }

func (w *world) addApp(p *person, a application) {
	w.apps = append(w.apps, a)
	p.apps = append(p.apps, len(w.apps)-1)
}
