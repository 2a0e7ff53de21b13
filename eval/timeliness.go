package eval

import (
	"sort"
	"time"
)

// Timeliness says how early hired fraud personas were flagged, against their
// hire date: flagging before the hire (negative days) is the goal, because
// then no laptop ships and no salary is paid.
type Timeliness struct {
	HiredFraud   int `json:"hired_fraud"`    // fraud people with an employee id
	WithHireDate int `json:"with_hire_date"` // of those, with a hire date in employees.csv
	Flagged      int `json:"flagged"`        // of the hired fraud, with a first_flagged_at
	// FlaggedBeforeHire counts first_flagged_at strictly before the hire
	// date; ShareBeforeHire is FlaggedBeforeHire / WithHireDate (never
	// flagged counts as not before).
	FlaggedBeforeHire int     `json:"flagged_before_hire"`
	ShareBeforeHire   float64 `json:"share_before_hire"`
	// MedianDays is the median of first_flagged_at - hire date, in days,
	// over the flagged personas with a hire date; null when there is none.
	MedianDays *float64        `json:"median_days"`
	Personas   []PersonaTiming `json:"personas"`
}

// PersonaTiming is one hired fraud persona.
type PersonaTiming struct {
	Person         string     `json:"person"`
	EmployeeID     string     `json:"employee_id"`
	HireDate       *time.Time `json:"hire_date"`
	FirstFlaggedAt *time.Time `json:"first_flagged_at"`
	Days           *float64   `json:"days_from_hire"`
}

func (x *index) timeliness(out []outcome, hires map[string]time.Time) Timeliness {
	res := Timeliness{Personas: []PersonaTiming{}}
	var days []float64
	for p, person := range x.people {
		if !person.Fraud() || !person.Hired() {
			continue
		}
		res.HiredFraud++
		t := PersonaTiming{Person: person.ID, EmployeeID: person.EmployeeID, FirstFlaggedAt: out[p].firstFlagged}
		if t.FirstFlaggedAt != nil {
			res.Flagged++
		}
		if hired, ok := hires[person.EmployeeID]; ok {
			res.WithHireDate++
			t.HireDate = &hired
			if t.FirstFlaggedAt != nil {
				d := t.FirstFlaggedAt.Sub(hired).Hours() / 24
				t.Days = &d
				days = append(days, d)
				if d < 0 {
					res.FlaggedBeforeHire++
				}
			}
		}
		res.Personas = append(res.Personas, t)
	}
	res.ShareBeforeHire = ratio(res.FlaggedBeforeHire, res.WithHireDate)
	if len(days) > 0 {
		m := median(days)
		res.MedianDays = &m
	}
	return res
}

// median of a non-empty slice; it sorts the slice.
func median(v []float64) float64 {
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
