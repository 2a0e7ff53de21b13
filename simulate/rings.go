package simulate

import (
	"slices"
	"strconv"
)

// ring is one fraud operation: a few facilitators running many personas,
// sharing infrastructure that leaks as links between them.
type ring struct {
	idx     int
	name    string
	techs   tagSet
	members []int

	phones    []string // digits (area code + number) reused across personas
	refs      []reference
	exitIPs   []uint32 // VPN exits the ring's operators share
	vpnNets   []int
	ua        int
	burstJobs []int

	farm     address // the facilitator's house
	farmCity *city
	farmIP   uint32
	farmNet  int

	bankName, routing, account, bankHolder string
	ssns                                   []string
	rmm                                    []int // indices into rmmTools
	kvm                                    []int // indices into kvmDevices
	origin                                 int   // index into ringOriginZones
	carelessTZ                             float64
	foreignKeyboard                        string // second keyboard layout some members leave on
	payouts                                []string
	pattern                                int // background pattern for photos
}

// drawTechniques picks a subset of the allowed techniques not used by any
// earlier ring, so no single rule finds every ring.
func (w *world) drawTechniques(r randSource) tagSet {
	pool := w.techPool
	for attempt := 0; ; attempt++ {
		var s tagSet
		n := between(r, min(5, len(pool)), min(11, len(pool)))
		perm := r.Perm(len(pool))
		for _, i := range perm[:n] {
			s.add(pool[i])
		}
		// A team applies through the internet like everyone else, and
		// leaves some trace there: every ring uses at least two of the
		// application-stage techniques the pool allows.
		var missing []tag
		for _, t := range applicationTechniques {
			if !s.has(t) && slices.Contains(pool, t) {
				missing = append(missing, t)
			}
		}
		for applicationTraces(s) < minRingApplicationTechniques && len(missing) > 0 {
			k := r.IntN(len(missing))
			s.add(missing[k])
			missing = slices.Delete(missing, k, k+1)
		}
		unique := true
		for _, g := range w.rings {
			if g.techs == s {
				unique = false
			}
		}
		if unique || attempt > 30 {
			return s
		}
	}
}

func (w *world) buildRings(r randSource) {
	for i := 0; i < w.cfg.Rings; i++ {
		g := &ring{idx: i, name: "R" + strconv.Itoa(i+1), techs: w.drawTechniques(r)}
		w.rings = append(w.rings, g)
		for k := between(r, 2, 4); k > 0; k-- {
			c := &usCities[r.IntN(len(usCities))]
			g.phones = append(g.phones, pick(r, c.areaCodes)+strconv.Itoa(between(r, 201, 989))+digits(r, 4))
		}
		for k := between(r, 3, 5); k > 0; k-- {
			g.refs = append(g.refs, newReference(r))
		}
		for k := between(r, 1, 3); k > 0; k-- {
			if chance(r, 0.6) {
				g.vpnNets = append(g.vpnNets, pick(r, consumerVPNNets))
			} else {
				g.vpnNets = append(g.vpnNets, pick(r, hostingNets))
			}
		}
		for k := between(r, 4, 8); k > 0; k-- {
			g.exitIPs = append(g.exitIPs, networks[pick(r, g.vpnNets)].addr(r))
		}
		g.ua = pick(r, desktopAgents)
		g.farmCity = &farmTowns[r.IntN(len(farmTowns))]
		g.farm = streetAddress(r, g.farmCity)
		g.farm.line2 = ""
		g.farmNet = pick(r, g.farmCity.isp)
		g.farmIP = networks[g.farmNet].addr(r)
		g.bankName = pick(r, banks)
		g.routing, g.account = routingNumber(r), accountNumber(r)
		f, l := newName(r, cultureWeights)
		if w.nameRand != nil {
			f, l, _ = w.mixedName(w.nameRand)
		}
		g.bankHolder = f + " " + l
		for k := between(r, 1, 3); k > 0; k-- {
			g.ssns = append(g.ssns, ssn(r))
		}
		perm := r.Perm(len(rmmTools))
		g.rmm = perm[:between(r, 1, 3)]
		perm = r.Perm(len(kvmDevices))
		g.kvm = perm[:between(r, 1, 2)]
		g.origin = r.IntN(len(ringOriginZones))
		g.carelessTZ = pick(r, []float64{0, 0.2, 0.5, 0.8})
		if chance(r, 0.5) {
			g.foreignKeyboard = pick(r, []string{"00000412", "00000412", "00000804", "00000419"})
		}
		for k := between(r, 1, 3); k > 0; k-- {
			g.payouts = append(g.payouts, pick(r, payoutProviders))
		}
		g.pattern = r.IntN(1 << 30)
		for k := between(r, 1, 2); k > 0; k-- {
			g.burstJobs = append(g.burstJobs, r.IntN(len(w.jobs)))
		}
		size := between(r, w.cfg.RingSizeMin, w.cfg.RingSizeMax)
		for m := 0; m < size; m++ {
			w.newPersona(r, g)
		}
	}
}

// newPersona makes one ring member and their applications.
func (w *world) newPersona(r randSource, g *ring) {
	p := w.newPerson(r, personaCultureWeights, nil)
	p.ring = g.idx
	g.members = append(g.members, p.idx)
	p.email = w.uniqueEmail(r, personaEmail(r, p.first, p.last))
	if chance(r, 0.5) {
		p.linkedin = w.uniqueProfile(r, "https://www.linkedin.com/in/"+slug(p.first)+"-"+slug(p.last)+"-"+hexString(r, 6))
	}
	if chance(r, 0.6) {
		p.github = w.uniqueProfile(r, "https://github.com/"+slug(p.first)+pick(r, []string{"dev", "-dev", "codes", "0x", "-eng", ""})+strconv.Itoa(between(r, 1, 999)))
	}
	if chance(r, 0.5) {
		p.ua = g.ua
	}
	t := g.techs
	// Each persona uses each of its ring's techniques by chance, and at
	// least one that shows in its application: a persona that left no
	// trace at all would measure the dice, not a detector.
	use := tagSet(0)
	for _, c := range []struct {
		tech tag
		p    float64
	}{
		{techSharedPhone, 0.75}, {techRecycledReferences, 0.8}, {techTemplateResume, 0.85},
		{techPhotoBackground, 0.85}, {techVPNSubmit, 0.9}, {techBurstApply, 0.8}, {techInterviewFlags, 0.65},
	} {
		if t.has(c.tech) && chance(r, c.p) {
			use.add(c.tech)
		}
	}
	if applicationTraces(use) == 0 {
		var own []tag
		for _, a := range applicationTechniques {
			if t.has(a) {
				own = append(own, a)
			}
		}
		if len(own) > 0 {
			use.add(own[r.IntN(len(own))])
		}
	}
	if use.has(techSharedPhone) {
		d := pick(r, g.phones)
		p.phone = formatDigits(r, d)
		p.tags.add(techSharedPhone)
	}
	if use.has(techRecycledReferences) {
		i := r.IntN(len(g.refs))
		p.refs = &[2]reference{g.refs[i], g.refs[(i+1+r.IntN(len(g.refs)-1))%len(g.refs)]}
		p.tags.add(techRecycledReferences)
	}
	if use.has(techTemplateResume) {
		p.resume = resumeKind{ring: g.idx + 1}
		p.tags.add(techTemplateResume)
	}
	if use.has(techPhotoBackground) {
		p.tags.add(techPhotoBackground)
	}
	vpn := use.has(techVPNSubmit)
	if vpn {
		p.tags.add(techVPNSubmit)
	}
	burst := use.has(techBurstApply)
	if burst {
		p.tags.add(techBurstApply)
	}
	if use.has(techInterviewFlags) {
		p.tags.add(techInterviewFlags)
	}

	n := 1 + weighted(r, []float64{35, 30, 20, 10, 5})
	cand := w.newCandidate()
	p.cands = append(p.cands, cand)
	src := pick(r, []string{"linkedin", "indeed", "upwork", "company_site", "wellfound", "dice", "referral"})
	for i := 0; i < n; i++ {
		a := application{person: p.idx, candidate: cand, ua: p.ua, source: src, ip: p.homeIP}
		if burst && i == 0 {
			a.job = pick(r, g.burstJobs)
			a.submitted = w.jobs[a.job].posted + int64(between(r, 8*60, 6*3600))
		} else {
			a.job = r.IntN(len(w.jobs))
			a.submitted = w.jobs[a.job].posted + int64(r.ExpFloat64()*3*float64(day)) + int64(r.IntN(3600))
			if a.submitted > w.appTo {
				a.submitted = w.appTo - int64(r.IntN(int(7*day)))
			}
		}
		if vpn {
			if chance(r, 0.7) {
				a.ip = pick(r, g.exitIPs)
			} else {
				a.ip = networks[pick(r, g.vpnNets)].addr(r)
			}
		}
		a.resume = true
		a.photo = w.cfg.Photos && chance(r, 0.75)
		a.png = chance(r, 0.3)
		w.addApp(p, a)
	}
	if n > 2 && chance(r, 0.12) { // the ATS split the persona into two candidates
		second := w.newCandidate()
		p.cands = append(p.cands, second)
		w.apps[p.apps[n-1]].candidate = second
	}
}

// formatDigits types a ten-digit US number one of the usual ways, so a
// shared phone looks different on every form.
func formatDigits(r randSource, d string) string {
	a, e, l := d[:3], d[3:6], d[6:]
	switch r.IntN(6) {
	case 0:
		return "(" + a + ") " + e + "-" + l
	case 1:
		return a + "-" + e + "-" + l
	case 2:
		return "+1 " + a + " " + e + " " + l
	case 3:
		return a + e + l
	case 4:
		return "+1" + a + e + l
	default:
		return a + "." + e + "." + l
	}
}

// payoutProviders are where ring salaries are moved soon after hire.
var payoutProviders = []string{"Payoneer", "Wise", "USDT (TRC-20)", "USDC (Ethereum)", "Bitcoin", "Payoneer", "Wise"}

// applicationTechniques leave traces in what a company holds before an
// offer: the application, its attachments and the interview notes.
var applicationTechniques = []tag{
	techSharedPhone, techRecycledReferences, techTemplateResume, techPhotoBackground,
	techVPNSubmit, techBurstApply, techInterviewFlags,
}

// minRingApplicationTechniques is the least number of application-stage
// techniques a ring draws (when the pool allows them).
const minRingApplicationTechniques = 2

// applicationTraces counts the application-stage techniques in s.
func applicationTraces(s tagSet) int {
	n := 0
	for _, t := range applicationTechniques {
		if s.has(t) {
			n++
		}
	}
	return n
}
