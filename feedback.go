package mosaic

import (
	"context"
	"strings"
	"time"
)

// Verdicts an analyst gives a subject.
const (
	VerdictConfirmed = "confirmed_fraud"
	VerdictBenign    = "benign"
	VerdictUnknown   = "unknown"
)

// Disposition is an analyst's conclusion about one subject. Every later
// scan respects it: a confirmed subject raises the people strongly linked to
// it.
type Disposition struct {
	SubjectID string    `json:"subject_id"`
	Verdict   string    `json:"verdict"`
	Note      string    `json:"note,omitempty"`
	SetBy     string    `json:"set_by,omitempty"`
	SetAt     time.Time `json:"set_at"`
}

// Allowance explains away what two subjects share ("these two share a home:
// spouses"): later scans do not count that link. An empty Kind allows every
// kind of link between the two.
type Allowance struct {
	A, B  string
	Kind  string
	Note  string
	SetBy string
	SetAt time.Time
}

// Pair returns the allowance's subjects in a fixed order, so (a, b) and
// (b, a) are one allowance.
func (a Allowance) Pair() (string, string) {
	if a.B < a.A {
		return a.B, a.A
	}
	return a.A, a.B
}

// Feedback is everything analysts have said.
type Feedback struct {
	Dispositions []Disposition
	Allowances   []Allowance
}

// Allows reports whether a link of kind between subjects a and b is
// explained away.
func (f *Feedback) Allows(a, b, kind string) bool {
	if f == nil {
		return false
	}
	if b < a {
		a, b = b, a
	}
	for _, x := range f.Allowances {
		xa, xb := x.Pair()
		if xa == a && xb == b && (x.Kind == "" || strings.EqualFold(x.Kind, kind)) {
			return true
		}
	}
	return false
}

// Verdict returns the analyst's verdict on a subject, "" when none.
func (f *Feedback) Verdict(subjectID string) string {
	if f == nil {
		return ""
	}
	for _, d := range f.Dispositions {
		if d.SubjectID == subjectID {
			return d.Verdict
		}
	}
	return ""
}

// FeedbackStore keeps analyst feedback. Both stores implement it.
type FeedbackStore interface {
	SaveDisposition(ctx context.Context, d Disposition) error
	SaveAllowance(ctx context.Context, a Allowance) error
	Feedback(ctx context.Context) (*Feedback, error)
}
