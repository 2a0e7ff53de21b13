// Package simulate generates whole synthetic companies: job postings, the
// applicant tracking export, HR roster, laptop shipments, payroll, notes,
// Okta sign-ins and osquery endpoint logs, with rings of fraudulent remote
// workers (modelled on the public record of North Korean IT-worker schemes)
// hidden among honest people and honest coincidences. It writes a bundle in
// the contract format plus truth.csv and truth_rings.csv for evaluation.
//
// Output is a pure function of the Config: the same seed and config give
// byte-identical files. Large outputs stream to disk; only compact
// per-person state is held in memory.
package simulate

import (
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// ConfounderRates are the rates of honest coincidences that look like fraud
// signals. Applicant-level rates are fractions of honest applicants;
// employee-level rates are fractions of honest employees.
type ConfounderRates struct {
	Repeat          float64 // the ATS made two candidate ids for one person
	Household       float64 // people sharing an address (and sometimes a landline)
	Building        float64 // neighbours in one big apartment building
	Namesake        float64 // two unrelated people with the same name
	Agency          float64 // staffing-agency contractors giving the agency's phone
	Bootcamp        float64 // resumes from one bootcamp template
	AbroadDeclared  float64 // contractors abroad who say so
	CameraOffBenign float64 // an interview that looked bad and resolved
	// FormerTeam is the share of honest applicants who left one employer
	// together and name their old manager as a referee (teams of 2-6);
	// PopularReferee the share who name one well-known professor or
	// bootcamp mentor, whom 8-20 applicants each name.
	FormerTeam     float64
	PopularReferee float64
	// SchoolCohort is the share of honest applicants who graduated from
	// one program of one university in one year (cohorts of 5-20): their
	// resumes share the degree, coursework and capstone lines.
	SchoolCohort float64

	// Rehire, ContractorConverted, Couple and NameChange are shares of
	// honest employees (see confounders.go): an earlier roster row under
	// another employee id with the same SSN, birth date and home; a couple
	// who both work here, at one home, paid into one joint account (or an
	// employee paid into an account held jointly with a spouse who does not
	// work here); an earlier roster row under a maiden name.
	Rehire              float64
	ContractorConverted float64
	Couple              float64
	NameChange          float64

	ITStaff            float64 // remote-access tools installed for the job
	Traveler           float64 // short trips with sign-ins from abroad
	ConsumerVPN        float64 // occasional consumer VPN use
	NightOwl           float64 // works late in the evening
	RealMove           float64 // moved before the laptop shipped
	PayoneerContractor float64 // paid through Payoneer or Wise, legitimately
	BilingualKeyboard  float64 // a second keyboard layout
}

// DefaultConfounders are rates in line with a mid-size US tech company.
func DefaultConfounders() ConfounderRates {
	return ConfounderRates{
		Repeat: 0.025, Household: 0.035, Building: 0.005, Namesake: 0.01, Agency: 0.012,
		Bootcamp: 0.015, AbroadDeclared: 0.008, CameraOffBenign: 0.02,
		FormerTeam: 0.03, PopularReferee: 0.01, SchoolCohort: 0.02,
		Rehire: 0.03, ContractorConverted: 0.025, Couple: 0.04, NameChange: 0.025,
		ITStaff: 0.06, Traveler: 0.07, ConsumerVPN: 0.06, NightOwl: 0.07, RealMove: 0.15,
		PayoneerContractor: 0.05, BilingualKeyboard: 0.08,
	}
}

// Config says what company to generate.
type Config struct {
	Seed                  int64
	Applicants            int // honest applicant persons (each 1-6 applications)
	Employees             int // roster size (existing honest staff plus hires)
	Rings                 int
	RingSizeMin           int
	RingSizeMax           int
	Techniques            []string // subset to draw from (empty = all); each ring draws a different subset
	Days                  int      // length of the sign-in window
	SignInsPerEmployeeDay float64
	Photos                bool    // write photo files (off for huge sizes)
	ResumeRate            float64 // fraction of honest applications with a resume file (ring and bootcamp resumes are always written)
	Confounders           ConfounderRates
	Company               string // company name / email domain stem, varied by seed when empty
	// NameMix, when set, draws every name from these origins at these
	// shares, surnames at their real frequencies, and has each system write
	// names as such systems do (a bank's "WANG Wei", a courier's capitals,
	// "Minjun" in the ATS for "Min-jun" in HR). truth_names.csv then gives
	// each person's origin, for auditing; nothing else records it. Nil
	// keeps the default name cultures, with one spelling everywhere.
	NameMix []NameShare
	// Textures, when set, draws some backdrops on real surfaces: ring
	// cloths, honest people's textured walls and photo studios shared by
	// strangers (see backdrops.go; truth_backdrops.csv labels each photo).
	// Nil keeps synthetic patterns and plain walls.
	Textures *Textures
}

// Preset returns the config of a named size: tiny (~300 people), small
// (~700, the demo), medium (40k applications, 2k employees, 350k sign-ins),
// large (300k applications), huge (1M applications, 50k employees, 20M
// sign-ins).
func Preset(size string) (Config, error) {
	c := Config{Seed: 1, RingSizeMin: 8, RingSizeMax: 13, Photos: true, ResumeRate: 1, Confounders: DefaultConfounders()}
	switch strings.ToLower(strings.TrimSpace(size)) {
	case "tiny":
		c.Applicants, c.Employees, c.Rings, c.RingSizeMin, c.RingSizeMax = 230, 70, 2, 6, 9
		c.Days, c.SignInsPerEmployeeDay = 21, 2.5
	case "small", "demo":
		c.Applicants, c.Employees, c.Rings = 540, 140, 3
		c.Days, c.SignInsPerEmployeeDay = 45, 2.5
	case "medium":
		c.Applicants, c.Employees, c.Rings, c.RingSizeMax = 17000, 2000, 12, 16
		c.Days, c.SignInsPerEmployeeDay = 60, 3.0
	case "large":
		c.Applicants, c.Employees, c.Rings, c.RingSizeMax = 128000, 10000, 40, 18
		c.Days, c.SignInsPerEmployeeDay = 90, 3.5
		c.Photos, c.ResumeRate = false, 0.25
	case "huge":
		c.Applicants, c.Employees, c.Rings, c.RingSizeMax = 430000, 50000, 120, 20
		c.Days, c.SignInsPerEmployeeDay = 100, 4.2
		c.Photos, c.ResumeRate = false, 0.05
	default:
		return Config{}, mosaic.Errorf(mosaic.EINVALID, "unknown size %q: use tiny, small, medium, large or huge", size)
	}
	return c, nil
}

// Progress is told how far each stage has gone. It may be nil.
type Progress func(stage string, done, total int64)

// Result says what was written.
type Result struct {
	Dir    string
	Counts map[string]int64 // rows (or files) written, by file
	People int              // persons in truth.csv
	Fraud  int              // fraud persons
	Rings  int
}

func (c *Config) validate() error {
	switch {
	case c.Applicants < 0 || c.Employees < 0 || c.Rings < 0 || c.Days < 0:
		return mosaic.Errorf(mosaic.EINVALID, "sizes must not be negative")
	case c.Rings > 0 && (c.RingSizeMin < 1 || c.RingSizeMax < c.RingSizeMin):
		return mosaic.Errorf(mosaic.EINVALID, "ring size range %d-%d is empty", c.RingSizeMin, c.RingSizeMax)
	case c.Applicants > 20_000_000 || c.Employees > 5_000_000 || c.Rings > 100_000 || c.RingSizeMax > 10_000 || c.Days > 3660:
		return mosaic.Errorf(mosaic.EINVALID, "sizes are beyond what the simulator supports")
	case c.SignInsPerEmployeeDay < 0 || c.SignInsPerEmployeeDay > 500:
		return mosaic.Errorf(mosaic.EINVALID, "sign-ins per employee-day must be between 0 and 500")
	}
	total := 0.0
	for _, s := range c.NameMix {
		if originIndex(s.Origin) < 0 || s.Share < 0 {
			return mosaic.Errorf(mosaic.EINVALID, "name mix: unknown origin %q or negative share (known: %s)", s.Origin, strings.Join(NameOrigins, ", "))
		}
		total += s.Share
	}
	if c.NameMix != nil && total <= 0 {
		return mosaic.Errorf(mosaic.EINVALID, "name mix: the shares add up to nothing")
	}
	for _, t := range c.Techniques {
		if techniqueIndex(t) == noTag {
			return mosaic.Errorf(mosaic.EINVALID, "unknown technique %q (known: %s)", t, strings.Join(allTechniques(), ", "))
		}
	}
	return nil
}
