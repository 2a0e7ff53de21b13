package sanctions

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/scan"
)

// realDir holds the real lists (see ../shared/realdata/README.md).
const realDir = "../../shared/realdata/sanctions"

func realLists(t testing.TB) *Lists {
	t.Helper()
	if _, err := os.Stat(filepath.Join(realDir, "sdn.csv")); err != nil {
		t.Skipf("the real sanctions lists are not in %s; skipping", realDir)
	}
	ls, err := ReadDir(realDir, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func TestRealLists(t *testing.T) {
	ls := realLists(t)
	counts := map[string]int{}
	for _, l := range ls.Lists {
		counts[l.Name] = len(l.Entries)
	}
	// Counts from ../shared/realdata/README.md.
	if counts[ListSDN] != 14965 || counts[ListConsolidated] != 442 || counts[ListUN] != 1003 {
		t.Errorf("counts = %v", counts)
	}
	var wallets, emails, sites int
	for _, e := range ls.Entries() {
		wallets += len(e.Wallets)
		emails += len(e.Emails)
		sites += len(e.Websites)
	}
	if wallets < 200 || emails < 200 || sites < 500 {
		t.Errorf("identifiers: %d wallets, %d e-mails, %d websites", wallets, emails, sites)
	}
	ix := NewIndex(ls, testHasher(t))
	if ms := ix.Screen(Party{Name: "Jin Hyok Park"}); len(ms) == 0 || ms[0].EntryID != "24918" {
		t.Errorf("PARK, Jin Hyok: %v", ms)
	}
}

// person is one row of a generated bundle.
type person struct {
	first, last, dob, wallet string
	line, city, country      string
}

// writeBundle writes applications, employees and payroll for people, one
// application and one employee record each, through the CSV files a
// company exports: the test exercises the readers' hashing too.
func writeBundle(t *testing.T, people []person) string {
	dir := t.TempDir()
	var apps, emps, pay strings.Builder
	apps.WriteString("application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,phone,address_line1,city,region,postal_code,country\n")
	emps.WriteString("employee_id,candidate_id,application_id,first_name,last_name,work_email,personal_email,phone,address_line1,city,region,postal_code,country,timezone,hire_date,employment_type,title,date_of_birth\n")
	pay.WriteString("event_id,employee_id,occurred_at,kind,bank_name,bank_country,account_number,account_holder,payment_provider,wallet_address\n")
	for i, p := range people {
		id := fmt.Sprintf("%05d", i+1)
		mail := fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(p.first), strings.ToLower(p.last), i)
		phone := fmt.Sprintf("+1202555%04d", i%10000)
		fmt.Fprintf(&apps, "A%s,C%s,JOB-1,2026-01-05T10:00:00Z,%s,%s,%s,%s,%s,%s,,,%s\n", id, id, p.first, p.last, mail, phone, p.line, p.city, p.country)
		fmt.Fprintf(&emps, "E%s,C%s,A%s,%s,%s,e%s@corp.example,%s,%s,%s,%s,,,%s,America/New_York,2026-02-01,employee,Engineer,%s\n",
			id, id, id, p.first, p.last, id, mail, phone, p.line, p.city, p.country, p.dob)
		if p.wallet != "" {
			fmt.Fprintf(&pay, "P%s,E%s,2026-02-10T09:00:00Z,payment_method_change,,,,%s %s,USDT (ERC-20),%s\n", id, id, p.first, p.last, p.wallet)
		} else {
			fmt.Fprintf(&pay, "P%s,E%s,2026-02-10T09:00:00Z,direct_deposit_change,Chase,US,%09d,%s %s,,\n", id, id, 100000000+i, p.first, p.last)
		}
	}
	for name, body := range map[string]string{"applications.csv": apps.String(), "employees.csv": emps.String(), "payroll.csv": pay.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runScan scans a bundle, screening against ix when it is not nil, and
// returns each person's level and rules by employee id.
func runScan(t *testing.T, dir string, ix *Index) (map[string]mosaic.Level, map[string][]string) {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	layout := bundle.DefaultLayout()
	x := csvbundle.New(testHasher(t), csvbundle.DefaultMapping(), log)
	layout.ReadKinds(x.Kinds()...)
	cfg := scan.Config{Dir: dir, Layout: layout, Extractors: []mosaic.Extractor{x}, Log: log}
	if ix != nil {
		cfg.Screen = ix.Screenings
	}
	res, err := scan.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	levels, rules := map[string]mosaic.Level{}, map[string][]string{}
	for _, s := range res.Report.Subjects {
		levels[s.ID] = s.Level
		for _, sig := range s.Signals {
			rules[s.ID] = append(rules[s.ID], sig.RuleID)
		}
	}
	return levels, rules
}

func TestScanScreensPayrollWalletAndDOB(t *testing.T) {
	ix := fixtureIndex(t)
	people := []person{
		// Paid into a listed wallet, written in mixed case as payroll has it.
		{first: "Alex", last: "Morgan", dob: "1991-05-05", wallet: "0x52908400098527886E0F7030069857D2E4169EE7", line: "1 Main St", city: "Boston", country: "US"},
		// The listed person's name and date of birth.
		{first: "Chol-su", last: "Kim", dob: "1990-03-14", line: "2 Main St", city: "Boston", country: "US"},
		// The listed person's name alone.
		{first: "Chol Su", last: "Kim", dob: "1995-07-01", line: "3 Main St", city: "Boston", country: "US"},
		{first: "Dana", last: "Lee", dob: "1985-01-01", line: "4 Main St", city: "Boston", country: "US"},
	}
	dir := writeBundle(t, people)
	without, _ := runScan(t, dir, nil)
	with, rules := runScan(t, dir, ix)
	has := func(id, rule string) bool {
		for _, r := range rules[id] {
			if r == rule {
				return true
			}
		}
		return false
	}
	if !has("S-A00001", "sanctions.identifier_match") || with["S-A00001"].Rank() <= without["S-A00001"].Rank() {
		t.Errorf("listed wallet: %v -> %v, rules %v", without["S-A00001"], with["S-A00001"], rules["S-A00001"])
	}
	if !has("S-A00002", "sanctions.name_and_second_identifier") || with["S-A00002"].Rank() <= without["S-A00002"].Rank() {
		t.Errorf("name and date of birth: %v -> %v, rules %v", without["S-A00002"], with["S-A00002"], rules["S-A00002"])
	}
	if len(rules["S-A00003"]) > 0 || with["S-A00003"] != without["S-A00003"] {
		t.Errorf("name alone changed a level: %v -> %v, rules %v", without["S-A00003"], with["S-A00003"], rules["S-A00003"])
	}
	if with["S-A00004"] != without["S-A00004"] {
		t.Errorf("an unlisted person changed level")
	}
}

// Surname and given-name frequencies of honest people named as is common
// among Korean, Chinese and Vietnamese people (surname shares from the
// 2015 Korean census, China's 2020 household register and Vietnamese
// surveys, rounded; the given names are among the most common, including
// those that appear on the lists).
var fairnessNames = []struct {
	surnames []weighted
	given    []string
}{
	{[]weighted{{"Kim", 21.5}, {"Lee", 14.7}, {"Park", 8.4}, {"Choi", 4.7}, {"Jung", 4.3}, {"Kang", 2.3}, {"Cho", 2.1}, {"Yoon", 2.1},
		{"Jang", 2.0}, {"Lim", 1.7}, {"Han", 1.5}, {"Oh", 1.4}, {"Ri", 0.5}, {"Pak", 0.3}},
		[]string{"Min-jun", "Seo-yeon", "Ji-hoon", "Young-ho", "Sung-ho", "Jin-hyok", "Chol-su", "Song-il", "Kwang-jin", "Jong-ho", "Hye-jin", "Eun-ji", "Myong-chol", "Chol", "Il-nam"}},
	{[]weighted{{"Wang", 7.1}, {"Li", 7.9}, {"Zhang", 6.8}, {"Liu", 5.4}, {"Chen", 4.5}, {"Yang", 3.1}, {"Huang", 2.2}, {"Zhao", 2.1},
		{"Wu", 2.0}, {"Zhou", 1.9}, {"Xu", 1.6}, {"Sun", 1.5}},
		[]string{"Wei", "Jing", "Hao", "Xin", "Yang", "Jun", "Lei", "Ming", "Hui", "Tao", "Jian", "Yong", "Xiaoming", "Zhiwei", "Guoqiang"}},
	{[]weighted{{"Nguyen", 38}, {"Tran", 11}, {"Le", 9.5}, {"Pham", 7.1}, {"Hoang", 5.1}, {"Phan", 4.5}, {"Vu", 3.9}, {"Dang", 2.1}, {"Bui", 2.0}, {"Do", 1.4}},
		[]string{"Van Thanh", "Van Minh", "Thi Lan", "Van Hung", "Thi Huong", "Van Duc", "Minh Tuan", "Thi Mai", "Van Nam", "Duc Anh", "Quang Huy"}},
}

type weighted struct {
	name string
	w    float64
}

func pick(r *rand.Rand, xs []weighted) string {
	var total float64
	for _, x := range xs {
		total += x.w
	}
	v := r.Float64() * total
	for _, x := range xs {
		if v -= x.w; v < 0 {
			return x.name
		}
	}
	return xs[len(xs)-1].name
}

// TestFairnessCommonNames screens a company whose honest people carry common
// Korean, Chinese and Vietnamese names at their real frequencies, some of
// them living in Seoul, Shenyang, Beijing or Hanoi, and requires that
// screening changes no one's level: their names resemble listed names far
// more often than others do, and a name alone (or with a city or country)
// must never count.
func TestFairnessCommonNames(t *testing.T) {
	var ix *Index
	if _, err := os.Stat(filepath.Join(realDir, "sdn.csv")); err == nil {
		ix = NewIndex(realLists(t), testHasher(t))
	} else {
		t.Logf("real lists absent; screening against the fixtures")
		ix = fixtureIndex(t)
	}
	r := rand.New(rand.NewPCG(14, 9))
	abroad := []struct{ city, country string }{{"Seoul", "South Korea"}, {"Shenyang", "China"}, {"Beijing", "China"}, {"Hanoi", "Vietnam"}, {"Pyongyang", "Korea, North"}}
	var people []person
	for g, group := range fairnessNames {
		for i := 0; i < 200; i++ {
			p := person{first: group.given[r.IntN(len(group.given))], last: pick(r, group.surnames),
				dob:  fmt.Sprintf("%d-%02d-%02d", 1965+r.IntN(40), 1+r.IntN(12), 1+r.IntN(28)),
				line: fmt.Sprintf("%d Oak Street", 10+g*1000+i), city: "Seattle", country: "US"}
			if r.IntN(5) == 0 {
				a := abroad[r.IntN(len(abroad))]
				p.city, p.country = a.city, a.country
			}
			people = append(people, p)
		}
	}
	dir := writeBundle(t, people)
	without, _ := runScan(t, dir, nil)
	with, rules := runScan(t, dir, ix)
	changed := 0
	for id, lv := range without {
		if with[id] != lv {
			changed++
			t.Errorf("%s: level %s -> %s through screening (rules %v)", id, lv, with[id], rules[id])
		}
	}
	// The test means something only if names did resemble listed ones.
	g, err := scanGraph(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.ScreenGraph(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	nameOnly, scored := 0, 0
	for _, sr := range res {
		if sr.Count(KindNameOnly) > 0 {
			nameOnly++
		}
		scored += sr.Count(KindNameSecond) + sr.Count(KindIdentifier)
	}
	t.Logf("%d honest people, %d with a name-only resemblance listed for review, %d scored matches, %d levels changed", len(people), nameOnly, scored, changed)
	if nameOnly == 0 {
		t.Error("no honest name resembled a listed one: the test exercises nothing")
	}
	if scored > 0 {
		t.Errorf("%d scored matches among honest people", scored)
	}
}

func scanGraph(t *testing.T, dir string) (*link.Graph, error) {
	log := slog.New(slog.DiscardHandler)
	layout := bundle.DefaultLayout()
	x := csvbundle.New(testHasher(t), csvbundle.DefaultMapping(), log)
	layout.ReadKinds(x.Kinds()...)
	res, err := scan.Run(context.Background(), scan.Config{Dir: dir, Layout: layout, Extractors: []mosaic.Extractor{x}, Log: log})
	if err != nil {
		return nil, err
	}
	return res.Graph, nil
}
