package csvbundle

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestNoSensitivePlaintext reads sensitive columns, good and bad, and checks
// that no plain value reaches a record, a reject or a log line.
func TestNoSensitivePlaintext(t *testing.T) {
	employees := "employee_id,first_name,ssn,date_of_birth,hire_date\n" +
		"E1,Ann,784-88-6210,1990-03-14,2021-09-16\n" +
		"E2,Bob,356808166,1973-06-02,not a date\n" + // rejected for hire_date
		"E3,Cy,555-44-333,31/12/1985,2021-09-16\n" + // short SSN kept; bad DOB rejected
		"E4,Di,\"667-12-3456\",,2021-09-16,extra\n" + // wrong field count
		"E5,Ed,111-22-\xff333,1970-01-01,2021-09-16\n" // invalid UTF-8 in the SSN
	payroll := "event_id,employee_id,routing_number,account_number,wallet_address\n" +
		"P1,E1,021000021,9876543210,0xAbCdEf0123456789aBcDeF0123456789AbCdEf01\n" +
		"P2,E1,021000089,GB82 WEST 1234 5698 7654 32,bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\n"
	secrets := []string{
		"784-88-6210", "784886210", "1990-03-14", "356808166", "1973-06-02", "555-44-333", "55544333",
		"31/12/1985", "667-12-3456", "667123456", "111-22-", "1970-01-01",
		"021000021", "9876543210", "AbCdEf0123456789", "abcdef0123456789", "021000089",
		"GB82 WEST", "GB82WEST12345698765432", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
	}

	log, logs := newTestLogger()
	x := New(&fakeHasher{}, nil, log)
	var dump strings.Builder
	for _, f := range []struct {
		kind    mosaic.Kind
		name    string
		content string
	}{
		{mosaic.KindEmployees, "employees.csv", employees},
		{mosaic.KindPayroll, "payroll.csv", payroll},
	} {
		emit, err := extractFile(t, x, f.kind, writeFile(t, f.name, f.content))
		if err != nil {
			t.Fatal(err)
		}
		if f.kind == mosaic.KindEmployees && (len(emit.accepted) != 1 || len(emit.rejects) != 4) {
			t.Errorf("employees: %d accepted, %d rejected; want 1 and 4", len(emit.accepted), len(emit.rejects))
		}
		for _, r := range emit.accepted {
			dump.WriteString(strings.ReplaceAll(fmtRecord(r), "\n", " "))
		}
		for _, r := range emit.rejects {
			dump.WriteString(r.Column + " " + r.Reason + "\n")
		}
	}
	dump.WriteString(logs.String())
	for _, s := range secrets {
		if strings.Contains(dump.String(), s) {
			t.Errorf("plain value %q leaked:\n%s", s, dump.String())
		}
	}
}

func fmtRecord(r mosaic.Record) string { return fmt.Sprintf("%+v\n", r) }

func TestSensitiveValuesLinkAfterNormalising(t *testing.T) {
	h := &fakeHasher{}
	x := New(h, nil, nil)
	emit, err := extractFile(t, x, mosaic.KindEmployees, writeFile(t, "employees.csv",
		"employee_id,ssn,date_of_birth\n"+
			"E1,523-45-6789,1990-03-14\n"+
			"E2, 523 45 6789 ,1990-03-14T00:00:00Z\n"+
			"E3,000-00-0000,\n"))
	if err != nil || len(emit.rejects) != 0 {
		t.Fatalf("%v %+v", err, emit.rejects)
	}
	e1, e2, e3 := emit.accepted[0].(mosaic.Employee), emit.accepted[1].(mosaic.Employee), emit.accepted[2].(mosaic.Employee)
	if e1.SSNHash == "" || e1.SSNHash != e2.SSNHash || e1.DOBHash != e2.DOBHash {
		t.Errorf("equal values hash differently: %+v %+v", e1, e2)
	}
	if e3.SSNHash != "" || e3.DOBHash != "" {
		t.Errorf("placeholder or empty values hashed: %+v", e3)
	}

	emit, err = extractFile(t, x, mosaic.KindPayroll, writeFile(t, "payroll.csv",
		"event_id,employee_id,routing_number,account_number,wallet_address\n"+
			"P1,E1,021-000-021,gb29 nwbk 6016 1331 9268 19,0xABCDEF0123456789ABCDEF0123456789ABCDEF01\n"+
			"P2,E2,021000021,GB29NWBK60161331926819,0xabcdef0123456789abcdef0123456789abcdef01\n"))
	if err != nil || len(emit.rejects) != 0 {
		t.Fatalf("%v %+v", err, emit.rejects)
	}
	p1, p2 := emit.accepted[0].(mosaic.PayrollEvent), emit.accepted[1].(mosaic.PayrollEvent)
	if p1.RoutingHash != p2.RoutingHash || p1.AccountHash != p2.AccountHash || p1.WalletHash != p2.WalletHash {
		t.Errorf("equal values hash differently: %+v %+v", p1, p2)
	}
	if h.input(p1.AccountHash) != "account_number=GB29NWBK60161331926819" {
		t.Errorf("account hashed as %q", h.input(p1.AccountHash))
	}
}
