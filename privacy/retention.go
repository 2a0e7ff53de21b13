package privacy

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

// Period is a retention period in calendar units, so "18mo" ends on the
// same day of the month whatever the months' lengths.
type Period struct {
	Years, Months, Days int
}

// ParsePeriod reads a period such as 18mo, 18 months, 2y, 540d or 26w.
// Zero or negative periods are refused: they would erase every applicant.
func ParsePeriod(s string) (Period, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := strings.IndexFunc(t, func(r rune) bool { return !unicode.IsDigit(r) })
	if i <= 0 {
		return Period{}, mosaic.Errorf(mosaic.EINVALID, "retention period %q: write a number and a unit, such as 18mo, 2y or 540d", s)
	}
	n, err := strconv.Atoi(t[:i])
	if err != nil || n <= 0 || n > 1200 {
		return Period{}, mosaic.Errorf(mosaic.EINVALID, "retention period %q: the number must be between 1 and 1200", s)
	}
	switch strings.TrimSpace(t[i:]) {
	case "y", "yr", "yrs", "year", "years":
		return Period{Years: n}, nil
	case "mo", "mon", "month", "months":
		return Period{Months: n}, nil
	case "w", "wk", "week", "weeks":
		return Period{Days: 7 * n}, nil
	case "d", "day", "days":
		return Period{Days: n}, nil
	}
	return Period{}, mosaic.Errorf(mosaic.EINVALID, "retention period %q: the unit must be y, mo, w or d (years, months, weeks, days)", s)
}

// String writes the period back in the short form ParsePeriod reads.
func (p Period) String() string {
	switch {
	case p.Years != 0:
		return strconv.Itoa(p.Years) + "y"
	case p.Months != 0:
		return strconv.Itoa(p.Months) + "mo"
	}
	return strconv.Itoa(p.Days) + "d"
}

// IsZero reports whether no period is set (no retention policy).
func (p Period) IsZero() bool { return p == Period{} }

// Cutoff is the instant before which an applicant's latest application
// makes them due for erasure.
func (p Period) Cutoff(now time.Time) time.Time {
	return now.UTC().AddDate(-p.Years, -p.Months, -p.Days)
}

// Due is an applicant the retention policy erases.
type Due struct {
	Person
	LatestApplication time.Time `json:"latest_application"`
}

// Plan is what a retention run does: the applicants it erases, and how
// many past the period it keeps and why.
type Plan struct {
	Cutoff        time.Time `json:"cutoff"`
	Due           []Due     `json:"due"`
	KeptConfirmed int       `json:"kept_confirmed_fraud"`
	KeptHeld      int       `json:"kept_legal_hold"`
	// Undated applicants have no submission date, so the period cannot
	// be told; they are kept and counted for the operator to look at.
	Undated int `json:"undated"`
}

// PlanRetention finds the applicants due for erasure: subjects with no
// employment whose latest application was submitted before cutoff, unless
// an analyst confirmed them as fraud or they are under a legal hold.
// subjects are a current analysis's (nil: the last saved scan's); each is
// closed over the stored records first, so a person who was hired, or
// applied again, under another id is not an old applicant.
func PlanRetention(ctx context.Context, db migrations.SQL, subjects []mosaic.Subject, cutoff time.Time) (Plan, error) {
	plan := Plan{Cutoff: cutoff}
	if subjects == nil {
		var err error
		if subjects, err = storedSubjects(ctx, db); err != nil {
			return plan, err
		}
	}
	submitted := map[string]time.Time{}
	err := db.Query(ctx, "SELECT application_id, submitted_at FROM applications", nil, func(scan func(...any) error) error {
		var id, at string
		if err := scan(&id, &at); err != nil {
			return err
		}
		t, _ := time.Parse(time.RFC3339Nano, at)
		submitted[id] = t
		return nil
	})
	if err != nil {
		return plan, err
	}
	confirmed, held := map[string]bool{}, map[string]bool{}
	err = db.Query(ctx, "SELECT subject_id FROM dispositions WHERE verdict = ?", []any{mosaic.VerdictConfirmed}, func(scan func(...any) error) error {
		var id string
		err := scan(&id)
		confirmed[id] = true
		return err
	})
	if err != nil {
		return plan, err
	}
	holds, err := Holds(ctx, db)
	if err != nil {
		return plan, err
	}
	for _, h := range holds {
		held[h.SubjectID] = true
	}
	for _, s := range subjects {
		if len(s.EmployeeIDs) > 0 || len(s.ApplicationIDs) == 0 {
			continue
		}
		// Cheap test first: most applicants are recent.
		if latest, ok := latestOf(s.ApplicationIDs, submitted); ok && !latest.Before(cutoff) {
			continue
		}
		p := Person{SubjectID: s.ID, ApplicationIDs: s.ApplicationIDs, CandidateIDs: s.CandidateIDs}
		if err := closeOverRecords(ctx, db, &p); err != nil {
			return plan, err
		}
		if len(p.EmployeeIDs) > 0 {
			continue
		}
		latest, ok := latestOf(p.ApplicationIDs, submitted)
		switch {
		case !ok:
			continue // no stored application: nothing to erase
		case latest.IsZero():
			plan.Undated++
		case !latest.Before(cutoff):
		case confirmed[s.ID]:
			plan.KeptConfirmed++
		case held[s.ID]:
			plan.KeptHeld++
		default:
			plan.Due = append(plan.Due, Due{Person: p, LatestApplication: latest})
		}
	}
	return plan, nil
}

// latestOf is the latest submission among ids, zero when one of them is
// undated; ok is false when no id has a stored application.
func latestOf(ids []string, submitted map[string]time.Time) (latest time.Time, ok bool) {
	for _, id := range ids {
		t, found := submitted[id]
		if !found {
			continue
		}
		if t.IsZero() {
			return time.Time{}, true
		}
		if !ok || t.After(latest) {
			latest = t
		}
		ok = true
	}
	return latest, ok
}

// RunRetention erases every applicant of the plan, each in its own
// transaction with its own audit entry. A subject put under hold since
// the plan was made is skipped, never forced.
func RunRetention(ctx context.Context, db migrations.SQL, plan Plan, period Period, opts EraseOptions) ([]Erased, error) {
	opts.Force = false
	if opts.Reason == "" {
		opts.Reason = "retention policy: applicants " + period.String()
	}
	var out []Erased
	for _, d := range plan.Due {
		res, err := Erase(ctx, db, d.Person, opts)
		if mosaic.ErrorCode(err) == mosaic.ECONFLICT {
			continue // held meanwhile
		}
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}
