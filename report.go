package mosaic

import "time"

// ReportSchema is the version of the JSON report (../shared/contract/report.md).
const ReportSchema = "mosaic.report/v1"

// Level is a subject's risk level.
type Level string

const (
	LevelCritical Level = "critical"
	LevelHigh     Level = "high"
	LevelMedium   Level = "medium"
	LevelLow      Level = "low"
	LevelNone     Level = "none"
)

// Levels lists the levels from the highest down.
var Levels = []Level{LevelCritical, LevelHigh, LevelMedium, LevelLow, LevelNone}

// Level thresholds on the 0-100 score. High and critical mean "an analyst
// should look at this now".
const (
	ThresholdCritical = 90.0
	ThresholdHigh     = 70.0
	ThresholdMedium   = 40.0
	ThresholdLow      = 15.0
)

// LevelFor returns the level of a score.
func LevelFor(score float64) Level {
	switch {
	case score >= ThresholdCritical:
		return LevelCritical
	case score >= ThresholdHigh:
		return LevelHigh
	case score >= ThresholdMedium:
		return LevelMedium
	case score >= ThresholdLow:
		return LevelLow
	}
	return LevelNone
}

// Rank orders levels: critical 4 ... none 0; -1 for an unknown name.
func (l Level) Rank() int {
	for i, x := range Levels {
		if x == l {
			return len(Levels) - 1 - i
		}
	}
	return -1
}

// Silo names the team whose data a signal comes from.
type Silo string

const (
	SiloHiring     Silo = "hiring"
	SiloIdentity   Silo = "identity"
	SiloOnboarding Silo = "onboarding"
	SiloNetwork    Silo = "network"
	SiloEndpoint   Silo = "endpoint"
	SiloPayroll    Silo = "payroll"
	SiloHR         Silo = "hr"
	SiloCluster    Silo = "cluster"
	// SiloSanctions: screening against government sanctions lists, a source
	// independent of the company's own teams.
	SiloSanctions Silo = "sanctions"
)

// Evidence points at one input row behind a signal.
type Evidence struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	EventID string `json:"event_id,omitempty"`
}

// EvidenceFrom makes evidence from a record's origin and the field it rests on.
func EvidenceFrom(o Origin, field string) Evidence {
	return Evidence{File: o.File, Line: o.Line, Field: field, EventID: o.EventID}
}

// Signal is one finding of one rule about one subject.
type Signal struct {
	RuleID      string     `json:"rule_id"`
	Title       string     `json:"title"`
	Silo        Silo       `json:"silo"`
	At          time.Time  `json:"at"`
	Weight      float64    `json:"weight"`
	Share       float64    `json:"share"`
	Explanation string     `json:"explanation"`
	Evidence    []Evidence `json:"evidence"`

	// Family is the rule's source of evidence within the silo: signals of
	// one silo and family share a cause and count with diminishing returns.
	Family string `json:"-"`
	// Subject is the internal key of the subject the signal is about; the
	// report nests signals under their subject, so it is not serialised.
	Subject string `json:"-"`
	// Key de-duplicates signals: one rule fires once per subject and key.
	Key string `json:"-"`
}

// Subject is one person as far as mosaic can tell, with every record it
// believes belongs to that person.
type Subject struct {
	ID             string     `json:"id"`
	DisplayName    string     `json:"display_name"`
	ApplicationIDs []string   `json:"application_ids"`
	CandidateIDs   []string   `json:"candidate_ids"`
	EmployeeIDs    []string   `json:"employee_ids"`
	Score          float64    `json:"score"`
	Level          Level      `json:"level"`
	FirstFlaggedAt *time.Time `json:"first_flagged_at"`
	ClusterID      *string    `json:"cluster_id"`
	MergeReasons   []string   `json:"merge_reasons,omitempty"`
	// Disposition is an analyst's verdict (confirmed_fraud, benign, unknown);
	// empty when none was given.
	Disposition string   `json:"disposition,omitempty"`
	Signals     []Signal `json:"signals"`
}

// Link says what two subjects share.
type Link struct {
	A           string  `json:"a"`
	B           string  `json:"b"`
	Kind        string  `json:"kind"`
	Strength    float64 `json:"strength,omitempty"`
	Explanation string  `json:"explanation"`
}

// Cluster is a group of subjects joined by shared identifiers.
type Cluster struct {
	ID         string   `json:"id"`
	SubjectIDs []string `json:"subject_ids"`
	Links      []Link   `json:"links"`
}

// InputSummary accounts for every row read.
type InputSummary struct {
	RowsRead     int         `json:"rows_read"`
	RowsAccepted int         `json:"rows_accepted"`
	RowsRejected int         `json:"rows_rejected"`
	Files        []FileStats `json:"files"`
}

// Report is what a scan produces.
type Report struct {
	Schema      string       `json:"schema"`
	GeneratedAt time.Time    `json:"generated_at"`
	Input       InputSummary `json:"input"`
	Subjects    []Subject    `json:"subjects"`
	Clusters    []Cluster    `json:"clusters"`
	// Coverage is what the scan could see and do; nil when not computed.
	// Added to v1 as an optional field.
	Coverage *Coverage `json:"coverage,omitempty"`
	// ScreeningReview lists the sanctions screening's name-only matches for
	// compliance review; they never score. Added to v1 as an optional
	// field, absent when there are none.
	ScreeningReview []ScreeningReview `json:"screening_review,omitempty"`
}

// ScreeningReview is one name-only match of sanctions screening: a name on
// one of a person's records resembles a listed person's name and nothing
// else about the listed person agrees. A name alone says where a name
// comes from, not who someone is (OFAC FAQ 5), so it never scores and never
// raises a level; sanctions compliance still requires someone to clear it.
type ScreeningReview struct {
	SubjectID  string  `json:"subject_id"`
	Record     string  `json:"record"` // "application A-1", "payroll event P-9"
	Name       string  `json:"name"`   // the name screened, as the record gives it
	ListedName string  `json:"listed_name"`
	List       string  `json:"list"`
	EntryID    string  `json:"entry_id"`
	Score      float64 `json:"score"` // name similarity, 0 to 1
	Why        string  `json:"why"`
}
