package link

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
)

// This file generates a synthetic but identifier-realistic dataset for the
// scale benchmark and the scale correctness test. Every number, mailbox,
// candidate id and profile is unique unless a scenario shares it on purpose,
// so whatever links the linker finds beyond the planted ones is its own doing.

// world is a generated dataset with the ground truth of who is who.
type world struct {
	ds *dataset.Dataset
	// persons holds, per real person, the indices of their applications:
	// all of them must end up in one subject, and no two persons in one.
	persons [][]int
	// Groups of person indices by scenario.
	rings, households, agencies, buildings, namesakes [][]int
}

// Scenario weights per draw; each draw makes a single person or a group.
// Rings are rare (about 1% of people), as fraud is.
const (
	pRing      = 0.001  // 5-15 personas sharing 1-3 phones
	pAgency    = 0.0005 // 30-60 contractors behind one switchboard
	pBuilding  = 0.0002 // 50-300 residents at one street address
	pNamesake  = 0.005  // 2-5 strangers with one common name
	pHousehold = 0.05   // 2-4 people sharing a home and a landline
	pHired     = 0.05   // share of ordinary people with an employee record
)

type genPlace struct{ city, state, stateName, zip string }

var (
	genFirst = []string{"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
		"William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
		"Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Donald", "Ashley",
		"Steven", "Kimberly", "Andrew", "Emily", "Joshua", "Donna", "Kevin", "Michelle", "Brian", "Carol",
		"Wei", "Mei", "Hiroshi", "Yuki", "Min-jun", "Seo-yeon", "Arjun", "Priya", "Rahul", "Ananya",
		"Mohammed", "Fatima", "Omar", "Aisha", "Luis", "Sofia", "Carlos", "Valentina", "Jose", "Camila",
		"Olga", "Ivan", "Dmitri", "Anna", "Kwame", "Ama", "Chinedu", "Ngozi", "Tran", "Linh",
		"Eun-ji", "Ji-ho", "Mateo", "Lucia", "Noah", "Olivia", "Liam", "Emma", "Ethan", "Ava",
		"Lucas", "Mia", "Logan", "Harper", "Elijah", "Evelyn", "Aiden", "Abigail", "Jackson", "Ella",
		"Grace", "Henry", "Chloe", "Owen", "Zoe", "Caleb", "Nora", "Isaac", "Lily", "Levi"}
	genLast = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
		"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
		"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
		"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
		"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
		"Kim", "Park", "Choi", "Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang",
		"Patel", "Shah", "Singh", "Kumar", "Gupta", "Sharma", "Tanaka", "Suzuki", "Sato", "Watanabe",
		"Ivanov", "Petrov", "Novak", "Kowalski", "Okafor", "Mensah", "Haddad", "Khan", "Ali", "Hassan",
		"Garcia Lopez", "O'Brien", "McDonald", "Van der Berg", "De la Cruz", "St. John", "Murphy", "Kelly", "Sullivan", "Walsh",
		"Fischer", "Weber", "Schneider", "Rossi", "Russo", "Ferrari", "Silva", "Santos", "Oliveira", "Costa",
		"Bailey", "Cooper", "Reed", "Cook", "Morgan", "Bell", "Ward", "Brooks", "Price", "Bennett",
		"Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins", "Perry", "Powell", "Long", "Patterson",
		"Hughes", "Butler", "Simmons", "Foster", "Gonzales", "Bryant", "Alexander", "Russell", "Griffin", "Diaz",
		"Hayes", "Myers", "Ford", "Hamilton", "Graham", "Sullivan-Hayes", "Wallace", "Woods", "Cole", "West"}
	// genStreets are street names with the suffix spelled out; genStreet
	// abbreviates it at random, as people do.
	genStreets = []string{"Oak Street", "Maple Avenue", "Cedar Lane", "Pine Road", "Elm Street", "Washington Boulevard",
		"Lake View Drive", "Park Avenue", "Sunset Boulevard", "North Main Street", "South Hill Road", "East 5th Street",
		"West Madison Street", "Highland Avenue", "Forest Drive", "Ridge Road", "Church Street", "Mill Road",
		"Spring Street", "Walnut Drive", "Chestnut Street", "Willow Lane", "River Road", "Meadow Court",
		"Jefferson Avenue", "Lincoln Avenue", "Franklin Street", "Jackson Street", "Madison Avenue", "Adams Street",
		"Broadway", "Market Street", "Mission Street", "Valencia Street", "Harbor Drive", "Bay Street",
		"Canyon Road", "Desert Willow Drive", "Magnolia Boulevard", "Peachtree Street", "Ponce de Leon Avenue",
		"Colfax Avenue", "Congress Avenue", "Guadalupe Street", "Lamar Boulevard", "Burnet Road", "Airport Boulevard",
		"Northeast Alberta Street", "Southwest Broadway", "Fremont Avenue North", "Aurora Avenue North"}
	genPlaces = []genPlace{
		{"San Francisco", "CA", "California", "94110"}, {"Oakland", "CA", "California", "94607"},
		{"Los Angeles", "CA", "California", "90026"}, {"San Diego", "CA", "California", "92101"},
		{"San Jose", "CA", "California", "95112"}, {"Seattle", "WA", "Washington", "98103"},
		{"Portland", "OR", "Oregon", "97205"}, {"Austin", "TX", "Texas", "78701"},
		{"Dallas", "TX", "Texas", "75238"}, {"Houston", "TX", "Texas", "77002"},
		{"Phoenix", "AZ", "Arizona", "85004"}, {"Denver", "CO", "Colorado", "80203"},
		{"Chicago", "IL", "Illinois", "60614"}, {"New York", "NY", "New York", "10027"},
		{"Brooklyn", "NY", "New York", "11215"}, {"Boston", "MA", "Massachusetts", "02139"},
		{"Atlanta", "GA", "Georgia", "30308"}, {"Miami", "FL", "Florida", "33130"},
		{"Nashville", "TN", "Tennessee", "37203"}, {"Minneapolis", "MN", "Minnesota", "55401"},
		{"Columbus", "OH", "Ohio", "43215"}, {"Raleigh", "NC", "North Carolina", "27601"},
		{"Salt Lake City", "UT", "Utah", "84101"}, {"Las Vegas", "NV", "Nevada", "89101"},
		{"St. Louis", "MO", "Missouri", "63101"}, {"Saint Paul", "MN", "Minnesota", "55102"},
		{"Philadelphia", "PA", "Pennsylvania", "19103"}, {"Pittsburgh", "PA", "Pennsylvania", "15213"},
		{"Detroit", "MI", "Michigan", "48226"}, {"Madison", "WI", "Wisconsin", "53703"},
	}
	genAreaCodes = []string{"415", "510", "213", "619", "408", "206", "503", "512", "214", "713",
		"602", "303", "312", "212", "718", "617", "404", "305", "615", "612",
		"614", "919", "801", "702", "314", "215", "412", "313", "608", "720"}
	genSuffixShort = map[string][]string{
		"Street": {"St", "St.", "ST"}, "Avenue": {"Ave", "Ave.", "Av"}, "Lane": {"Ln"}, "Road": {"Rd", "Rd."},
		"Boulevard": {"Blvd", "Blvd."}, "Drive": {"Dr", "Dr."}, "Court": {"Ct"},
	}
	genDirShort = map[string]string{"North": "N", "South": "S", "East": "E", "West": "W",
		"Northeast": "NE", "Southwest": "SW"}
	genMailDomains = []string{"gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.com",
		"outlook.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me", "aol.com",
		"fastmail.com", "comcast.net", "devmail.io", "hey.com"}
	genAgencies = []string{"Apex Talent", "Blue Harbor Staffing", "Crestline IT", "Delta Workforce", "Evergreen Consulting",
		"Summit Contractors", "Northstar Tech Staffing", "Pioneer Resources"}
)

// addrSpec is an address before it is typed, so each application can type
// the same home differently.
type addrSpec struct {
	house  int
	street string
	unit   string // "" for a house; "4B", "1203" otherwise
	place  genPlace
}

type genPerson struct {
	first, last string
	local       string // mailbox local part as first typed ("Jane.Doe123")
	domain      string
	phone       int // phone id; see phoneDigits
	home        addrSpec
	linkedIn    string
	vendor      string
	refs        []mosaic.Reference
	hireRate    float64
	ring        *genRing
	apps        []int
}

type genRing struct {
	phones  []int
	farm    addrSpec
	referee mosaic.Reference
	account []string // shared payroll account hashes
}

type worldGen struct {
	rng   *rand.Rand
	w     *world
	apps  []mosaic.Application
	emps  []mosaic.Employee
	ships []mosaic.Shipment
	pay   []mosaic.PayrollEvent
	// counters that make identifiers unique
	phones, mailboxes, cands, profiles, accounts int
	// a referee waiting for a second colleague to name them
	pendingReferee *mosaic.Reference
}

// generateWorld makes at least n applications, deterministically from seed.
func generateWorld(n int, seed uint64) *world {
	g := &worldGen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), w: &world{}}
	g.apps = make([]mosaic.Application, 0, n+400)
	for len(g.apps) < n {
		x := g.rng.Float64()
		switch {
		case x < pRing:
			g.ring()
		case x < pRing+pAgency:
			g.agency()
		case x < pRing+pAgency+pBuilding:
			g.building()
		case x < pRing+pAgency+pBuilding+pNamesake:
			g.namesake()
		case x < pRing+pAgency+pBuilding+pNamesake+pHousehold:
			g.household()
		default:
			g.single(g.newPerson(g.pickFirst(), g.pickLast()), g.appCount())
		}
	}
	ds := dataset.New()
	ds.Applications, ds.Employees, ds.Shipments, ds.Payroll = g.apps, g.emps, g.ships, g.pay
	g.w.ds = ds
	return g.w
}

func (g *worldGen) pickFirst() string { return genFirst[g.rng.IntN(len(genFirst))] }
func (g *worldGen) pickLast() string  { return genLast[g.rng.IntN(len(genLast))] }

// appCount: most people apply once, some two or three times.
func (g *worldGen) appCount() int {
	switch x := g.rng.Float64(); {
	case x < 0.70:
		return 1
	case x < 0.92:
		return 2
	}
	return 3
}

func (g *worldGen) newPhone() int { g.phones++; return g.phones }

func (g *worldGen) newHome() addrSpec {
	a := addrSpec{house: 1 + g.rng.IntN(9899), street: genStreets[g.rng.IntN(len(genStreets))],
		place: genPlaces[g.rng.IntN(len(genPlaces))]}
	if g.rng.IntN(3) == 0 {
		a.unit = fmt.Sprintf("%d%c", 1+g.rng.IntN(40), 'A'+rune(g.rng.IntN(6)))
	}
	return a
}

func (g *worldGen) newPerson(first, last string) *genPerson {
	g.mailboxes++
	p := &genPerson{first: first, last: last, phone: g.newPhone(), home: g.newHome(), hireRate: pHired,
		domain: genMailDomains[g.rng.IntN(len(genMailDomains))]}
	lf, ll := asciiHandle(first), asciiHandle(last)
	switch g.rng.IntN(3) {
	case 0:
		p.local = fmt.Sprintf("%s.%s%d", lf, ll, g.mailboxes)
	case 1:
		p.local = fmt.Sprintf("%s%s%d", strings.ToLower(lf[:1]), strings.ToLower(ll), g.mailboxes)
	default:
		p.local = fmt.Sprintf("%s_%d", strings.ToLower(lf), g.mailboxes)
	}
	if g.rng.IntN(5) < 2 {
		g.profiles++
		p.linkedIn = fmt.Sprintf("https://www.linkedin.com/in/%s-%s-%x", strings.ToLower(lf), strings.ToLower(ll), g.profiles)
	}
	for range g.rng.IntN(3) {
		p.refs = append(p.refs, g.referee())
	}
	return p
}

// referee is a new reference, or now and then one a colleague already
// named (a former manager of two people): at most two sharers, which the
// linker shows but does not cluster on.
func (g *worldGen) referee() mosaic.Reference {
	if g.pendingReferee != nil && g.rng.IntN(10) == 0 {
		r := *g.pendingReferee
		g.pendingReferee = nil
		return r
	}
	g.mailboxes++
	r := mosaic.Reference{Name: g.pickFirst() + " " + g.pickLast(),
		Email: fmt.Sprintf("ref%d@%s", g.mailboxes, genMailDomains[g.rng.IntN(len(genMailDomains))]),
		Phone: g.typePhone(g.newPhone())}
	g.pendingReferee = &r
	return r
}

// emit writes a person's applications (and maybe their hire). Later
// applications are the same person coming back: the ATS may keep the
// candidate, or make a new one that only the email, or the phone and name,
// tie to the old.
func (g *worldGen) emit(p *genPerson, count int) {
	cand := g.newCand()
	email := g.typeEmail(p.local, p.domain)
	phone := p.phone
	for k := range count {
		if k > 0 {
			switch x := g.rng.Float64(); {
			case x < 0.55: // same candidate, retyped contact details
				email = g.typeEmail(p.local, p.domain)
			case x < 0.80: // new candidate, same mailbox, maybe a new phone
				cand = g.newCand()
				email = g.typeEmail(p.local, p.domain)
				if g.rng.IntN(3) == 0 && p.ring == nil {
					phone = g.newPhone()
				}
			default: // new candidate and mailbox; same phone and name
				cand = g.newCand()
				g.mailboxes++
				email = g.typeEmail(fmt.Sprintf("%s.%d", asciiHandle(p.first), g.mailboxes), "yahoo.com")
				phone = p.phone
			}
		}
		g.addApp(p, cand, email, phone, p.home)
	}
	if g.rng.Float64() < p.hireRate {
		g.hire(p, cand)
	}
}

func (g *worldGen) newCand() string { g.cands++; return fmt.Sprintf("C%07d", g.cands) }

func (g *worldGen) addApp(p *genPerson, cand, email string, phone int, home addrSpec) {
	i := len(g.apps)
	a := mosaic.Application{
		ID: fmt.Sprintf("A%07d", i+1), CandidateID: cand, JobID: fmt.Sprintf("J%03d", 1+g.rng.IntN(300)),
		SubmittedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.rng.IntN(500*24)) * time.Hour),
		FirstName:   g.typeName(p.first), LastName: g.typeName(p.last),
		Email: email, Phone: g.typePhone(phone), Address: g.typeAddress(home),
		LinkedInURL: p.linkedIn, References: p.refs, Source: "linkedin",
		ResumeFile: fmt.Sprintf("attachments/resumes/A%07d.txt", i+1),
		Origin:     mosaic.Origin{File: "applications.csv", Line: i + 2},
	}
	g.apps = append(g.apps, a)
	p.apps = append(p.apps, i)
}

// finishPerson records a person in the ground truth and returns its index.
func (g *worldGen) finishPerson(p *genPerson) int {
	g.w.persons = append(g.w.persons, p.apps)
	return len(g.w.persons) - 1
}

func (g *worldGen) single(p *genPerson, count int) int {
	g.emit(p, count)
	return g.finishPerson(p)
}

// hire adds the employee record, a laptop shipment and payroll.
func (g *worldGen) hire(p *genPerson, cand string) {
	ei := len(g.emps)
	g.accounts++
	e := mosaic.Employee{
		ID: fmt.Sprintf("E%07d", ei+1), CandidateID: cand,
		FirstName: p.first, LastName: p.last,
		WorkEmail: fmt.Sprintf("%s.%s.%d@corp.example", strings.ToLower(asciiHandle(p.first)), strings.ToLower(asciiHandle(p.last)), ei+1),
		Phone:     g.typePhone(p.phone), Address: g.typeAddress(p.home), Vendor: p.vendor,
		HireDate: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), EmploymentType: "full_time",
		SSNHash: fmt.Sprintf("ssn:%016x", g.rng.Uint64()), DOBHash: fmt.Sprintf("dob:%016x", g.rng.Uint64()),
		Origin: mosaic.Origin{File: "employees.csv", Line: ei + 2},
	}
	if g.rng.IntN(5) > 0 && len(p.apps) > 0 {
		e.ApplicationID = g.apps[p.apps[len(p.apps)-1]].ID // else only the candidate id joins them
	}
	if p.vendor != "" {
		e.EmploymentType = "contractor"
	}
	g.emps = append(g.emps, e)
	shipTo, account := p.home, fmt.Sprintf("acct:%012x", g.accounts)
	if p.ring != nil {
		if g.rng.IntN(10) < 7 {
			shipTo = p.ring.farm // the laptop farm
		}
		if g.rng.IntN(2) == 0 {
			account = p.ring.account[g.rng.IntN(len(p.ring.account))]
		}
	}
	si := len(g.ships)
	g.ships = append(g.ships, mosaic.Shipment{
		ID: fmt.Sprintf("SH%07d", si+1), EmployeeID: e.ID, AssetTag: fmt.Sprintf("AT-%07d", si+1),
		SerialNumber: fmt.Sprintf("C02%08X", g.rng.Uint32()), Hostname: fmt.Sprintf("CORP-LT-%06d", si+1),
		ShipToName: p.first + " " + p.last, ShipTo: g.typeAddress(shipTo),
		Origin: mosaic.Origin{File: "shipments.csv", Line: si + 2},
	})
	for k := range 1 + g.rng.IntN(2) {
		pi := len(g.pay)
		kind := "direct_deposit_change"
		if k > 0 {
			kind = "payment"
		}
		g.pay = append(g.pay, mosaic.PayrollEvent{
			ID: fmt.Sprintf("P%07d", pi+1), EmployeeID: e.ID, Kind: kind, BankName: "First Bank", BankCountry: "US",
			RoutingHash: "rt:021000021", AccountHash: account, AccountHolder: p.first + " " + p.last,
			Amount: "4200.00", Currency: "USD", Origin: mosaic.Origin{File: "payroll.csv", Line: pi + 2},
		})
	}
}

// distinctNames draws n names whose keys differ, so no two members of a
// group merge on a shared phone and name (a namesake pair behind one
// switchboard would: see the report).
func (g *worldGen) distinctNames(n int, last string) [][2]string {
	seen := map[string]bool{}
	var out [][2]string
	for len(out) < n {
		f, l := g.pickFirst(), last
		if l == "" {
			l = g.pickLast()
		}
		k := normName(f, l)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, [2]string{f, l})
	}
	return out
}

// ring plants 5-15 personas of one scheme sharing 1-3 phones. Personas
// that applied twice under one candidate id with two ring phones bridge
// the phones. No phone carries more than 12 personas: beyond that a phone
// link falls under ClusterStrength (0.8 * 8/13 < 0.5).
func (g *worldGen) ring() {
	size := 5 + g.rng.IntN(11)
	k := 1 + g.rng.IntN(3)
	for (k == 1 && size > 12) || (k > 1 && (size+k-1)/k+1 > 12) {
		k++
	}
	r := &genRing{farm: g.newHome()}
	r.farm.unit = ""
	for range k {
		r.phones = append(r.phones, g.newPhone())
	}
	for range 1 + g.rng.IntN(2) {
		g.accounts++
		r.account = append(r.account, fmt.Sprintf("acct:%012x", g.accounts))
	}
	g.pendingReferee = nil // the ring's referee is its own, named by no outsider
	r.referee = g.referee()
	g.pendingReferee = nil
	var members []int
	for i, nm := range g.distinctNames(size, "") {
		p := g.newPerson(nm[0], nm[1])
		p.ring, p.phone, p.hireRate = r, r.phones[i%k], 0.3
		if g.rng.IntN(2) == 0 {
			p.refs = append(p.refs, r.referee)
		}
		cand := g.newCand()
		g.addApp(p, cand, g.typeEmail(p.local, p.domain), p.phone, p.home)
		if i < k-1 { // bridge to the next ring phone
			g.addApp(p, cand, g.typeEmail(p.local, p.domain), r.phones[i+1], p.home)
		}
		if g.rng.Float64() < p.hireRate {
			g.hire(p, cand)
		}
		members = append(members, g.finishPerson(p))
	}
	g.w.rings = append(g.w.rings, members)
}

// household plants 2-4 relatives at one home giving one landline.
func (g *worldGen) household() {
	home, landline, last := g.newHome(), g.newPhone(), g.pickLast()
	var members []int
	for _, nm := range g.distinctNames(2+g.rng.IntN(3), last) {
		p := g.newPerson(nm[0], nm[1])
		p.home, p.phone = home, landline
		members = append(members, g.single(p, g.appCount()))
	}
	g.w.households = append(g.w.households, members)
}

// agency plants 30-60 contractors of one staffing vendor who all give the
// agency's switchboard number.
func (g *worldGen) agency() {
	switchboard, vendor := g.newPhone(), genAgencies[g.rng.IntN(len(genAgencies))]
	var members []int
	for _, nm := range g.distinctNames(30+g.rng.IntN(31), "") {
		p := g.newPerson(nm[0], nm[1])
		p.phone, p.vendor, p.hireRate = switchboard, vendor, 0.2
		members = append(members, g.single(p, g.appCount()))
	}
	g.w.agencies = append(g.w.agencies, members)
}

// building plants 50-300 residents of one big apartment building.
func (g *worldGen) building() {
	base := g.newHome()
	var members []int
	for range 50 + g.rng.IntN(251) {
		p := g.newPerson(g.pickFirst(), g.pickLast())
		p.home = base
		p.home.unit = fmt.Sprintf("%d%02d", 1+g.rng.IntN(30), 1+g.rng.IntN(20))
		members = append(members, g.single(p, g.appCount()))
	}
	g.w.buildings = append(g.w.buildings, members)
}

// namesake plants 2-5 strangers with one common name.
func (g *worldGen) namesake() {
	first, last := genFirst[g.rng.IntN(10)], genLast[g.rng.IntN(10)]
	var members []int
	for range 2 + g.rng.IntN(4) {
		members = append(members, g.single(g.newPerson(first, last), g.appCount()))
	}
	g.w.namesakes = append(g.w.namesakes, members)
}

// typePhone writes phone id n the way a person might.
func (g *worldGen) typePhone(n int) string {
	area := genAreaCodes[n%len(genAreaCodes)]
	rest := n / len(genAreaCodes)
	exch, line := 201+(rest/10000)%798, rest%10000
	switch g.rng.IntN(7) {
	case 0:
		return fmt.Sprintf("(%s) %03d-%04d", area, exch, line)
	case 1:
		return fmt.Sprintf("+1 %s %03d %04d", area, exch, line)
	case 2:
		return fmt.Sprintf("%s.%03d.%04d", area, exch, line)
	case 3:
		return fmt.Sprintf("%s-%03d-%04d", area, exch, line)
	case 4:
		return fmt.Sprintf("+1%s%03d%04d", area, exch, line)
	case 5:
		return fmt.Sprintf("1-%s-%03d-%04d", area, exch, line)
	}
	return fmt.Sprintf("%s%03d%04d", area, exch, line)
}

// typeEmail writes a mailbox with the variations its provider ignores.
func (g *worldGen) typeEmail(local, domain string) string {
	l, d := local, domain
	plus := domain == "gmail.com" || domain == "outlook.com" || domain == "hotmail.com" || domain == "icloud.com" ||
		domain == "proton.me" || domain == "fastmail.com"
	switch g.rng.IntN(5) {
	case 0:
		l, d = strings.ToUpper(l[:1])+l[1:], strings.ToUpper(d[:1])+d[1:]
	case 1:
		if plus {
			l += "+jobs"
		}
	case 2:
		if domain == "gmail.com" {
			l = strings.ReplaceAll(l, ".", "")
			if g.rng.IntN(2) == 0 {
				d = "googlemail.com"
			}
		}
	case 3:
		l, d = strings.ToUpper(l), strings.ToUpper(d)
	}
	if domain != "gmail.com" && (g.rng.IntN(2) == 0) {
		return strings.ToLower(local) + "@" + domain // most people type it plainly
	}
	return l + "@" + d
}

// typeName varies case now and then.
func (g *worldGen) typeName(s string) string {
	if g.rng.IntN(20) == 0 {
		return strings.ToUpper(s)
	}
	return s
}

// typeAddress writes an address with the abbreviations people vary.
func (g *worldGen) typeAddress(a addrSpec) mosaic.Address {
	words := strings.Fields(a.street)
	for i, w := range words {
		// Two-word streets ("Southwest Broadway") keep their directional:
		// normalize/address leaves it there (it cannot tell it from
		// "North Street"), so "SW Broadway" would be another building.
		if short, ok := genDirShort[w]; ok && len(words) > 2 && g.rng.IntN(2) == 0 {
			words[i] = short
		}
	}
	last := len(words) - 1
	if short, ok := genSuffixShort[words[last]]; ok && g.rng.IntN(3) > 0 {
		words[last] = short[g.rng.IntN(len(short))]
	}
	line1 := fmt.Sprintf("%d %s", a.house, strings.Join(words, " "))
	out := mosaic.Address{City: a.place.city, Region: a.place.state, PostalCode: a.place.zip, Country: "US"}
	switch g.rng.IntN(8) {
	case 0:
		out.Region = a.place.stateName
	case 1:
		out.PostalCode = fmt.Sprintf("%s-%04d", a.place.zip, 1+g.rng.IntN(9998))
	case 2:
		out.Country = ""
	case 3:
		out.Country = "USA"
	case 4:
		line1, out.City = strings.ToUpper(line1), strings.ToUpper(out.City)
	}
	if a.unit != "" {
		unit := [...]string{"Apt " + a.unit, "#" + a.unit, "Unit " + a.unit, "Apt. " + a.unit, "Apartment " + a.unit}[g.rng.IntN(5)]
		if g.rng.IntN(2) == 0 {
			out.Line2 = unit
		} else {
			line1 += ", " + unit
		}
	}
	out.Line1 = line1
	return out
}

// asciiHandle makes a mailbox-safe handle of a name part.
func asciiHandle(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}
