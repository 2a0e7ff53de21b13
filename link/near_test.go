package link

import (
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func shipment(id, emp, line1 string) mosaic.Shipment {
	return mosaic.Shipment{ID: id, EmployeeID: emp,
		ShipTo: mosaic.Address{Line1: line1, City: "Phoenix", Region: "AZ", PostalCode: "85004", Country: "US"},
		Origin: mosaic.Origin{File: "shipments.csv", Line: 2}}
}

func employee(id string) mosaic.Employee {
	return mosaic.Employee{ID: id, WorkEmail: id + "@corp.example", Origin: mosaic.Origin{File: "employees.csv", Line: 2}}
}

// A laptop farm's address typed with a typo on one shipment is still one
// address: three employees' laptops, one link group, and the link says how
// it was typed.
func TestLaptopFarmTypedWithATypoIsOneAddress(t *testing.T) {
	g := build(
		employee("E1"), employee("E2"), employee("E3"),
		shipment("S1", "E1", "6787 Magnolia Street"),
		shipment("S2", "E2", "6787 MAGNOLIA ST."),
		shipment("S3", "E3", "6787 Magnola St"),
	)
	var shared []Edge
	for _, e := range g.Links {
		if e.Kind == "ship_to" {
			shared = append(shared, e)
		}
	}
	if len(shared) != 2 || shared[0].Sharers != 3 {
		t.Fatalf("want the three laptops at one address, got %+v", shared)
	}
	if !strings.Contains(shared[0].Explanation, "typed as") || !strings.Contains(shared[0].Explanation, "6787 Magnola St") {
		t.Errorf("the explanation should show the typo: %s", shared[0].Explanation)
	}
}

// Neighbouring streets whose names differ by one letter of a suffix, or a
// short name, stay apart.
func TestNeighbouringStreetsStayApart(t *testing.T) {
	g := build(
		employee("E1"), employee("E2"), employee("E3"), employee("E4"),
		shipment("S1", "E1", "12 Oak St"), shipment("S2", "E2", "12 Oak Ct"),
		shipment("S3", "E3", "12 Pine St"), shipment("S4", "E4", "12 Pike St"),
	)
	for _, e := range g.Links {
		t.Errorf("unexpected link: %s", e.Explanation)
	}
}

func person(id, cand, first, last, email, phone, line1, line2 string) mosaic.Application {
	a := app(id, cand, email, phone, line1)
	a.FirstName, a.LastName, a.Address.Line2 = first, last, line2
	return a
}

// One person applying again with a new email and phone, under a name typed
// slightly differently, at the same home: a weak link, never a merge and
// never a cluster. Two people at one home (a couple, siblings) and
// namesakes in two flats of one building are not linked.
func TestNameAtTheSameHome(t *testing.T) {
	g := build(
		person("A1", "C1", "John", "Smith", "js@example.com", "(512) 555-0101", "5 Pine Rd", "Apt 2"),
		person("A2", "C2", "Jonh", "Smith", "john.smith@example.net", "(512) 555-0199", "5 Pine Road", "#2"),
		person("A3", "C3", "Maria", "Garcia", "mg@example.com", "(512) 555-0102", "9 Elm St", ""),
		person("A4", "C4", "Mario", "Garcia", "mario@example.com", "(512) 555-0103", "9 Elm St", ""),
		person("A5", "C5", "Michael", "Brown", "mb1@example.com", "(512) 555-0104", "300 Congress Ave", "Apt 101"),
		person("A6", "C6", "Michael", "Brown", "mb2@example.com", "(512) 555-0105", "300 Congress Ave", "Apt 707"),
	)
	if len(g.Subjects) != 6 {
		t.Fatalf("nothing should merge: %d subjects", len(g.Subjects))
	}
	var found []Edge
	for _, e := range g.Links {
		if e.Kind == "name_at_home" {
			found = append(found, e)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one name_at_home link (A1, A2), got %+v", found)
	}
	e := found[0]
	if g.Subjects[e.A].Key != "S-A1" || g.Subjects[e.B].Key != "S-A2" || e.Strength >= ClusterStrength {
		t.Errorf("want a weak link between A1 and A2, got %+v", e)
	}
	if !strings.Contains(e.Explanation, "nearly the same name") || len(e.Evidence) != 2 {
		t.Errorf("explanation or evidence missing: %+v", e)
	}
	if clusters, _ := g.Clusters(); len(clusters) != 0 {
		t.Errorf("a name at a home must not make a cluster: %+v", clusters)
	}
}

// A ring of twelve personas photographed on one backdrop is one cluster
// through the backdrop alone; a resume twelve people share weakens.
func TestBackdropSharedByADozenStillClusters(t *testing.T) {
	var recs []mosaic.Record
	for i := range 12 {
		id := "A" + string(rune('a'+i))
		recs = append(recs, person(id, "C"+id, "N"+id, "Person", id+"@example.com", "", "", ""))
	}
	g := build(recs...)
	var sims []Similarity
	for i := range 12 {
		for j := i + 1; j < 12; j++ {
			sims = append(sims, Similarity{AppA: i, AppB: j, Kind: "photo_background", Score: 0.7},
				Similarity{AppA: i, AppB: j, Kind: "resume", Score: 0.8})
		}
	}
	g.AddSimilarities(sims)
	clusters, _ := g.Clusters()
	if len(clusters) != 1 || len(clusters[0].Members) != 12 {
		t.Fatalf("want one cluster of 12, got %d clusters", len(clusters))
	}
	for _, e := range g.Links {
		if e.Kind == "resume" && e.Strength >= ClusterStrength {
			t.Errorf("a resume shared by 12 should weaken: %+v", e)
		}
	}
}
