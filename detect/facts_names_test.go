package detect

import (
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// payrollIndex finds a payroll row by id.
func payrollIndex(t *testing.T, f *Facts, id string) int {
	t.Helper()
	for i, p := range f.g.DS.Payroll {
		if p.ID == id {
			return i
		}
	}
	t.Fatalf("no payroll row %s", id)
	return -1
}

func deposit(id, emp, holder, account string) mosaic.PayrollEvent {
	return mosaic.PayrollEvent{ID: id, EmployeeID: emp, Kind: "direct_deposit_change", OccurredAt: t0.Add(24 * time.Hour),
		BankName: "Chase", AccountHash: account, AccountHolder: holder, Origin: mosaic.Origin{File: "payroll.csv", Line: 2}}
}

// Banks and couriers write names their own way: "WANG Wei" is Wei Wang,
// "PARK MIN JUN" is Min-jun Park, "Nguyễn Văn Minh" is Minh Nguyen.
func TestHolderAndAddresseeAsSystemsWriteNames(t *testing.T) {
	e1 := employee("E1", "", "Wei", "Wang", "Engineer")
	e2 := employee("E2", "", "Min-jun", "Park", "Engineer")
	e2.WorkEmail = "minjun@corp.example"
	e3 := employee("E3", "", "Minh", "Nguyen", "Engineer")
	e3.WorkEmail = "minh@corp.example"
	s2 := shipment("E2", e2.Address, time.Time{})
	s2.ShipToName = "PARK MINJUN"
	f := facts(t, e1, e2, e3, s2,
		deposit("P1", "E1", "WANG Wei", "a1"), deposit("P2", "E2", "PAK MIN JUN", "a2"),
		deposit("P3", "E3", "Nguyễn Văn Minh", "a3"), deposit("P4", "E1", "Northwind Holdings", "a4"))
	for _, id := range []string{"P1", "P2", "P3"} {
		i := payrollIndex(t, f, id)
		si, _ := f.g.SubjectOfEmployee(f.g.DS.Payroll[i].EmployeeID)
		if !f.payrollVars(i, si)["holder_matches_employee"].(bool) {
			t.Errorf("%s: %q read as someone else", id, f.g.DS.Payroll[i].AccountHolder)
		}
	}
	i := payrollIndex(t, f, "P4")
	si, _ := f.g.SubjectOfEmployee("E1")
	if f.payrollVars(i, si)["holder_matches_employee"].(bool) {
		t.Error("a company named as holder matched the employee")
	}
	si2, _ := f.g.SubjectOfEmployee("E2")
	if !f.shipmentVars(0, si2)["ship_to_name_matches"].(bool) {
		t.Error("PARK MINJUN is not Min-jun Park")
	}
}

// A couple at one home, both employees, paid into one joint account held
// by "A & B": neither is paid into someone else's account, and the account
// is not shared with another person. The same account held by both names
// for two people at two homes still counts.
func TestCouplesJointAccount(t *testing.T) {
	a := employee("E1", "", "Ann", "Lee", "Engineer")
	b := employee("E2", "", "Wei", "Wang", "Engineer")
	b.WorkEmail = "wei@corp.example"
	c := employee("E3", "", "Kevin", "Ray", "Engineer")
	c.WorkEmail = "kevin@corp.example"
	c.Address.Line1 = "9 Far Rd"
	d := employee("E4", "", "Jo", "Fox", "Engineer")
	d.WorkEmail = "jo@corp.example"
	d.Address.Line1 = "7 Other Ave"
	f := facts(t, a, b, c, d,
		deposit("P1", "E1", "Ann Lee & Wei Wang", "joint"), deposit("P2", "E2", "WANG WEI / LEE ANN", "joint"),
		deposit("P3", "E3", "Kevin Ray & Jo Fox", "shared"), deposit("P4", "E4", "Kevin Ray & Jo Fox", "shared"))
	for _, c := range []struct {
		id     string
		shared int64
	}{{"P1", 0}, {"P2", 0}, {"P3", 1}, {"P4", 1}} {
		i := payrollIndex(t, f, c.id)
		si, _ := f.g.SubjectOfEmployee(f.g.DS.Payroll[i].EmployeeID)
		v := f.payrollVars(i, si)
		if v["account_shared_with"].(int64) != c.shared || !v["holder_matches_employee"].(bool) {
			t.Errorf("%s: shared with %v, holder matches %v", c.id, v["account_shared_with"], v["holder_matches_employee"])
		}
	}
}

// A rehire under a married name: one subject (same SSN and birth date), one
// account, held under either name; a contractor converted to an employee
// keeps the account. Neither is an account shared with someone else.
func TestRehireAndNameChangeKeepTheirAccount(t *testing.T) {
	old := employee("E1", "", "Jessica", "Brown", "Engineer")
	old.SSNHash, old.DOBHash = "s1", "d1"
	old.HireDate, old.TerminationDate = t0.Add(-900*24*time.Hour), t0.Add(-300*24*time.Hour)
	cur := employee("E2", "", "Jessica", "Okafor", "Engineer")
	cur.WorkEmail = "jessica.okafor@corp.example"
	cur.SSNHash, cur.DOBHash = "s1", "d1"
	cur.HireDate = t0.Add(-30 * 24 * time.Hour)
	f := facts(t, old, cur, deposit("P1", "E1", "Jessica Brown", "acct"), deposit("P2", "E2", "Jessica Brown", "acct"))
	si, _ := f.g.SubjectOfEmployee("E2")
	if f.ssnShared[si] != 0 {
		t.Errorf("SSN shared with %d", f.ssnShared[si])
	}
	for _, id := range []string{"P1", "P2"} {
		i := payrollIndex(t, f, id)
		v := f.payrollVars(i, si)
		if v["account_shared_with"].(int64) != 0 || !v["holder_matches_employee"].(bool) {
			t.Errorf("%s: shared with %v, holder matches %v", id, v["account_shared_with"], v["holder_matches_employee"])
		}
	}
}

// A couple who moved: HR has the new address for one of them only, but
// her application holds the home they shared. Their joint account is still
// theirs. Two strangers whose records never meet at one home still share
// an account.
func TestCoupleWhoMovedKeepsTheirJointAccount(t *testing.T) {
	applied := app("A1", "C1", "Ann", "Lee", "(602) 555-0101", "1 Home St")
	a := employee("E1", "A1", "Ann", "Lee", "Engineer")
	a.Address.Line1 = "55 New Rd" // the roster was updated after the move
	b := employee("E2", "", "Wei", "Wang", "Engineer")
	b.WorkEmail = "wei@corp.example"
	f := facts(t, applied, a, b,
		deposit("P1", "E1", "ANN LEE AND WEI WANG", "joint"), deposit("P2", "E2", "ANN LEE AND WEI WANG", "joint"))
	for _, id := range []string{"P1", "P2"} {
		i := payrollIndex(t, f, id)
		si, _ := f.g.SubjectOfEmployee(f.g.DS.Payroll[i].EmployeeID)
		if v := f.payrollVars(i, si); v["account_shared_with"].(int64) != 0 {
			t.Errorf("%s: a couple's joint account shared with %v", id, v["account_shared_with"])
		}
	}
}
