package rules

import (
	"slices"

	"github.com/mosaic-sec/mosaic"
)

// Scopes: what one evaluation of a rule is about.
const (
	ScopeApplication = "application"
	ScopeNote        = "note"
	ScopeShipment    = "shipment"
	ScopePayroll     = "payroll"
	ScopeSubject     = "subject"
)

// Scopes lists every scope, in the order Explain and the README use.
var Scopes = []string{ScopeApplication, ScopeNote, ScopeShipment, ScopePayroll, ScopeSubject}

// recordVariable names the CEL variable holding the record of a record scope;
// every scope also sees "subject".
var recordVariable = map[string]string{
	ScopeApplication: "app",
	ScopeNote:        "note",
	ScopeShipment:    "shipment",
	ScopePayroll:     "pay",
	ScopeSubject:     "",
}

// Severities, from the lowest up.
var Severities = []string{"informational", "low", "medium", "high", "critical"}

// Silos a rule may belong to.
var Silos = []mosaic.Silo{
	mosaic.SiloHiring, mosaic.SiloIdentity, mosaic.SiloOnboarding, mosaic.SiloNetwork,
	mosaic.SiloEndpoint, mosaic.SiloPayroll, mosaic.SiloHR, mosaic.SiloCluster, mosaic.SiloSanctions,
}

// EvidenceGroups are the fact groups of the subject scope a rule may rest
// on: the fields of `subject` in SCHEMA.md. The caller attaches each group's
// evidence (sign-in event ids, osquery rows, ...) to the signal.
var EvidenceGroups = []string{
	"id", "hired", "applications", "titles", "is_it_staff", "is_ops_staff", "employment_type", "vendor",
	"declared_timezone", "declared_utc_offset_hours", "declared_country", "hire_date",
	"ssn_shared_with", "dob_shared_with", "signins", "devices", "cluster", "disposition", "sanctions",
	"idp", // identity-provider events beyond sign-ins (detect/facts_identity.go)
}

// Rule is one detection as written in its YAML file.
type Rule struct {
	ID          string
	Title       string
	Description string
	Silo        mosaic.Silo
	// Family names the source of the evidence within the silo (for hiring:
	// contact, document, network, interview). Rules of one family share a
	// cause (a VPN explains both an anonymous submission and a burst) and
	// count with diminishing returns together; different families are
	// independent observations. Empty: the silo is one family.
	Family   string
	Scope    string
	Severity string
	// Weight is the likelihood ratio of one firing: >1 is evidence of fraud;
	// 0 or 1 marks a context-only rule, whose firings never score.
	Weight float64
	// WeightExpr optionally computes the weight from the variables (CEL,
	// a number); Weight is then the typical value, shown to people.
	WeightExpr     string
	Condition      string
	Explanation    string // template with ${ CEL } segments
	Key            string // optional CEL string: one signal per subject and key
	EvidenceGroups []string
	References     []string
	FalsePositives []string
	Tests          []TestCase

	File string // where the rule was read from, e.g. builtin/hiring.phone_shared.yaml
	Line int    // line of the id field
	// Overrides is the file of the rule with the same id this one replaced
	// (a company rule overriding a built-in one), "" when none.
	Overrides string
}

// ContextOnly reports whether the rule only shows context: its firings carry
// weight 0 and must never contribute to a score.
func (r Rule) ContextOnly() bool { return r.Weight <= 1 }

// TestCase is one inline test of a rule.
type TestCase struct {
	Name  string
	Fires bool
	// Weight, when set, is the weight a firing must carry (for weight_expr).
	Weight *float64
	// ExplanationContains, when set, must occur in the rendered explanation.
	ExplanationContains string
	Vars                map[string]any
	Line                int
}

func validScope(s string) bool    { _, ok := recordVariable[s]; return ok }
func validSeverity(s string) bool { return slices.Contains(Severities, s) }
func validSilo(s string) bool     { return slices.Contains(Silos, mosaic.Silo(s)) }
