package simulate

import (
	"sort"
	"strconv"
)

// hire decides who is employed: ring personas first (a little over half of
// them get through), then honest applicants, then existing staff fill the
// rest of the roster.
func (w *world) hire(r randSource) {
	lastHire := w.end - 7*day
	eligible := func(p *person) int {
		for _, ai := range p.apps {
			if w.apps[ai].submitted+14*day <= lastHire {
				return ai
			}
		}
		return -1
	}
	var hires []int
	for _, g := range w.rings {
		for _, pi := range g.members {
			p := w.people[pi]
			if chance(r, 0.55) {
				if ai := eligible(p); ai >= 0 {
					p.hireApp = ai
					hires = append(hires, pi)
				}
			}
		}
	}
	honest := int(float64(w.cfg.Employees)*0.22 + 0.5)
	if honest > w.cfg.Employees-len(hires) {
		honest = max(0, w.cfg.Employees-len(hires))
	}
	perm := r.Perm(len(w.applicants))
	for _, k := range perm {
		if honest == 0 {
			break
		}
		p := w.people[w.applicants[k]]
		if ai := eligible(p); ai >= 0 {
			p.hireApp = ai
			hires = append(hires, p.idx)
			honest--
		}
	}
	w.buildRoster(r, max(0, w.cfg.Employees-len(hires)))

	for _, pi := range w.roster {
		e := w.newEmployee(r, w.people[pi])
		e.hire = w.start - int64(between(r, 40, 8*365))*day
		if chance(r, 0.02) {
			e.term = w.start + int64(r.IntN(max(1, w.cfg.Days)))*day + int64(between(r, 15, 23))*3600
		}
	}
	for _, pi := range hires {
		p := w.people[pi]
		e := w.newEmployee(r, p)
		a := &w.apps[p.hireApp]
		e.title = w.jobs[a.job].title
		e.hire = a.submitted - a.submitted%day + int64(between(r, 14, 35))*day
		if e.hire > lastHire {
			e.hire = lastHire - lastHire%day
		}
	}
	w.addEmployeeConfounders()
	// Roster ids follow hire order, as an HRIS numbers people.
	sort.SliceStable(w.emps, func(i, j int) bool { return w.emps[i].hire < w.emps[j].hire })
	width := idWidth(len(w.emps), 5)
	hostSeen := map[string]bool{}
	for i, e := range w.emps {
		e.idx = i
		e.id = id("E", i+1, width)
		if e.former {
			continue // an earlier employment: its laptop and accounts are gone
		}
		w.people[e.person].employee = i
		e.assetTag = id("AT-", i+1, max(6, width))
		for {
			kind := pick(r, []string{"-LT-", "-LT-", "-LT-", "-MBP-", "-WS-"})
			e.hostname = w.hostPrefix + kind + strconv.Itoa(between(r, 1000, 99999))
			if !hostSeen[e.hostname] {
				hostSeen[e.hostname] = true
				break
			}
		}
		e.serial = string(rune('A'+r.IntN(26))) + string(rune('A'+r.IntN(26))) + digits(r, 6) + string(rune('A'+r.IntN(26)))
	}
	w.splitFormer()
	for _, e := range w.emps {
		p := w.people[e.person]
		if p.ring >= 0 {
			w.fraudBehaviour(r, e, p, w.rings[p.ring])
		} else {
			w.honestBehaviour(r, e, p)
		}
		w.ship(r, e, p)
		w.pay(r, e, p)
	}
	w.jointPayroll()
	w.untagUnshared()
}

// untagUnshared drops shared_* tags from members whose value ended up
// shared with nobody (the only member of the ring to draw it), so truth
// never claims a link the data does not hold.
func (w *world) untagUnshared() {
	for _, g := range w.rings {
		phones, ssns, banks := map[string]int{}, map[string]int{}, map[string]int{}
		for _, pi := range g.members {
			p := w.people[pi]
			phones[slug(p.phone)[max(0, len(slug(p.phone))-10):]]++
			ssns[p.ssn]++
		}
		for _, ev := range w.payroll {
			p := w.people[w.emps[ev.employee].person]
			if p.ring == g.idx && ev.account == g.account {
				banks[p.first+" "+p.last]++
			}
		}
		sharedBank := len(banks) > 1
		for _, pi := range g.members {
			p := w.people[pi]
			d := slug(p.phone)
			if p.tags.has(techSharedPhone) && phones[d[max(0, len(d)-10):]] < 2 {
				p.tags &^= 1 << techSharedPhone
			}
			if p.tags.has(techSharedSSN) && ssns[p.ssn] < 2 {
				p.tags &^= 1 << techSharedSSN
			}
			if p.tags.has(techSharedBank) && !sharedBank {
				p.tags &^= 1 << techSharedBank
			}
		}
	}
}

// newEmployee makes the roster row for p with honest defaults.
func (w *world) newEmployee(r randSource, p *person) *employee {
	e := &employee{person: p.idx, home: p.home, empType: "employee", title: pick(r, jobTitles)}
	e.tz = p.city.tz
	e.tzKey = p.city.tzKey
	base := slug(p.first) + "." + slug(p.last)
	w.workEmails[base]++
	if n := w.workEmails[base]; n > 1 {
		base += strconv.Itoa(n)
	}
	e.username = base
	e.workEmail = base + "@" + w.domain
	e.oktaID = string(appendBase62([]byte("00u"), r, 17))
	e.deviceFP = hexString(r, 32)
	e.mobileFP = hexString(r, 32)
	e.ua = p.ua
	e.mobileUA = pick(r, mobileAgents)
	e.localOffset = zoneOffsets[e.tz]
	e.workOffset = e.localOffset
	e.startHour = 7 + r.Float64()*3
	e.signinIP, e.signinNet, e.signinCity = p.homeIP, p.homeNet, p.city
	if p.agency > 0 {
		e.empType, e.vendor = "contractor", staffingAgencies[p.agency-1]
	}
	if p.tags.has(tagAbroadDeclared) {
		e.empType = "contractor"
	}
	w.emps = append(w.emps, e)
	return e
}

// corpShares: how many employees go through the company's secure web
// gateway (always, sometimes, never).
var corpShares = []float64{0, 0, 0.15, 0.5, 0.9}

func (w *world) honestBehaviour(r randSource, e *employee, p *person) {
	rates := w.cfg.Confounders
	e.corpShare = pick(r, corpShares)
	e.mobileShare = pick(r, []float64{0, 0.03, 0.08, 0.15})
	if chance(r, rates.ITStaff) {
		p.tags.add(tagITStaff)
		e.title = pick(r, []string{"IT Support Specialist", "Systems Administrator", "Site Reliability Engineer", "IT Operations Engineer", "Desktop Support Technician"})
	}
	if chance(r, rates.Traveler) {
		p.tags.add(tagTraveler)
		for k := between(r, 1, 2); k > 0; k-- {
			from := r.IntN(max(1, w.cfg.Days-3))
			c := &foreignCities[r.IntN(len(foreignCities))]
			e.trips = append(e.trips, trip{from: from, to: from + between(r, 2, 7), city: c, ip: networks[pick(r, c.isp)].addr(r)})
		}
	}
	if chance(r, rates.ConsumerVPN) || (p.tags.has(tagConsumerVPN) && chance(r, 0.6)) {
		p.tags.add(tagConsumerVPN)
		e.vpnShare = 0.03 + r.Float64()*0.12
		net := pick(r, consumerVPNNets)
		e.vpnNets = []int{net}
		for k := between(r, 2, 6); k > 0; k-- {
			e.vpnIPs = append(e.vpnIPs, networks[net].addr(r))
		}
	}
	if chance(r, rates.NightOwl) {
		p.tags.add(tagNightOwl)
		e.nightOwl = true
		e.startHour = 11.5 + r.Float64()*4
	}
	if chance(r, rates.PayoneerContractor) {
		p.tags.add(tagPayoneerContractor)
		e.empType = "contractor"
	}
	if chance(r, rates.BilingualKeyboard) {
		p.tags.add(tagBilingualKeyboard)
	}
	if p.hireApp >= 0 && chance(r, rates.RealMove) {
		p.tags.add(tagRealMove)
	}
	if p.tags.has(tagAbroadDeclared) {
		e.corpShare = 0
	}
}

// fraudBehaviour gives a hired persona the ring's tradecraft.
func (w *world) fraudBehaviour(r randSource, e *employee, p *person, g *ring) {
	t := g.techs
	use := func(tech tag, prob float64) bool {
		if t.has(tech) && chance(r, prob) {
			p.tags.add(tech)
			return true
		}
		return false
	}
	e.corpShare = pick(r, []float64{0, 0, 0.1})
	if chance(r, 0.35) {
		e.empType = "contractor"
	}
	farm := use(techLaptopFarm, 0.9)
	if farm {
		e.signinIP, e.signinNet, e.signinCity = g.farmIP, g.farmNet, g.farmCity
		if !t.has(techAddressChange) && chance(r, 0.5) {
			e.home = g.farm // the persona declares the farm as home
			if chance(r, 0.5) {
				e.home.line2 = pick(r, []string{"Unit B", "Apt 2", "Rm 3", "#4", ""})
			}
		}
	}
	use(techAddressChange, 0.65)
	use(techRMM, 0.85)
	use(techIPKVM, 0.6)
	if use(techVPNSignin, 0.8) {
		e.vpnShare = 0.55 + r.Float64()*0.4
		e.vpnIPs = g.exitIPs
		e.vpnNets = g.vpnNets
		if chance(r, 0.5) { // and a few exits of their own
			for k := between(r, 1, 3); k > 0; k-- {
				e.vpnIPs = append(append([]uint32(nil), e.vpnIPs...), networks[pick(r, g.vpnNets)].addr(r))
			}
		}
	}
	if use(techKSTHours, 0.85) {
		e.workOffset = ringOriginZones[g.origin].offset
		e.startHour = 8 + r.Float64()*2
	}
	if chance(r, g.carelessTZ) {
		e.tzKey = ringOriginZones[g.origin].tzKey
	}
	use(techSharedBank, 0.7)
	use(techPayoutPlatform, 0.7)
	if use(techSharedSSN, 0.6) {
		p.ssn = pick(r, g.ssns)
	}
	if use(techManagerObservation, 0.65) && chance(r, 0.3) {
		e.term = e.hire + int64(between(r, 25, 60))*day
		if e.term > w.end {
			e.term = 0
		}
	}
}

var moveReasons = []string{
	"moved to a new apartment last week", "relocated for partner's job", "lease ended early, new address attached",
	"closing on a house, please ship to the new place", "moved in with family for a few months",
	"temporary address while apartment is renovated", "moving across town on the 1st",
}

// ringShipReasons are the stories personas give for a new ship-to address.
var ringShipReasons = []string{
	"staying with my cousin while I move, please ship there", "I will be at my uncle's house for a few weeks",
	"my building has package theft, please send to a friend's address", "moving this week, new address is more reliable",
	"please ship to my relative, I travel for family emergency", "my apartment mailbox is broken",
	"I am relocating, my friend will receive it", "temporary address, I will pick up there",
}

// ship records the laptop shipment for e.
func (w *world) ship(r randSource, e *employee, p *person) {
	s := shipment{employee: e.idx, shipToName: w.writtenFull(p, sysCourier), to: e.home}
	s.requested = e.hire - int64(between(r, 5, 9))*day + int64(between(r, 14, 22))*3600
	s.shipped = s.requested + int64(between(r, 1, 3))*day
	s.delivered = s.shipped + int64(between(r, 1, 4))*day
	switch {
	case p.ring >= 0:
		g := w.rings[p.ring]
		if p.tags.has(techLaptopFarm) {
			s.to = g.farm
		}
		if p.tags.has(techAddressChange) {
			if !p.tags.has(techLaptopFarm) {
				c := &farmTowns[r.IntN(len(farmTowns))]
				s.to = streetAddress(r, c)
			}
			s.changeAt = s.shipped - int64(between(r, 18, 52))*3600
			s.changeReason = pick(r, ringShipReasons)
		}
	case p.tags.has(tagRealMove):
		c := p.city
		if chance(r, 0.5) {
			c = &usCities[r.IntN(len(usCities))]
		}
		s.to = streetAddress(r, c)
		s.changeAt = s.shipped - int64(between(r, 20, 120))*3600
		s.changeReason = pick(r, moveReasons)
		if chance(r, 0.6) {
			e.home = s.to // HR updated the roster too
		}
		e.signinCity = c
		e.tzKey = c.tzKey // the laptop lives in the new place
		e.workOffset = zoneOffsets[c.tz]
		if e.home == s.to {
			e.tz = c.tz
		}
		e.signinNet = pick(r, c.isp)
		e.signinIP = networks[e.signinNet].addr(r)
	}
	e.delivered = s.delivered
	w.ships = append(w.ships, s)
}

// pay records direct deposit and payment-method changes for e.
func (w *world) pay(r randSource, e *employee, p *person) {
	name := w.writtenFull(p, sysBank)
	newHire := e.hire >= w.appFrom
	if newHire || chance(r, 0.12) {
		at := e.hire + int64(between(r, 0, 3))*day + int64(between(r, 13, 22))*3600
		if !newHire {
			at = w.start + int64(r.IntN(max(1, w.cfg.Days)))*day + int64(between(r, 13, 22))*3600
		}
		ev := payrollEvent{employee: e.idx, at: at, kind: "direct_deposit_change", bank: pick(r, banks), country: "US",
			routing: routingNumber(r), account: accountNumber(r), holder: name}
		if p.tags.has(techSharedBank) {
			g := w.rings[p.ring]
			ev.bank, ev.routing, ev.account = g.bankName, g.routing, g.account
			if chance(r, 0.3) {
				ev.holder = g.bankHolder
			}
		}
		if p.tags.has(tagAbroadDeclared) {
			ev.country = p.city.country
			ev.bank = pick(r, []string{"HSBC", "Santander", "BBVA", "ING", "Revolut", "N26", "Banco do Brasil", "ICICI Bank"})
			ev.routing = ""
		}
		w.payroll = append(w.payroll, ev)
	}
	if p.tags.has(tagPayoneerContractor) {
		prov := pick(r, []string{"Payoneer", "Wise", "Payoneer"})
		w.payroll = append(w.payroll, payrollEvent{employee: e.idx, at: max(e.hire, w.start) + int64(between(r, 3, 40))*day + int64(between(r, 13, 22))*3600,
			kind: "payment_method_change", bank: "Community Federal Savings Bank", country: "US", routing: "026073150",
			account: accountNumber(r), holder: name, provider: prov})
	}
	if p.tags.has(techPayoutPlatform) {
		g := w.rings[p.ring]
		prov := pick(r, g.payouts)
		ev := payrollEvent{employee: e.idx, at: e.hire + int64(between(r, 5, 30))*day + int64(r.IntN(int(day))),
			kind: "payment_method_change", country: "US", holder: name, provider: prov}
		switch prov {
		case "Payoneer", "Wise":
			ev.bank, ev.routing, ev.account = "Community Federal Savings Bank", "026073150", accountNumber(r)
			if chance(r, 0.4) {
				ev.country = pick(r, []string{"HK", "SG", "AE", "CN"})
			}
		case "USDT (TRC-20)":
			ev.wallet = "T" + base58(r, 33)
		case "Bitcoin":
			ev.wallet = "bc1q" + bech32(r, 38)
		default:
			ev.wallet = "0x" + hexString(r, 40)
		}
		w.payroll = append(w.payroll, ev)
	}
	if e.empType == "contractor" {
		for m := w.start - w.start%day + 30*day; m < w.end; m += 30 * day {
			if m > e.hire && (e.term == 0 || m < e.term) {
				w.payroll = append(w.payroll, payrollEvent{employee: e.idx, at: m + 14*3600, kind: "payment", holder: name,
					amount: strconv.Itoa(between(r, 55, 140)*100) + ".00", currency: "USD", provider: "ACH"})
			}
		}
	}
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
const bech32Alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func base58(r randSource, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = base58Alphabet[r.IntN(len(base58Alphabet))]
	}
	return string(b)
}

func bech32(r randSource, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = bech32Alphabet[r.IntN(len(bech32Alphabet))]
	}
	return string(b)
}
