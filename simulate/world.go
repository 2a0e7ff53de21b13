package simulate

// address is a postal address as a person types it.
type address struct {
	line1, line2, city, region, postal, country string
}

type reference struct{ name, email, phone string }

// person is one human (or one ring persona) behind applications and
// possibly an employee record. Fields are what they type on forms.
type person struct {
	idx      int
	ring     int // index into world.rings, -1 for honest people
	tags     tagSet
	first    string
	last     string
	email    string
	email2   string // a second address some people apply with
	phone    string
	home     address
	city     *city
	agency   int // 1 + index into staffingAgencies, 0 when direct
	dob      string
	ssn      string
	linkedin string
	github   string
	refs     *[2]reference // shared ring references; nil means the person's own, drawn when written
	homeIP   uint32
	homeNet  int
	ua       int // index into userAgents
	resume   resumeKind
	school   int   // 1 + index into world.schools for a school cohort's graduate, 0 otherwise
	apps     []int // indices into world.apps, in submission order
	cands    []int // candidate numbers
	employee int   // index into world.employees, -1 when never hired
	hireApp  int   // application the hire came through, -1
	origin   int   // index into nameOrigins in a mixed company, -1 otherwise
}

// application is one ATS row; most fields derive from its person.
type application struct {
	person    int
	candidate int
	job       int
	submitted int64 // unix seconds
	ip        uint32
	ua        int
	source    string
	altEmail  bool // typed a variant of the person's email (repeat applicants)
	photo     bool
	png       bool
	resume    bool
	id        string // assigned after sorting by time
}

type job struct {
	id     string
	title  string
	posted int64
	remote bool
	where  string
}

// employee is one roster row plus the state that drives its logs.
type employee struct {
	idx       int
	id        string
	person    int
	workEmail string
	username  string
	home      address
	tz        string
	tzKey     string // what the device reports
	hire      int64
	term      int64 // 0 when still employed
	empType   string
	vendor    string
	title     string
	hostname  string
	serial    string
	assetTag  string
	oktaID    string
	deviceFP  string
	mobileFP  string
	ua        int
	mobileUA  int
	delivered int64
	// first and last, when set, are the name this record carries instead
	// of the person's: the maiden name on the roster row of an earlier
	// employment.
	first, last string
	// former marks the roster row of an earlier employment
	// (formerEmps): no laptop, sign-ins or pay of its own.
	former bool

	// Sign-in behaviour.
	localOffset int     // declared zone's UTC offset, hours
	workOffset  int     // offset whose business hours the person really keeps
	startHour   float64 // local hour the working day starts
	corpShare   float64 // share of sign-ins through the corporate gateway
	mobileShare float64
	vpnShare    float64 // share through a VPN (consumer VPN or ring exits)
	vpnIPs      []uint32
	vpnNets     []int
	signinIP    uint32 // where the laptop really is (home, or a laptop farm)
	signinNet   int
	signinCity  *city
	trips       []trip
	nightOwl    bool
}

// trip is a short stay abroad.
type trip struct {
	from, to int // day indices, inclusive
	city     *city
	ip       uint32
}

type shipment struct {
	employee           int
	requested, shipped int64
	delivered          int64
	shipToName         string
	to                 address
	changeAt           int64
	changeReason       string
}

type payrollEvent struct {
	employee int
	at       int64
	kind     string
	bank     string
	country  string
	routing  string
	account  string
	holder   string
	provider string
	wallet   string
	amount   string
	currency string
}

// note is about an application (app >= 0) or an employee (emp >= 0); ids
// are resolved at write time, after they are final.
type note struct {
	app, emp int
	at       int64
	author   string
	kind     string
	outcome  string
	text     string
}

const day = int64(24 * 3600)
