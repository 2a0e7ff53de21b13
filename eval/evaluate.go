package eval

import (
	"time"

	"github.com/mosaic-sec/mosaic"
)

// Stages of a scan an evaluation can match.
const (
	StageFull  = ""      // the whole bundle: every person counts
	StageApply = "apply" // applications only: people without an application are left out
)

// Options tune an evaluation.
type Options struct {
	// Stage is StageFull or StageApply. A report from an application-stage
	// scan knows nothing of the roster, so employees-only people (the
	// honest roster without applications) are left out of every metric.
	Stage string
	// Level is the lowest level that counts as flagged; "" means high, the
	// level at which an analyst should look now.
	Level mosaic.Level
	// Hires maps employee ids to hire dates (LoadHires) for timeliness;
	// without it timeliness has counts but no days.
	Hires map[string]time.Time
}

// Result is the score of a report against the truth. It is JSON-serialisable.
type Result struct {
	Stage string       `json:"stage"` // "full" or "apply"
	Level mosaic.Level `json:"level"`

	People  Population `json:"people"`
	Ranking Ranking    `json:"ranking"`
	// AtLevel counts everyone in scope; Hired only people on the roster
	// (fraud personas that got hired, and honest employees).
	AtLevel Confusion `json:"at_level"`
	Hired   Confusion `json:"hired"`

	FalsePositivesByTag []TagCount `json:"false_positives_by_tag"`
	FraudByTag          []TagCount `json:"fraud_by_tag"`

	Rings            RingReconstruction `json:"rings"`
	EntityResolution EntityResolution   `json:"entity_resolution"`
	Timeliness       Timeliness         `json:"timeliness"`

	// Missed lists the fraud people not flagged at the level; FalsePositives
	// the honest people flagged. Both in truth order.
	Missed         []string `json:"missed"`
	FalsePositives []string `json:"false_positives"`
}

// Population counts the people an evaluation covers.
type Population struct {
	Total    int `json:"total"` // in scope
	Fraud    int `json:"fraud"`
	Honest   int `json:"honest"`
	Excluded int `json:"excluded"` // left out by the stage
	Seen     int `json:"seen"`     // in scope and held by some subject
	Unseen   int `json:"unseen"`   // in scope and in no subject: score 0, never flagged
	Subjects int `json:"subjects"` // subjects in the report
}

// Ranking scores the order of people by score, fraud being the positive class.
type Ranking struct {
	// AveragePrecision breaks ties pessimistically (Ties): within a tie,
	// fraud people are ranked after honest ones. The optimistic value is
	// given beside it; a wide gap means many ties (often many unseen
	// people at score 0).
	AveragePrecision           float64 `json:"average_precision"`
	AveragePrecisionOptimistic float64 `json:"average_precision_optimistic"`
	Ties                       string  `json:"ties"`
}

// Evaluate scores a report against the truth.
//
// Subjects and people meet through ids (application, candidate, employee).
// A person's score is the highest score of the subjects holding any of their
// ids (0 when none does), and they are flagged when one of those subjects is
// at opts.Level or above: an analyst who opens an over-merged subject looks
// at everyone in it. A subject's level is its level field, or the level of
// its score when the field is missing or unknown.
//
// For ring reconstruction each person belongs to the group (cluster, or lone
// subject) holding most of their ids, so a subject holding several people
// puts them all in its group; the people of an over-merge are listed most
// ids first, the first being the subject's majority person.
func Evaluate(r *mosaic.Report, t *Truth, opts Options) (*Result, error) {
	if r == nil || t == nil {
		return nil, mosaic.Errorf(mosaic.EINVALID, "evaluation needs both a report and a truth")
	}
	if opts.Stage != StageFull && opts.Stage != StageApply {
		return nil, mosaic.Errorf(mosaic.EINVALID, "unknown stage %q: use %q or nothing", truncate(opts.Stage), StageApply)
	}
	level := opts.Level
	if level == "" {
		level = mosaic.LevelHigh
	}
	threshold := level.Rank()
	if threshold < 0 {
		return nil, mosaic.Errorf(mosaic.EINVALID, "unknown level %q", truncate(string(level)))
	}

	res := &Result{Stage: "full", Level: level, Missed: []string{}, FalsePositives: []string{}}
	if opts.Stage == StageApply {
		res.Stage = StageApply
	}
	people := make([]Person, 0, len(t.People))
	for _, p := range t.People {
		if opts.Stage == StageApply && !p.Applied() {
			res.People.Excluded++
			continue
		}
		people = append(people, p)
	}

	x := newIndex(r, people)
	out := x.outcomes()
	flagged := make([]bool, len(people))
	ranking := make([]scored, len(people))
	honestTags, fraudTags := tagCounter{}, tagCounter{}
	res.People.Total = len(people)
	res.People.Subjects = len(r.Subjects)
	for p, person := range people {
		o := out[p]
		fraud := person.Fraud()
		flagged[p] = o.seen && o.rank >= threshold
		ranking[p] = scored{score: o.score, fraud: fraud}
		if o.seen {
			res.People.Seen++
		} else {
			res.People.Unseen++
		}
		res.AtLevel.add(fraud, flagged[p])
		if person.Hired() {
			res.Hired.add(fraud, flagged[p])
		}
		if fraud {
			res.People.Fraud++
			fraudTags.add(person.Tags, flagged[p])
			if !flagged[p] {
				res.Missed = append(res.Missed, person.ID)
			}
		} else {
			res.People.Honest++
			honestTags.add(person.Tags, flagged[p])
			if flagged[p] {
				res.FalsePositives = append(res.FalsePositives, person.ID)
			}
		}
	}
	res.AtLevel.finish()
	res.Hired.finish()
	res.Ranking = Ranking{
		AveragePrecision:           averagePrecision(ranking, tiesPessimistic),
		AveragePrecisionOptimistic: averagePrecision(ranking, tiesOptimistic),
		Ties:                       tiesPessimistic,
	}
	res.FalsePositivesByTag = honestTags.list()
	res.FraudByTag = fraudTags.list()
	res.Rings = x.rings(t.Rings, out, flagged)
	res.EntityResolution = x.entityResolution()
	res.Timeliness = x.timeliness(out, opts.Hires)
	return res, nil
}
