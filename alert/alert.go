package alert

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// Schema is the value of an alert's "schema" field.
const Schema = "mosaic.alert/v1"

// Alert is the alert document, field for field the JSON of the service
// contract (shared/contract/service.md, "Alerts").
type Alert struct {
	Schema         string       `json:"schema"`
	ID             string       `json:"id"`
	SubjectID      string       `json:"subject_id"`
	Level          mosaic.Level `json:"level"`
	PreviousLevel  mosaic.Level `json:"previous_level"`
	Score          float64      `json:"score"`
	RaisedAt       time.Time    `json:"raised_at"`
	FirstFlaggedAt *time.Time   `json:"first_flagged_at"`
	ApplicationIDs []string     `json:"application_ids"`
	EmployeeIDs    []string     `json:"employee_ids"`
	TopSignals     []Signal     `json:"top_signals"`
	URL            string       `json:"url"`
}

// Signal is one reason behind an alert.
type Signal struct {
	RuleID      string `json:"rule_id"`
	Explanation string `json:"explanation"`
}

// ID returns the alert id for a subject reaching a level: "AL-" and 16 hex
// digits of SHA-256 over "subject|level". It is a pure function of its
// inputs, so re-raising the same subject and level (after a restart, or from
// two detection passes racing) yields the same id, which the outbox and the
// receivers use to de-duplicate.
func ID(subjectID, level string) string {
	sum := sha256.Sum256([]byte(subjectID + "|" + level))
	return "AL-" + hex.EncodeToString(sum[:8])
}

// New returns an alert for a subject that rose from previous to level, with
// Schema and ID filled in and times in UTC, truncated to the second as in
// the contract's example.
func New(subjectID string, level, previous mosaic.Level, score float64, raisedAt time.Time) Alert {
	return Alert{
		Schema:        Schema,
		ID:            ID(subjectID, string(level)),
		SubjectID:     subjectID,
		Level:         level,
		PreviousLevel: previous,
		Score:         score,
		RaisedAt:      raisedAt.UTC().Truncate(time.Second),
	}
}

// MarshalJSON writes the contract's shape: absent lists as [] rather than
// null (receivers iterate over them without a nil check), times in UTC, and
// schema and id filled in when the caller left them empty.
func (a Alert) MarshalJSON() ([]byte, error) {
	type plain Alert // without the method, so Marshal does not recurse
	p := plain(a)
	if p.Schema == "" {
		p.Schema = Schema
	}
	if p.ID == "" {
		p.ID = ID(p.SubjectID, string(p.Level))
	}
	p.RaisedAt = p.RaisedAt.UTC()
	if p.FirstFlaggedAt != nil {
		t := p.FirstFlaggedAt.UTC()
		p.FirstFlaggedAt = &t
	}
	if p.ApplicationIDs == nil {
		p.ApplicationIDs = []string{}
	}
	if p.EmployeeIDs == nil {
		p.EmployeeIDs = []string{}
	}
	if p.TopSignals == nil {
		p.TopSignals = []Signal{}
	}
	return json.Marshal(p)
}

// cefSeverity maps a level to CEF's 0-10 severity.
func cefSeverity(l mosaic.Level) int {
	switch l {
	case mosaic.LevelCritical:
		return 10
	case mosaic.LevelHigh:
		return 8
	case mosaic.LevelMedium:
		return 5
	case mosaic.LevelLow:
		return 3
	case mosaic.LevelNone:
		return 0
	}
	return 5 // an unknown level: neither hide it nor page anyone for it
}

// syslogSeverity maps a level to an RFC 5424 severity (2 crit ... 5 notice).
func syslogSeverity(l mosaic.Level) int {
	switch l {
	case mosaic.LevelCritical:
		return 2
	case mosaic.LevelHigh:
		return 3
	case mosaic.LevelMedium:
		return 4
	}
	return 5
}
