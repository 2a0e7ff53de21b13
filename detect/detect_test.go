package detect

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/link"
)

var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func app(id, cand, first, last, phone, line1 string) mosaic.Application {
	return mosaic.Application{
		ID: id, CandidateID: cand, JobID: "JOB-1", SubmittedAt: t0,
		FirstName: first, LastName: last, Email: strings.ToLower(first+"."+last) + "@example.com", Phone: phone,
		Address: mosaic.Address{Line1: line1, City: "Phoenix", Region: "AZ", PostalCode: "85001", Country: "US"},
		Source:  "linkedin",
		Origin:  mosaic.Origin{File: "applications.csv", Line: 2},
	}
}

func employee(id, appID, first, last, title string) mosaic.Employee {
	return mosaic.Employee{
		ID: id, ApplicationID: appID, FirstName: first, LastName: last,
		WorkEmail: strings.ToLower(first) + "@corp.example", Title: title,
		Address:  mosaic.Address{Line1: "1 Home St", City: "Phoenix", Region: "AZ", PostalCode: "85001", Country: "US"},
		HireDate: t0, Timezone: "America/Phoenix",
		Origin: mosaic.Origin{File: "employees.csv", Line: 2},
	}
}

// run links the records and runs one detector, returning signals by subject key.
func run(t *testing.T, d Detector, records ...mosaic.Record) map[string][]mosaic.Signal {
	t.Helper()
	ds := dataset.New()
	for _, r := range records {
		ds.Add(r)
	}
	g := link.Build(ds)
	sigs, err := Run(context.Background(), &Input{Graph: g}, []Detector{d})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]mosaic.Signal{}
	for _, s := range sigs {
		if s.Explanation == "" || len(s.Evidence) == 0 || s.RuleID != d.Rule().ID {
			t.Errorf("signal without explanation, evidence or rule id: %+v", s)
		}
		out[s.Subject] = append(out[s.Subject], s)
	}
	return out
}

func TestRulesAreDescribed(t *testing.T) {
	for _, d := range append(Builtin(), nil) {
		if d == nil {
			continue
		}
		r := d.Rule()
		if r.ID == "" || r.Title == "" || r.Description == "" || r.Silo == "" || r.Weight <= 1 || len(r.References) == 0 || len(r.FalsePositives) == 0 {
			t.Errorf("rule %q is missing metadata: %+v", r.ID, r)
		}
	}
}
