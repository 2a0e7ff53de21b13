package detect

import (
	"regexp"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/normalize/name"
)

// shipmentFacts counts, per shipment, the employees whose laptops went to
// the same address when it is not their home on file: a laptop farm.
func (f *Facts) shipmentFacts() {
	g := f.g
	ds := g.DS
	f.employeesAtAddress = make([]int, len(ds.Shipments))
	at := map[string]map[int]bool{}
	for i, s := range ds.Shipments {
		si, ok := g.SubjectOfEmployee(s.EmployeeID)
		to := g.Keys.ShipTo[i]
		if !ok || to == "" || f.isHome(si, to) {
			continue
		}
		if at[to] == nil {
			at[to] = map[int]bool{}
		}
		at[to][si] = true
	}
	for i := range ds.Shipments {
		f.employeesAtAddress[i] = len(at[g.Keys.ShipTo[i]])
	}
}

func (f *Facts) isHome(si int, key string) bool {
	for _, e := range f.g.Subjects[si].Employees() {
		if f.g.Keys.EmpAddress[e] == key {
			return true
		}
	}
	return false
}

// knownAddress: any address the person gave HR or the ATS.
func (f *Facts) knownAddress(si int, key string) bool {
	if f.isHome(si, key) {
		return true
	}
	for _, a := range f.g.Subjects[si].Apps {
		if f.g.Keys.AppAddress[a] == key {
			return true
		}
	}
	return false
}

// payrollFacts counts shared accounts and repeated changes. An account is
// shared when it pays other *people*: one person's two employee records (a
// rehire, a contractor made an employee) are one subject and share nothing,
// and a joint account whose holder names both employees, who live at one
// home (a couple), is theirs, not a collection account.
func (f *Facts) payrollFacts() {
	g := f.g
	ds := g.DS
	f.accountShared = make([]int, len(ds.Payroll))
	f.changes90d = make([]int, len(ds.Payroll))
	owners := map[string]map[int]bool{}
	for _, p := range ds.Payroll {
		si, ok := g.SubjectOfEmployee(p.EmployeeID)
		if !ok {
			continue
		}
		for _, h := range []string{p.AccountHash, p.WalletHash} {
			if h == "" {
				continue
			}
			if owners[h] == nil {
				owners[h] = map[int]bool{}
			}
			owners[h][si] = true
		}
	}
	byEmp := map[string][]int{}
	for i, p := range ds.Payroll {
		si, ok := g.SubjectOfEmployee(p.EmployeeID)
		n := 0
		for _, h := range []string{p.AccountHash, p.WalletHash} {
			if h == "" || !ok {
				continue
			}
			others := 0
			for sj := range owners[h] {
				if sj != si && !f.jointHolders(p.AccountHolder, si, sj) {
					others++
				}
			}
			n = max(n, others)
		}
		f.accountShared[i] = n
		if p.Kind != "payment" {
			byEmp[p.EmployeeID] = append(byEmp[p.EmployeeID], i)
		}
	}
	for _, idx := range byEmp {
		for _, i := range idx {
			t := ds.Payroll[i].OccurredAt
			for _, j := range idx {
				u := ds.Payroll[j].OccurredAt
				if !u.After(t) && t.Sub(u) <= 90*24*time.Hour {
					f.changes90d[i]++
				}
			}
		}
	}
}

// jointHolders reports whether holder names both subjects and their own
// records put them at one home, on the roster or in an application: a
// couple's joint account. The home is required because a facilitator can
// open an account in several stolen names, but the personas of a ring
// claim homes of their own. Any record will do, not only the roster's
// current address: when a couple moves, HR often updates one of them
// before the other, and the application still holds the home they shared.
func (f *Facts) jointHolders(holder string, si, sj int) bool {
	if strings.TrimSpace(holder) == "" || !f.namesSubject(holder, si) || !f.namesSubject(holder, sj) {
		return false
	}
	mine := f.homesOf(si)
	for k := range f.homesOf(sj) {
		if mine[k] {
			return true
		}
	}
	return false
}

// homesOf is every home address key a subject's roster rows and
// applications give.
func (f *Facts) homesOf(si int) map[string]bool {
	out := map[string]bool{}
	s := f.g.Subjects[si]
	for _, e := range s.Employees() {
		if k := f.g.Keys.EmpAddress[e]; k != "" {
			out[k] = true
		}
	}
	for _, a := range s.Apps {
		if k := f.g.Keys.AppAddress[a]; k != "" {
			out[k] = true
		}
	}
	return out
}

// namesSubject reports whether written (an account holder, a ship-to name)
// names subject si under any name their own records give: every employee
// record (a rehire under a married name is one subject) and every
// application (the ATS may hold the name before a marriage). Names are
// compared as systems really write them (name.Names: order, joined or
// hyphenated given names, romanisations, middle names, joint holders).
func (f *Facts) namesSubject(written string, si int) bool {
	if strings.TrimSpace(written) == "" || si < 0 || si >= len(f.g.Subjects) {
		return false
	}
	s := f.g.Subjects[si]
	for _, e := range s.Employees() {
		if sameName(written, f.g.DS.Employees[e].FirstName, f.g.DS.Employees[e].LastName) {
			return true
		}
	}
	for _, a := range s.Apps {
		if sameName(written, f.g.DS.Applications[a].FirstName, f.g.DS.Applications[a].LastName) {
			return true
		}
	}
	return false
}

var (
	platformProviders = regexp.MustCompile(`(?i)\b(payoneer|wise|transferwise|paypal|revolut|skrill|deel|remote\.com|airwallex|venmo|cash ?app|zelle)\b`)
	cryptoProviders   = regexp.MustCompile(`(?i)\b(usdt|usdc|btc|bitcoin|eth|ethereum|erc-?20|trc-?20|tron|crypto|binance|coinbase|tether|wallet)\b`)
)

func providerKind(p mosaic.PayrollEvent) string {
	switch {
	case p.WalletHash != "" || cryptoProviders.MatchString(p.PaymentProvider):
		return "crypto"
	case platformProviders.MatchString(p.PaymentProvider):
		return "platform"
	case p.AccountHash != "" || p.RoutingHash != "" || p.BankName != "" || strings.EqualFold(p.PaymentProvider, "ach"):
		return "bank"
	}
	return ""
}

// sameName compares a free-text name (ship-to name, account holder) with a
// person's: the person's name must be contained in it, written any way real
// systems write it (see name.Names).
func sameName(free, first, last string) bool {
	return name.Names(free, first, last)
}
