package simulate

import (
	"strconv"
	"strings"
)

// The honest coincidences of one person's life that a company's records
// hold and that look like shared identities (issue 15, item 3):
//
//   - a rehire: an earlier roster row under another employee id, with the
//     same SSN, name, birth date and home, the earlier employment ended
//     before the new one began;
//   - a contractor converted to an employee: the contractor's row ends the
//     day before the employee's row begins;
//   - a couple: two employees at one home, paid into one joint account
//     whose holder names both as banks write it ("JOHN SMITH & MARIA
//     LOPEZ", "John & Maria Smith", "JOHN SMITH OR MARIA LOPEZ"); or an
//     employee paid into an account held with a spouse who does not work
//     here;
//   - a name change after marriage: an earlier roster row under the maiden
//     name, the later records (roster, ATS, payroll) under the married
//     name, and sometimes an account still held under the maiden name.
//
// All of them are drawn from a stream of their own, after everything else
// of the people involved is drawn, so the rest of the world is what it
// was without them (employee ids are renumbered around the earlier rows).

// Streams of the confounders and school cohorts: far above the per-day,
// per-person and referee streams.
const (
	streamConfounders uint64 = 1<<40 + 1<<38
	streamSchools     uint64 = 1<<40 + 1<<38 + 1
)

// couple is two employees paid into one joint account, or (spouse nil) one
// employee paid into an account held with a spouse who does not work here.
type couple struct {
	a, b   *employee // b nil when the spouse does not work here
	spouse *person   // the spouse outside the company, when b is nil
	holder string    // the joint account's holder, as the bank writes it
}

// confounderState is what the employee confounders leave for payroll.
type confounderState struct {
	couples []couple
	// maidenHolder is the holder of an account never renamed after a
	// marriage, by employee.
	maidenHolder map[*employee]string
}

// addEmployeeConfounders draws the rehires, converted contractors, couples
// and name changes among the honest employees made so far. It runs before
// employee ids are given, so earlier rows take their place in hire order.
func (w *world) addEmployeeConfounders() {
	rates := w.cfg.Confounders
	r := newRand(w.cfg.Seed, streamConfounders)
	var pool []*employee // honest, direct employees, in creation order
	for _, e := range w.emps {
		p := w.people[e.person]
		if p.ring < 0 && p.agency == 0 && !p.tags.has(tagAbroadDeclared) && !p.tags.has(tagHousehold) {
			pool = append(pool, e)
		}
	}
	used := map[*employee]bool{}
	free := func() *employee {
		for try := 0; try < 30 && len(pool) > 0; try++ {
			if e := pool[r.IntN(len(pool))]; !used[e] {
				used[e] = true
				return e
			}
		}
		return nil
	}
	count := func(rate float64) int { return int(float64(len(pool))*rate + 0.5) }

	for k := count(rates.Rehire); k > 0; k-- {
		if e := free(); e != nil {
			f := w.formerRecord(r, e, between(r, 45, 1100))
			f.title = pick(r, jobTitles)
			w.people[e.person].tags.add(tagRehire)
		}
	}
	for k := count(rates.ContractorConverted); k > 0; k-- {
		if e := free(); e != nil {
			f := w.formerRecord(r, e, 1)
			f.empType, f.title = "contractor", e.title
			if chance(r, 0.5) {
				f.vendor = pick(r, staffingAgencies)
			}
			if chance(r, 0.5) { // a contractor's account, converted or not
				f.workEmail = f.username + ".ext@" + w.domain
			}
			e.empType, e.vendor = "employee", ""
			w.people[e.person].tags.add(tagConvertedContractor)
		}
	}
	for k := count(rates.NameChange); k > 0; k-- {
		e := free()
		if e == nil {
			continue
		}
		p := w.people[e.person]
		maiden := p.last
		married := w.people[r.IntN(len(w.people))].last
		if married == maiden || slug(married) == "" {
			continue
		}
		f := w.formerRecord(r, e, between(r, 30, 900))
		f.first, f.last = w.written(p, sysHR)
		f.title = pick(r, jobTitles)
		p.last = married
		w.renameWorkAccount(e, p)
		if chance(r, 0.3) { // the old account, never renamed
			if w.state.maidenHolder == nil {
				w.state.maidenHolder = map[*employee]string{}
			}
			h := p.first + " " + maiden
			if chance(r, 0.4) {
				h = strings.ToUpper(h)
			}
			w.state.maidenHolder[e] = h
		}
		p.tags.add(tagNameChange)
	}
	for k := int(float64(len(pool))*rates.Couple/1.5 + 0.5); k > 0; k-- {
		a := free()
		if a == nil {
			continue
		}
		pa := w.people[a.person]
		c := couple{a: a}
		if chance(r, 0.5) {
			c.b = free()
		}
		var pb *person
		if c.b != nil {
			pb = w.people[c.b.person]
			w.moveIn(c.b, pb, a, pa)
			if chance(r, 0.5) && pb.first != pa.first {
				pb.last = pa.last
				w.renameWorkAccount(c.b, pb)
			}
			pb.tags.add(tagCouple)
		} else {
			// A spouse who does not work here: only the bank knows them.
			pb = &person{idx: -1, origin: -1, ring: -1, employee: -1, hireApp: -1}
			pb.first, pb.last = newName(r, cultureWeights)
			if w.nameRand != nil {
				pb.first, pb.last, _ = w.mixedName(r)
			}
			if chance(r, 0.5) {
				pb.last = pa.last
			}
			c.spouse = pb
		}
		pa.tags.add(tagCouple)
		c.holder = w.jointHolder(r, pa, pb)
		w.state.couples = append(w.state.couples, c)
	}
}

// formerRecord adds the roster row of e's earlier employment, ended gap
// days before e began: the same person (SSN, birth date, phone, home),
// another employee id.
func (w *world) formerRecord(r randSource, e *employee, gap int) *employee {
	f := &employee{person: e.person, home: e.home, empType: "employee", tz: e.tz, tzKey: e.tzKey,
		workEmail: e.workEmail, username: e.username, former: true}
	f.term = e.hire - int64(gap)*day
	f.hire = f.term - int64(between(r, 90, 2200))*day
	w.emps = append(w.emps, f)
	return f
}

// renameWorkAccount gives e the work account of p's current name, as IT
// makes one for a rehire or a name change.
func (w *world) renameWorkAccount(e *employee, p *person) {
	base := slug(p.first) + "." + slug(p.last)
	w.workEmails[base]++
	if n := w.workEmails[base]; n > 1 {
		base += strconv.Itoa(n)
	}
	e.username, e.workEmail = base, base+"@"+w.domain
}

// moveIn makes b live at a's home: one address on the roster and in the
// ATS, one home network, one time zone.
func (w *world) moveIn(b *employee, pb *person, a *employee, pa *person) {
	pb.home, pb.city, pb.homeIP, pb.homeNet = pa.home, pa.city, pa.homeIP, pa.homeNet
	b.home = a.home
	b.tz, b.tzKey, b.localOffset, b.workOffset = a.tz, a.tzKey, a.localOffset, a.workOffset
	b.signinIP, b.signinNet, b.signinCity = a.signinIP, a.signinNet, a.signinCity
}

// jointHolder writes a joint account's holder as banks do: both names
// joined by "&", "AND" or "OR", in capitals or not, or one family name
// after both given names ("John & Maria Smith"); either may come first.
func (w *world) jointHolder(r randSource, a, b *person) string {
	x, y := w.writtenFull(a, sysBank), b.first+" "+b.last
	if b.idx >= 0 {
		y = w.writtenFull(b, sysBank)
	}
	if chance(r, 0.5) {
		x, y = y, x
	}
	switch k := weighted(r, []float64{35, 25, 25, 15}); {
	case k == 2 && a.last == b.last && w.cfg.NameMix == nil:
		first1, first2 := a.first, b.first
		if chance(r, 0.5) {
			first1, first2 = first2, first1
		}
		return first1 + " & " + first2 + " " + a.last
	case k == 1:
		return strings.ToUpper(x + " and " + y)
	case k == 3:
		return strings.ToUpper(x + " or " + y)
	case k == 2:
		return x + " and " + y
	}
	return x + " & " + y
}

// splitFormer moves the earlier rows out of w.emps once ids are given, so
// that every later stage (laptops, sign-ins, endpoints, pay) sees current
// employees only, indexed as before.
func (w *world) splitFormer() {
	w.rows = append([]*employee(nil), w.emps...)
	current := w.emps[:0]
	for _, e := range w.emps {
		if e.former {
			w.formerEmps = append(w.formerEmps, e)
			continue
		}
		e.idx = len(current)
		w.people[e.person].employee = e.idx
		current = append(current, e)
	}
	w.emps = current
}

// jointPayroll pays couples into their joint account and leaves some
// married people's account under the maiden name. An employee of a couple
// without a deposit change in the window gets one: the couple opened the
// account and moved their pay to it.
func (w *world) jointPayroll() {
	r := newRand(w.cfg.Seed, streamConfounders+2)
	deposit := map[int]int{} // employee index -> its direct deposit event
	for i, ev := range w.payroll {
		if ev.kind == "direct_deposit_change" {
			deposit[ev.employee] = i
		}
	}
	depositOf := func(e *employee) *payrollEvent {
		i, ok := deposit[e.idx]
		if !ok {
			at := max(e.hire, w.start) + int64(r.IntN(max(1, int((w.end-max(e.hire, w.start))/day))))*day + int64(between(r, 13, 22))*3600
			w.payroll = append(w.payroll, payrollEvent{employee: e.idx, at: at, kind: "direct_deposit_change", bank: pick(r, banks), country: "US",
				routing: routingNumber(r), account: accountNumber(r), holder: w.writtenFull(w.people[e.person], sysBank)})
			i = len(w.payroll) - 1
			deposit[e.idx] = i
		}
		return &w.payroll[i]
	}
	for _, c := range w.state.couples {
		a := depositOf(c.a)
		a.holder = c.holder
		if c.b != nil {
			b := depositOf(c.b)
			a = &w.payroll[deposit[c.a.idx]] // depositOf may have grown the slice
			b.bank, b.routing, b.account, b.country, b.holder = a.bank, a.routing, a.account, a.country, c.holder
		}
	}
	for _, e := range w.emps {
		if h, ok := w.state.maidenHolder[e]; ok {
			depositOf(e).holder = h
		}
	}
}
