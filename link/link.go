// Package link decides which records belong to one person (a subject) and
// which subjects share identifiers (links), the raw material of clusters.
//
// Merging is reserved for strong evidence (same candidate id, same
// normalised email, an employee's own application): a merge must be
// explainable. Everything weaker is a link between subjects, never a merge.
package link

import (
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/normalize/name"
)

// Graph is the result of linking.
type Graph struct {
	DS       *dataset.Dataset
	Keys     Keys
	Subjects []*Subject
	// AppSubject and EmpSubject map record indices to subject indices.
	AppSubject []int
	EmpSubject []int
	// ResumeApp and PhotoApp map attachment indices to the application that
	// names them, or -1.
	ResumeApp []int
	PhotoApp  []int
	// Unattached counts records that joined no subject, by kind, so a report
	// can say what could not be placed (e.g. Okta service accounts).
	Unattached map[mosaic.Kind]int
	Links      []Edge

	empIndex map[string]int // employee id -> subject index
	opts     Options
}

// SubjectOfEmployee returns the subject index of an employee id.
func (g *Graph) SubjectOfEmployee(id string) (int, bool) {
	si, ok := g.empIndex[id]
	return si, ok
}

// Build links the dataset.
func Build(ds *dataset.Dataset) *Graph { return BuildWith(ds, Options{}) }

// Options adjust how Build reads identifiers.
type Options struct {
	// SharedIP reports submission addresses that strangers share as a
	// matter of course: a mobile carrier's carrier-grade NAT, or the
	// company's own declared egress. They link no one. Nil treats every
	// public address as personal.
	SharedIP func(ip string) bool
}

// BuildWith is Build with options.
func BuildWith(ds *dataset.Dataset, opts Options) *Graph {
	g := &Graph{DS: ds, Unattached: map[mosaic.Kind]int{}, opts: opts}
	g.computeKeys()
	homes := g.unifyNearAddresses()
	g.mergeApplications()
	g.attachEmployees()
	g.mergeOneIdentity()
	g.attachRest()
	g.finish()
	g.Links = findLinks(g, homes)
	return g
}

func (g *Graph) computeKeys() {
	ds := g.DS
	k := &g.Keys
	n := len(ds.Applications)
	k.AppEmail, k.AppPhone = make([]string, n), make([]string, n)
	k.AppAddress, k.AppBuild = make([]string, n), make([]string, n)
	k.AppName, k.AppIP = make([]string, n), make([]string, n)
	// Normalising identifiers is most of linking's work (the phone-number
	// parser alone about 8 µs a number) and each application's keys are its
	// own: the applications are split across the cores, each worker with
	// its own memo and its own part of the key lists.
	workers := max(1, runtime.GOMAXPROCS(0))
	per := (n + workers - 1) / workers
	var parts []*listParts
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += per {
		hi := min(n, lo+per)
		lp := &listParts{}
		parts = append(parts, lp)
		wg.Go(func() {
			normPhone := phoneMemo()
			for i := lo; i < hi; i++ {
				g.applicationKeys(i, normPhone, lp)
			}
		})
	}
	wg.Wait()
	var profiles, refPhones, refEmails []KeyLists
	for _, p := range parts {
		profiles = append(profiles, p.profiles)
		refPhones = append(refPhones, p.refPhones)
		refEmails = append(refEmails, p.refEmails)
	}
	k.AppProfile, k.RefPhones, k.RefEmails = concat(profiles), concat(refPhones), concat(refEmails)
	normPhone := phoneMemo()
	m := len(ds.Employees)
	k.EmpPhone, k.EmpAddress, k.EmpEmail = make([]string, m), make([]string, m), make([]string, m)
	for i, e := range ds.Employees {
		k.EmpPhone[i] = normPhone(e.Phone, e.Address.Country)
		k.EmpAddress[i], _ = normAddress(e.Address)
		k.EmpEmail[i] = strings.ToLower(strings.TrimSpace(e.WorkEmail))
	}
	k.ShipTo = make([]string, len(ds.Shipments))
	for i, s := range ds.Shipments {
		k.ShipTo[i], _ = normAddress(s.ShipTo)
	}
}

// phoneMemo returns normPhone remembering each typed form: reference
// phones, landlines and switchboards repeat verbatim across applications.
// The memo is not safe for concurrent use.
func phoneMemo() func(raw, country string) string {
	phones := map[[2]string]string{}
	return func(raw, country string) string {
		key := [2]string{raw, country}
		if v, ok := phones[key]; ok {
			return v
		}
		v := normPhone(raw, country)
		phones[key] = v
		return v
	}
}

// listParts are one worker's key lists, for a consecutive range of
// applications.
type listParts struct{ profiles, refPhones, refEmails KeyLists }

// applicationKeys normalises application i's identifiers into g.Keys, and
// its lists into lp, whose records must end just before i.
func (g *Graph) applicationKeys(i int, normPhone func(raw, country string) string, lp *listParts) {
	k, a := &g.Keys, &g.DS.Applications[i]
	k.AppIP[i] = normIP(a.SubmitIP)
	if k.AppIP[i] != "" && g.opts.SharedIP != nil && g.opts.SharedIP(k.AppIP[i]) {
		k.AppIP[i] = ""
	}
	k.AppName[i] = normName(a.FirstName, a.LastName)
	for _, u := range []string{a.LinkedInURL, a.GitHubURL} {
		if p := normProfile(u); p != "" {
			lp.profiles.add(p)
		}
	}
	lp.profiles.close()
	k.AppEmail[i] = normEmail(a.Email)
	k.AppPhone[i] = normPhone(a.Phone, a.Address.Country)
	k.AppAddress[i], k.AppBuild[i] = normAddress(a.Address)
	for _, r := range a.References {
		if p := normPhone(r.Phone, a.Address.Country); p != "" {
			lp.refPhones.add(p)
		}
		if e := normEmail(r.Email); e != "" {
			lp.refEmails.add(e)
		}
	}
	lp.refPhones.close()
	lp.refEmails.close()
}

// mergeApplications joins applications that are one person: the same ATS
// candidate id, the same canonical email, or the same phone under the same
// name (a repeat applicant for whom the ATS made a second candidate record
// and who used another email). A shared phone under different names is a
// link, never a merge. A shared profile URL is never a merge either, even
// under the same name: operators apply under real people's stolen names and
// profiles, and merging the impostor into the real person would hide them.
// An application a staffing agency sent in gives the agency's switchboard,
// so there the same phone and name may be two namesakes: those merge on
// phone and name only when they also give the same home.
func (g *Graph) mergeApplications() {
	apps := g.DS.Applications
	uf := newUnionFind(len(apps))
	reasons := map[int][]string{}
	byCand := map[string]int{}
	byEmail := map[string]int{}
	byPhoneName := map[string]int{}
	for i, a := range apps {
		if k, what := phoneNameKey(g, i); k != "" {
			if j, ok := byPhoneName[k]; ok {
				if uf.union(i, j) {
					reasons[i] = append(reasons[i], a.ID+" and "+apps[j].ID+" have the same "+what)
				}
			} else {
				byPhoneName[k] = i
			}
		}
		if c := strings.TrimSpace(a.CandidateID); c != "" {
			if j, ok := byCand[c]; ok {
				if uf.union(i, j) {
					reasons[i] = append(reasons[i], a.ID+" and "+apps[j].ID+" have the same candidate id "+c)
				}
			} else {
				byCand[c] = i
			}
		}
		if e := g.Keys.AppEmail[i]; e != "" {
			if j, ok := byEmail[e]; ok {
				if uf.union(i, j) {
					reasons[i] = append(reasons[i], a.ID+" and "+apps[j].ID+" have the same email "+e)
				}
			} else {
				byEmail[e] = i
			}
		}
	}
	root := map[int]int{}
	g.AppSubject = make([]int, len(apps))
	for i := range apps {
		r := uf.find(i)
		si, ok := root[r]
		if !ok {
			si = len(g.Subjects)
			root[r] = si
			g.Subjects = append(g.Subjects, &Subject{})
		}
		s := g.Subjects[si]
		s.Apps = append(s.Apps, i)
		if len(reasons[i]) > 0 {
			r := g.records(si)
			r.mergeReasons = append(r.mergeReasons, reasons[i]...)
		}
		g.AppSubject[i] = si
	}
}

// phoneNameKey is what application i merges on besides candidate id and
// email: its phone and name, and behind an agency switchboard (where the
// same phone and name may be two namesakes) its home as well. It says in
// words what the key holds; "" when the application lacks a part.
func phoneNameKey(g *Graph, i int) (key, what string) {
	p, n := g.Keys.AppPhone[i], g.Keys.AppName[i]
	if p == "" || n == "" {
		return "", ""
	}
	if !ViaAgency(g.DS.Applications[i].Source) {
		return p + "|" + n, "phone and name"
	}
	if home := g.Keys.AppAddress[i]; home != "" {
		return p + "|" + n + "|" + home, "phone, name and home"
	}
	return "", ""
}

// attachEmployees joins each employee to the subject of their application
// (by application id, then candidate id), or makes them a subject of their own.
func (g *Graph) attachEmployees() {
	ds := g.DS
	appByID := make(map[string]int, len(ds.Applications))
	candSubject := map[string]int{}
	for i, a := range ds.Applications {
		appByID[a.ID] = i
		if a.CandidateID != "" {
			candSubject[a.CandidateID] = g.AppSubject[i]
		}
	}
	g.EmpSubject = make([]int, len(ds.Employees))
	for i, e := range ds.Employees {
		si := -1
		if j, ok := appByID[e.ApplicationID]; ok && e.ApplicationID != "" {
			si = g.AppSubject[j]
		} else if s, ok := candSubject[e.CandidateID]; ok && e.CandidateID != "" {
			si = s
		}
		if si < 0 {
			si = len(g.Subjects)
			g.Subjects = append(g.Subjects, &Subject{})
		}
		r := g.records(si)
		if len(r.employees) > 0 {
			r.mergeReasons = append(r.mergeReasons,
				"employee records "+ds.Employees[r.employees[0]].ID+" and "+e.ID+" join the same application")
		}
		r.employees = append(r.employees, i)
		g.EmpSubject[i] = si
	}
}

// rehireGrace is how far two employment periods of one person may overlap
// when HR opens the new record before closing the old one (a contractor
// converted to an employee on the first of the month).
const rehireGrace = 31 * 24 * time.Hour

// mergeOneIdentity joins employee records that are one person under HR's
// own identifiers: the same SSN and the same date of birth (keyed hashes)
// and
//
//   - the same name as people write it (name.SamePerson: order, joined or
//     hyphenated given names, romanisations, middle names): a rehire, or a
//     contractor made an employee, under a new employee id; or
//   - the same given name under another family name, employed one after
//     the other (the later record starts no more than rehireGrace before
//     the earlier one ends): someone who married and came back under their
//     new name.
//
// An SSN under two unrelated names, or one identity employed twice at once
// under two family names, is the stolen identity identity.ssn_shared
// exists for: never a merge. A date of birth alone merges nothing.
func (g *Graph) mergeOneIdentity() {
	ds := g.DS
	groups := map[string][]int{}
	var keys []string
	for i, e := range ds.Employees {
		if e.SSNHash == "" || e.DOBHash == "" {
			continue
		}
		k := e.SSNHash + "|" + e.DOBHash
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	uf := newUnionFind(len(g.Subjects))
	reasons := map[int][]string{}
	merged := false
	for _, k := range keys { // in roster order: deterministic
		emps := groups[k]
		if len(emps) < 2 || len(emps) > MaxSharers {
			continue
		}
		sort.SliceStable(emps, func(a, b int) bool { return ds.Employees[emps[a]].HireDate.Before(ds.Employees[emps[b]].HireDate) })
		for x, a := range emps {
			for _, b := range emps[x+1:] {
				why := oneIdentity(ds.Employees[a], ds.Employees[b])
				if why == "" || !uf.union(g.EmpSubject[a], g.EmpSubject[b]) {
					continue
				}
				merged = true
				reasons[g.EmpSubject[b]] = append(reasons[g.EmpSubject[b]],
					"employee records "+ds.Employees[a].ID+" and "+ds.Employees[b].ID+" have the same SSN and date of birth, "+why)
			}
		}
	}
	if !merged {
		return
	}
	// Fold every subject into its set's root, then drop the emptied ones.
	for si := range g.Subjects {
		r := uf.find(si)
		if len(reasons[si]) > 0 {
			rec := g.records(r)
			rec.mergeReasons = append(rec.mergeReasons, reasons[si]...)
		}
		if r == si {
			continue
		}
		from, to := g.Subjects[si], g.Subjects[r]
		to.Apps = append(to.Apps, from.Apps...)
		if from.Records != nil {
			rec := g.records(r)
			rec.employees = append(rec.employees, from.employees...)
			rec.mergeReasons = append(rec.mergeReasons, from.mergeReasons...)
		}
		g.Subjects[si] = nil
	}
	newIndex := make([]int, len(g.Subjects))
	kept := g.Subjects[:0]
	for si, s := range g.Subjects {
		if s != nil {
			newIndex[si] = len(kept)
			kept = append(kept, s)
		}
	}
	for si := range newIndex {
		newIndex[si] = newIndex[uf.find(si)]
	}
	g.Subjects = kept
	for i := range g.AppSubject {
		g.AppSubject[i] = newIndex[g.AppSubject[i]]
	}
	for i := range g.EmpSubject {
		g.EmpSubject[i] = newIndex[g.EmpSubject[i]]
	}
	for _, s := range g.Subjects {
		sort.Ints(s.Apps)
		if s.Records != nil {
			sort.Ints(s.employees)
		}
	}
}

// oneIdentity says why two employee records with one SSN and birth date,
// earlier first, are one person, or "" when they may not be.
func oneIdentity(a, b mosaic.Employee) string {
	na, nb := name.Normalize(a.FirstName, a.LastName), name.Normalize(b.FirstName, b.LastName)
	if name.SamePerson(na, nb) {
		return "and the same name (a rehire or a contractor converted)"
	}
	if !name.SameGiven(na, nb) || a.HireDate.IsZero() || b.HireDate.IsZero() || a.TerminationDate.IsZero() {
		return ""
	}
	if b.HireDate.Before(a.TerminationDate.Add(-rehireGrace)) {
		return ""
	}
	return "one after the other, under a new family name (a name change)"
}

// attachRest hangs sign-ins, devices, shipments, payroll, notes and
// attachments on the subjects built so far.
func (g *Graph) attachRest() {
	ds := g.DS
	empByID := map[string]int{}
	empByEmail := map[string]int{}
	for i, e := range ds.Employees {
		empByID[e.ID] = g.EmpSubject[i]
		if k := g.Keys.EmpEmail[i]; k != "" {
			empByEmail[k] = g.EmpSubject[i]
		}
	}
	appByID := map[string]int{}
	appByFile := map[string]int{}
	for i, a := range ds.Applications {
		appByID[a.ID] = i
		if a.ResumeFile != "" {
			appByFile[cleanPath(a.ResumeFile)] = i
		}
		if a.PhotoFile != "" {
			appByFile[cleanPath(a.PhotoFile)] = i
		}
	}
	host := map[string]int{}
	for i, s := range ds.Shipments {
		si, ok := empByID[s.EmployeeID]
		if !ok {
			g.Unattached[mosaic.KindShipments]++
			continue
		}
		r := g.records(si)
		r.shipments = append(r.shipments, i)
		if h := hostKey(s.Hostname); h != "" {
			host["h:"+h] = si
		}
		if sn := serialKey(s.SerialNumber); sn != "" {
			host["s:"+sn] = si
		}
	}
	for i, p := range ds.Payroll {
		if si, ok := empByID[p.EmployeeID]; ok {
			r := g.records(si)
			r.payroll = append(r.payroll, i)
		} else {
			g.Unattached[mosaic.KindPayroll]++
		}
	}
	for i, n := range ds.Notes {
		var si int
		var ok bool
		if strings.EqualFold(n.SubjectType, "employee") {
			si, ok = empByID[n.SubjectID]
		} else if ai, found := appByID[n.SubjectID]; found {
			si, ok = g.AppSubject[ai], true
		}
		if ok {
			r := g.records(si)
			r.notes = append(r.notes, i)
		} else {
			g.Unattached[mosaic.KindNotes]++
		}
	}
	for i := 0; i < ds.SignIns.Len(); i++ {
		if si, ok := empByEmail[ds.SignIns.Actor(i)]; ok {
			r := g.records(si)
			r.signIns = append(r.signIns, i)
		} else {
			g.Unattached[mosaic.KindOkta]++
		}
	}
	for i, h := range ds.HostRows {
		si, ok := host["s:"+serialKey(h.Serial)]
		if !ok || serialKey(h.Serial) == "" {
			si, ok = host["h:"+hostKey(h.Hostname)]
		}
		if !ok {
			si, ok = host["h:"+hostKey(h.HostIdentifier)]
		}
		if ok {
			r := g.records(si)
			r.hostRows = append(r.hostRows, i)
		} else {
			g.Unattached[mosaic.KindOsquery]++
		}
	}
	g.ResumeApp = make([]int, len(ds.Resumes))
	for i, r := range ds.Resumes {
		g.ResumeApp[i] = -1
		if ai, ok := attachmentApp(r.Path, r.ApplicationID, appByFile, appByID); ok {
			g.ResumeApp[i] = ai
			rec := g.records(g.AppSubject[ai])
			rec.resumes = append(rec.resumes, i)
		} else {
			g.Unattached[mosaic.KindResume]++
		}
	}
	g.PhotoApp = make([]int, len(ds.Photos))
	for i, p := range ds.Photos {
		g.PhotoApp[i] = -1
		if ai, ok := attachmentApp(p.Path, p.ApplicationID, appByFile, appByID); ok {
			g.PhotoApp[i] = ai
			si := g.AppSubject[ai]
			r := g.records(si)
			r.photos = append(r.photos, i)
		} else {
			g.Unattached[mosaic.KindPhoto]++
		}
	}
}

// attachmentApp finds an attachment's application by the path the
// application names, then by the file name stem (A0000001.txt).
func attachmentApp(p, stem string, byFile, byID map[string]int) (int, bool) {
	if ai, ok := byFile[cleanPath(p)]; ok {
		return ai, true
	}
	ai, ok := byID[stem]
	return ai, ok
}

func cleanPath(p string) string {
	return strings.ToLower(path.Clean(strings.ReplaceAll(strings.TrimSpace(p), "\\", "/")))
}

func hostKey(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.IndexByte(h, '.'); i > 0 {
		h = h[:i]
	}
	return h
}

func serialKey(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch s {
	case "", "0", "NONE", "N/A", "DEFAULT STRING", "TO BE FILLED BY O.E.M.", "SYSTEM SERIAL NUMBER":
		return ""
	}
	return s
}

// finish gives each subject its stable key, name and candidate ids, and
// sorts subjects by key so output order never depends on input order.
func (g *Graph) finish() {
	ds := g.DS
	for _, s := range g.Subjects {
		var ids []string
		for _, i := range s.Apps {
			ids = append(ids, ds.Applications[i].ID)
		}
		sort.Strings(ids)
		var emps []string
		for _, i := range s.Employees() {
			emps = append(emps, ds.Employees[i].ID)
		}
		sort.Strings(emps)
		switch {
		case len(ids) > 0:
			s.Key = "S-" + ids[0]
		case len(emps) > 0:
			s.Key = "S-" + emps[0]
		}
		cands := map[string]bool{}
		for _, i := range s.Apps {
			if c := ds.Applications[i].CandidateID; c != "" {
				cands[c] = true
			}
		}
		for _, i := range s.Employees() {
			if c := ds.Employees[i].CandidateID; c != "" {
				cands[c] = true
			}
		}
		s.CandidateIDs = sortedKeys(cands)
		s.Name = displayName(ds, s)
	}
	order := make([]int, len(g.Subjects))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return g.Subjects[order[a]].Key < g.Subjects[order[b]].Key })
	newIndex := make([]int, len(order))
	subjects := make([]*Subject, len(order))
	for n, old := range order {
		newIndex[old] = n
		subjects[n] = g.Subjects[old]
	}
	g.Subjects = subjects
	for i := range g.AppSubject {
		g.AppSubject[i] = newIndex[g.AppSubject[i]]
	}
	g.empIndex = make(map[string]int, len(g.EmpSubject))
	for i := range g.EmpSubject {
		g.EmpSubject[i] = newIndex[g.EmpSubject[i]]
		g.empIndex[ds.Employees[i].ID] = g.EmpSubject[i]
	}
}

// displayName prefers the HR roster's name, then the latest application's.
func displayName(ds *dataset.Dataset, s *Subject) string {
	for _, i := range s.Employees() {
		e := ds.Employees[i]
		if n := strings.TrimSpace(e.FirstName + " " + e.LastName); n != "" {
			return n
		}
	}
	best := -1
	for _, i := range s.Apps {
		if best < 0 || ds.Applications[i].SubmittedAt.After(ds.Applications[best].SubmittedAt) {
			best = i
		}
	}
	if best >= 0 {
		a := ds.Applications[best]
		return strings.TrimSpace(a.FirstName + " " + a.LastName)
	}
	return ""
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// IDs returns the application, candidate and employee ids of a subject, sorted.
func (g *Graph) IDs(s *Subject) (apps, cands, emps []string) {
	for _, i := range s.Apps {
		apps = append(apps, g.DS.Applications[i].ID)
	}
	for _, i := range s.Employees() {
		emps = append(emps, g.DS.Employees[i].ID)
	}
	sort.Strings(apps)
	sort.Strings(emps)
	return apps, append([]string(nil), s.CandidateIDs...), emps
}
