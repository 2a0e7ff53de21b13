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

// payrollFacts counts shared accounts and repeated changes.
func (f *Facts) payrollFacts() {
	g := f.g
	ds := g.DS
	f.accountShared = make([]int, len(ds.Payroll))
	f.changes90d = make([]int, len(ds.Payroll))
	owners := map[string]map[string]bool{}
	for _, p := range ds.Payroll {
		for _, h := range []string{p.AccountHash, p.WalletHash} {
			if h == "" {
				continue
			}
			if owners[h] == nil {
				owners[h] = map[string]bool{}
			}
			owners[h][p.EmployeeID] = true
		}
	}
	byEmp := map[string][]int{}
	for i, p := range ds.Payroll {
		n := 0
		for _, h := range []string{p.AccountHash, p.WalletHash} {
			if h != "" {
				n = max(n, len(owners[h])-1)
			}
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
// person's, allowing nicknames, order ("Lee, Ann"), middle names and "c/o".
func sameName(free, first, last string) bool {
	free = strings.TrimSpace(free)
	if free == "" {
		return false
	}
	if i := strings.Index(strings.ToLower(free), "c/o"); i >= 0 {
		free = free[:i]
	}
	want := name.Normalize(first, last)
	var got name.Name
	if strings.Contains(free, ",") {
		parts := strings.SplitN(free, ",", 2)
		got = name.Normalize(strings.TrimSpace(parts[1]), strings.TrimSpace(parts[0]))
	} else {
		fields := strings.Fields(free)
		if len(fields) == 0 {
			return false
		}
		got = name.Normalize(strings.Join(fields[:len(fields)-1], " "), fields[len(fields)-1])
	}
	if got.Key == want.Key {
		return true
	}
	// Middle names and initials: the same family name and first given name.
	gf, wf := strings.Fields(got.First), strings.Fields(want.First)
	return got.Last == want.Last && len(gf) > 0 && len(wf) > 0 && (gf[0] == wf[0] || strings.HasPrefix(gf[0], wf[0]) || strings.HasPrefix(wf[0], gf[0]))
}
