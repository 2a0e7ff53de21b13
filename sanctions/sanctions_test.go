package sanctions

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/secret"
)

var testNow = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func testHasher(t testing.TB) *secret.Hasher {
	h, err := secret.NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func entry(t *testing.T, ls *Lists, list, id string) Entry {
	t.Helper()
	for _, e := range ls.Entries() {
		if e.List == list && e.ID == id {
			return e
		}
	}
	t.Fatalf("no %s %s", list, id)
	return Entry{}
}

func TestReadOFACCSV(t *testing.T) {
	ls, err := ReadDir("testdata/ofac_csv", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Lists) != 1 || ls.Lists[0].Name != ListSDN || len(ls.Lists[0].Entries) != 5 {
		t.Fatalf("lists = %+v", ls.Lists)
	}
	if got := ls.Lists[0].Files; !slices.Equal(got, []string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}) {
		t.Errorf("files = %v", got)
	}
	e := entry(t, ls, ListSDN, "90001")
	// The alias cut off in sdn.csv continues in sdn_comments.csv.
	for _, want := range []string{"KIM, Chol Su", "KIM CHOL-SU", "Chol Su KIM", "KIM, Cheol Soo"} {
		if !slices.Contains(e.Names, want) {
			t.Errorf("names %q lack %q", e.Names, want)
		}
	}
	if !slices.Equal(e.Emails, []string{"kcs.dev@example-mail.test", "kimcs@frontco.test"}) || !slices.Equal(e.Websites, []string{"www.frontco-it.test"}) {
		t.Errorf("emails %v websites %v", e.Emails, e.Websites)
	}
	if len(e.Wallets) != 1 || e.Wallets[0] != (Wallet{Currency: "XBT", Address: "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"}) {
		t.Errorf("wallets %v", e.Wallets)
	}
	if !slices.Equal(e.DOBs, []string{"1990-03-14"}) || len(e.Documents) != 1 || e.Documents[0].Number != "836410115" {
		t.Errorf("dobs %v documents %v", e.DOBs, e.Documents)
	}
	if !slices.Equal(e.Nationalities, []string{"Korea, North"}) || len(e.Addresses) != 1 || e.Addresses[0].City != "Pyongyang" {
		t.Errorf("nationalities %v addresses %v", e.Nationalities, e.Addresses)
	}
	if p := entry(t, ls, ListSDN, "90002"); !slices.Equal(p.Programs, []string{"DPRK3", "CYBER2"}) || len(p.Phones) != 1 {
		t.Errorf("programs %v phones %v", p.Programs, p.Phones)
	}
	if n := entry(t, ls, ListSDN, "90004"); !slices.Equal(n.DOBs, []string{"1971"}) {
		t.Errorf("circa year: %v", n.DOBs)
	}
}

func TestReadXML(t *testing.T) {
	ls, err := ReadDir("testdata/xml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Lists) != 2 {
		t.Fatalf("lists = %d", len(ls.Lists))
	}
	sdn := ls.Lists[0]
	if sdn.Name != ListSDN || sdn.Dated != "list" || !sdn.Published.Equal(time.Date(2025, 1, 24, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("sdn = %s %s %v", sdn.Name, sdn.Dated, sdn.Published)
	}
	e := entry(t, ls, ListSDN, "91001")
	if !slices.Equal(e.Names, []string{"Song Il RI", "Song-il LI"}) || !slices.Equal(e.Emails, []string{"rsi.freelance@example-mail.test"}) ||
		!slices.Equal(e.Websites, []string{"https://github.com/rsi-dev-9"}) || len(e.Wallets) != 1 || e.Wallets[0].Currency != "ETH" ||
		len(e.Documents) != 1 || !slices.Equal(e.DOBs, []string{"1988-06-02"}) || !slices.Equal(e.Countries, []string{"China"}) {
		t.Errorf("entry = %+v", e)
	}
	un := ls.Lists[1]
	if un.Name != ListUN || un.Published.Year() != 2026 || len(un.Entries) != 3 {
		t.Fatalf("un = %s %v %d", un.Name, un.Published, len(un.Entries))
	}
	r := entry(t, ls, ListUN, "KPi.002")
	if !slices.Equal(r.Names, []string{"RI JE-SON", "리제선", "Ri Che-son"}) || !slices.Equal(r.DOBs, []string{"1938-01-01"}) ||
		len(r.Documents) != 1 || !slices.Equal(r.Nationalities, []string{"Democratic People's Republic of Korea"}) {
		t.Errorf("un entry = %+v", r)
	}
	if k := entry(t, ls, ListUN, "KPi.099"); !slices.Equal(k.DOBs, []string{"1975"}) {
		t.Errorf("approximate year: %v", k.DOBs)
	}
}

func TestSaveLoadMerge(t *testing.T) {
	dir := t.TempDir()
	path := StorePath(filepath.Join(dir, "mosaic.db"))
	if filepath.Base(path) != "mosaic.sanctions.json" {
		t.Fatalf("path %s", path)
	}
	a, _ := ReadDir("testdata/ofac_csv", testNow)
	b, _ := ReadDir("testdata/xml", testNow)
	a.Merge(b) // the XML SDN list replaces the CSV one
	if err := Save(path, a); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Lists) != 2 || got.Lists[0].Files[0] != "SDN.XML" {
		t.Fatalf("lists %+v", got.Lists)
	}
	if _, err := Load(filepath.Join(dir, "none.json")); err == nil {
		t.Fatal("want an error for a missing file")
	}
}

func fixtureIndex(t *testing.T) *Index {
	t.Helper()
	a, err := ReadDir("testdata/ofac_csv", testNow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadDir("testdata/xml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	b.Lists = append(b.Lists[1:], a.Lists...) // UN from XML, SDN from CSV, and the XML SDN entries as well
	x, _ := ReadDir("testdata/xml", testNow)
	x.Lists[0].Name = "OFAC SDN (XML)"
	for i := range x.Lists[0].Entries {
		x.Lists[0].Entries[i].List = "OFAC SDN (XML)"
	}
	b.Lists = append(b.Lists, x.Lists[0])
	return NewIndex(b, testHasher(t))
}

func TestScreenIdentifiers(t *testing.T) {
	ix := fixtureIndex(t)
	h := testHasher(t)
	cases := []struct {
		name  string
		party Party
		on    string
		entry string
	}{
		{"listed e-mail, any case", Party{Emails: []string{"KCS.Dev@Example-Mail.test"}}, "email", "90001"},
		{"mailbox at a listed website's domain", Party{Emails: []string{"hr@frontco-it.test"}}, "website", "90001"},
		{"listed front company's site", Party{Websites: []string{"https://www.silverstarchina.test/about"}}, "website", "91002"},
		{"listed GitHub page", Party{Websites: []string{"https://github.com/RSI-dev-9/"}}, "website", "91001"},
		{"listed phone written otherwise", Party{Phones: []string{"+86 133-1425-7947"}}, "phone", "90002"},
		{"listed ETH wallet, hashed as payroll hashes it", Party{WalletHash: h.Hash("wallet_address", "0x52908400098527886e0f7030069857d2e4169ee7")}, "wallet", "90002"},
		{"listed BTC wallet", Party{WalletHash: h.Hash("wallet_address", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")}, "wallet", "90001"},
		{"listed passport", Party{Documents: []string{"745 220 480"}}, "document", "91001"},
	}
	for _, c := range cases {
		ms := ix.Screen(c.party)
		if len(ms) == 0 || ms[0].Kind != KindIdentifier || ms[0].On != c.on || ms[0].EntryID != c.entry {
			t.Errorf("%s: %+v", c.name, ms)
		}
	}
	for _, p := range []Party{
		{Websites: []string{"https://github.com/someone-else"}},
		{Emails: []string{"kcs.dev@gmail.com"}},
		{WalletHash: h.Hash("wallet_address", "0x1111111111111111111111111111111111111111")},
		{Phones: []string{"+1 202 555 0143"}},
	} {
		if ms := ix.Screen(p); len(ms) > 0 {
			t.Errorf("%+v: unexpected %s", p, ms[0].Describe())
		}
	}
}

func TestScreenNames(t *testing.T) {
	ix := fixtureIndex(t)
	h := testHasher(t)
	cases := []struct {
		name, screened, entry string
		kind                  string
		party                 Party
	}{
		{"order and hyphen", "Chol-su Kim", "90001", KindNameOnly, Party{}},
		{"romanisation", "Cheol Soo Kim", "90001", KindNameOnly, Party{}},
		{"name and date of birth", "Kim Chol Su", "90001", KindNameSecond, Party{DOBHash: h.Hash("date_of_birth", "1990-03-14")}},
		{"name and date of birth, XML", "Song Il Ri", "91001", KindNameSecond, Party{DOBHash: h.Hash("date_of_birth", "1988-06-02")}},
		{"name and street address", "Kim Cholsu", "90001", KindNameSecond, Party{Address: addr("12 Rungra Street", "Pyongyang", "Korea, North")}},
		{"a city is context only", "Ri Song-il", "91001", KindNameOnly, Party{Address: addr("5 Other Road", "Shenyang", "China")}},
		{"Hangul", "리제선", "KPi.002", KindNameOnly, Party{}},
		{"Cyrillic", "Коваленко Александр Владимирович", "KPi.099", KindNameOnly, Party{}},
		{"another transliteration", "Alexandr Vladimirovitch Kovalenko", "KPi.099", KindNameOnly, Party{}},
		{"typo", "Jin Hyock Pak", "90002", KindNameOnly, Party{}},
	}
	for _, c := range cases {
		p := c.party
		p.Name = c.screened
		ms := ix.Screen(p)
		found := false
		for _, m := range ms {
			if m.EntryID == c.entry {
				found = true
				if m.Kind != c.kind {
					t.Errorf("%s: kind %s, want %s (%s)", c.name, m.Kind, c.kind, m.Describe())
				}
			}
		}
		if !found {
			t.Errorf("%s: %q not matched to %s: %v", c.name, c.screened, c.entry, ms)
		}
	}
	// A name sharing one token with a listed one is no match, nor two
	// tokens of three: short names share two tokens too often.
	for _, n := range []string{"Kim Min-jun", "Kim Su-bin", "Park Ji-hoon", "Nguyen Minh", "Tran Van Thanh", "Aerocaribbean Airlines", "Su Kim"} {
		if ms := ix.Screen(Party{Name: n}); len(ms) > 0 {
			t.Errorf("%q: unexpected %s", n, ms[0].Describe())
		}
	}
}

func TestNameScoreSymmetricEnough(t *testing.T) {
	for _, c := range [][2]string{{"Vladimir V Putin", "PUTIN, Vladimir Vladimirovich"}, {"Kim Jong-un", "KIM, Jong Un"}, {"Jongun Kim", "KIM Jong Un"},
		{"Mohamad Abdul Rahman Hassan", "HASSAN, Mohammed Abdulrahman"}} {
		s1, _ := nameScore(prepare(c[0]), prepare(c[1]))
		s2, _ := nameScore(prepare(c[1]), prepare(c[0]))
		if s1 < NameThreshold || s2 < NameThreshold {
			t.Errorf("%q ~ %q: %.3f %.3f", c[0], c[1], s1, s2)
		}
	}
}

func addr(line, city, country string) mosaic.Address {
	return mosaic.Address{Line1: line, City: city, Country: country}
}
