// Package mosaic holds the domain types of mosaic: the records read from a
// company's exports, the subjects (people) they are linked into, the signals
// detections raise and the report that explains them. It imports nothing of
// ours, so every adapter (readers, stores, renderers) can depend on it.
package mosaic

import "time"

// Origin points at the input row behind a record, so every signal can cite
// its evidence. Line is 1-based and counts physical lines (the header of a CSV
// file is line 1). EventID is set for log sources (Okta uuid, osquery row).
type Origin struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	EventID string `json:"event_id,omitempty"`
}

// Record is anything a reader produces from one input row.
type Record interface {
	RecordOrigin() Origin
	RecordKind() Kind
}

// Kind names a source of records, as the report's input section names files.
type Kind string

const (
	KindJobs         Kind = "jobs"
	KindApplications Kind = "applications"
	KindEmployees    Kind = "employees"
	KindShipments    Kind = "shipments"
	KindPayroll      Kind = "payroll"
	KindNotes        Kind = "notes"
	KindOkta         Kind = "okta"
	KindOsquery      Kind = "osquery"
	KindResume       Kind = "resume"
	KindPhoto        Kind = "photo"

	// Identity-provider logs besides Okta's. Their events are SignIns too:
	// SignIn.RecordKind names the sign-ins table, not the source, and a
	// file's kind (FileStats.Kind) says which source it was.
	KindEntra           Kind = "entra"
	KindGoogleWorkspace Kind = "google_workspace"
	KindECS             Kind = "ecs"

	// Endpoint inventories besides osquery's: MDM and EDR exports of
	// installed software and plug-and-play devices. Their rows are
	// HostRows too, so HostRow.RecordKind names the host-rows table and a
	// file's kind says which product it came from.
	KindDefender    Kind = "defender"
	KindJamf        Kind = "jamf"
	KindCrowdStrike Kind = "crowdstrike"
	KindKandji      Kind = "kandji"
)

// Address is a postal address as typed. Normalised forms live in the linker.
type Address struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

// IsZero reports whether no part of the address was given.
func (a Address) IsZero() bool { return a == Address{} }

// Job is one posting from jobs.csv.
type Job struct {
	ID       string
	Title    string
	PostedAt time.Time
	Remote   bool
	Location string
	Origin   Origin
}

// Reference is a referee named on an application.
type Reference struct {
	Name  string
	Email string
	Phone string
}

// Application is one row of the ATS export (applications.csv).
type Application struct {
	ID          string
	CandidateID string
	JobID       string
	SubmittedAt time.Time
	FirstName   string
	LastName    string
	Email       string
	Phone       string
	Address     Address
	LinkedInURL string
	GitHubURL   string
	Source      string
	ResumeFile  string
	PhotoFile   string
	References  []Reference
	SubmitIP    string
	UserAgent   string
	Origin      Origin
}

// Employee is one row of the HR roster (employees.csv). Sensitive columns
// arrive here only as keyed hashes (see Hasher); the plain values never leave
// the reader.
type Employee struct {
	ID              string
	CandidateID     string
	ApplicationID   string
	FirstName       string
	LastName        string
	WorkEmail       string
	PersonalEmail   string
	Phone           string
	Address         Address
	Timezone        string // IANA name, the declared working time zone
	HireDate        time.Time
	TerminationDate time.Time
	EmploymentType  string
	Vendor          string
	Title           string
	SSNHash         string
	DOBHash         string
	Origin          Origin
}

// Shipment is one laptop shipment (shipments.csv).
type Shipment struct {
	ID                       string
	EmployeeID               string
	AssetTag                 string
	SerialNumber             string
	Hostname                 string
	RequestedAt              time.Time
	ShippedAt                time.Time
	DeliveredAt              time.Time
	ShipToName               string
	ShipTo                   Address
	AddressChangeRequestedAt time.Time // zero when the address was never changed
	AddressChangeReason      string
	Origin                   Origin
}

// PayrollEvent is one payroll change (payroll.csv). Bank and wallet
// identifiers are keyed hashes.
type PayrollEvent struct {
	ID              string
	EmployeeID      string
	OccurredAt      time.Time
	Kind            string // direct_deposit_change, payment_method_change, payment
	BankName        string
	BankCountry     string
	RoutingHash     string
	AccountHash     string
	AccountHolder   string
	PaymentProvider string
	WalletHash      string
	Amount          string
	Currency        string
	Origin          Origin
}

// Note is one recruiter, interviewer, manager, IT or security observation.
type Note struct {
	ID          string
	SubjectType string // application or employee
	SubjectID   string
	OccurredAt  time.Time
	AuthorRole  string
	Kind        string
	Outcome     string // pass, fail, concern, none
	Text        string
	Origin      Origin
}

// Tristate is a boolean a log may leave out (null).
type Tristate int8

const (
	Unknown Tristate = iota
	False
	True
)

// SignIn is one identity-provider event (Okta System Log LogEvent), reduced
// to the fields mosaic uses. Okta's own enrichment (geo, AS, isProxy) is kept
// as a hint; mosaic enriches IPs itself as well.
type SignIn struct {
	ID                string // Okta uuid
	Published         time.Time
	EventType         string
	Actor             string // actor.alternateId, lower-cased
	ActorName         string
	IP                string
	UserAgent         string
	City              string
	Region            string
	Country           string // as Okta gives it (a country name)
	Lat, Lon          float64
	HasGeo            bool
	ASNumber          int
	ASOrg             string
	ISP               string
	IsProxy           Tristate
	Outcome           string // SUCCESS, FAILURE, ...
	DeviceFingerprint string
	SessionID         string
	// Target is what an identity event (not a sign-in) is about besides its
	// actor, prefixed by its type: "tel:+14155550142" (a phone registered
	// or verified as a factor, E.164), "tel-id:<id>" (a factor phone whose
	// number is masked: the provider's id for it), "device:<id>" (a device
	// added to the actor), "user:<login>" (the user an administrator reset).
	// Empty for sign-ins. Only kept in memory for now: the store does not
	// save it yet.
	Target string
	Origin Origin
}

// HostRow is one osquery result row: a differential row, or one row of a
// snapshot (a snapshot of n rows gives n HostRows). The MDM and EDR readers
// (defender, jamf, crowdstrike, kandji) put their inventories in the same shape,
// with the columns osquery's programs and usb_devices tables would have.
type HostRow struct {
	Query          string // recognised query: programs, usb_devices, keyboard_layouts, time_zone, processes, listening_ports, or "" when unknown
	Name           string // the query name as logged, e.g. pack_mosaic_programs
	HostIdentifier string
	Hostname       string
	Serial         string
	Username       string
	Time           time.Time
	Action         string // added, removed, snapshot
	Columns        map[string]string
	Origin         Origin
}

// Resume is the text of a resume attachment.
type Resume struct {
	ApplicationID string
	Path          string
	Text          string
	Origin        Origin
}

// Photo is an application photo attachment. Its pixels are read once, by
// the reader, into a perceptual fingerprint whose form belongs to the
// package that computes and compares it (photohash); the domain keeps it
// opaque.
type Photo struct {
	ApplicationID string
	Path          string
	Fingerprint   any
	Origin        Origin
}

func (r Job) RecordOrigin() Origin          { return r.Origin }
func (r Application) RecordOrigin() Origin  { return r.Origin }
func (r Employee) RecordOrigin() Origin     { return r.Origin }
func (r Shipment) RecordOrigin() Origin     { return r.Origin }
func (r PayrollEvent) RecordOrigin() Origin { return r.Origin }
func (r Note) RecordOrigin() Origin         { return r.Origin }
func (r SignIn) RecordOrigin() Origin       { return r.Origin }
func (r HostRow) RecordOrigin() Origin      { return r.Origin }
func (r Resume) RecordOrigin() Origin       { return r.Origin }
func (r Photo) RecordOrigin() Origin        { return r.Origin }

func (Job) RecordKind() Kind          { return KindJobs }
func (Application) RecordKind() Kind  { return KindApplications }
func (Employee) RecordKind() Kind     { return KindEmployees }
func (Shipment) RecordKind() Kind     { return KindShipments }
func (PayrollEvent) RecordKind() Kind { return KindPayroll }
func (Note) RecordKind() Kind         { return KindNotes }
func (SignIn) RecordKind() Kind       { return KindOkta }
func (HostRow) RecordKind() Kind      { return KindOsquery }
func (Resume) RecordKind() Kind       { return KindResume }
func (Photo) RecordKind() Kind        { return KindPhoto }
