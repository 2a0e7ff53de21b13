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

// facts links the records and computes their facts.
func facts(t *testing.T, records ...mosaic.Record) *Facts {
	t.Helper()
	ds := dataset.New()
	for _, r := range records {
		ds.Add(r)
	}
	g := link.Build(ds)
	f, err := NewFacts(context.Background(), g, Options{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func subjectIndex(t *testing.T, f *Facts, key string) int {
	t.Helper()
	for i, s := range f.g.Subjects {
		if s.Key == key {
			return i
		}
	}
	t.Fatalf("no subject %s", key)
	return -1
}
