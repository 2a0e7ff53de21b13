package link

import (
	"fmt"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// refApp is an application naming two referees (email, phone each).
func refApp(n int, home string, refs ...[2]string) mosaic.Application {
	a := app(fmt.Sprintf("A%d", n), fmt.Sprintf("C%d", n), fmt.Sprintf("p%d@example.com", n), "", home)
	for _, r := range refs {
		a.References = append(a.References, mosaic.Reference{Name: "Ref", Email: r[0], Phone: r[1]})
	}
	return a
}

func own(n, k int) [2]string {
	return [2]string{fmt.Sprintf("own%d.%d@mail.example", n, k), fmt.Sprintf("(312) %03d-%04d", 200+n, 1000+k)}
}

func clusterSizes(g *Graph) []int {
	cl, _ := g.Clusters()
	var out []int
	for _, c := range cl {
		out = append(out, len(c.Members))
	}
	return out
}

// TestRecycledRefereePoolClusters: a ring's personas each name two of its
// three referees, typed as each persona types them; three personas share
// nothing else. They are one cluster, though no referee is named by more
// than two of them.
func TestRecycledRefereePoolClusters(t *testing.T) {
	ra := [2]string{"mark.hill77@gmail.com", "(646) 210-4432"}
	rb := [2]string{"s.lee.dev@outlook.com", "415.555.0123"}
	rc := [2]string{"kim_j3@proton.me", "+1 206 555 0177"}
	g := build(
		refApp(1, "1 Oak St", ra, rb),
		refApp(2, "2 Elm St", [2]string{"Mark.Hill77@gmail.com", "646-210-4432"}, rc),
		refApp(3, "3 Ash St", [2]string{"S.Lee.Dev@Outlook.com", "4155550123"}, [2]string{"KIM_J3@proton.me", "2065550177"}),
		refApp(4, "4 Fir St", own(4, 1), own(4, 2)),
	)
	if got := clusterSizes(g); len(got) != 1 || got[0] != 3 {
		t.Fatalf("want one cluster of the 3 personas, got %v", got)
	}
	for _, e := range g.Links {
		if (e.Kind == "reference_phone" || e.Kind == "reference_email") && e.Strength < ClusterStrength {
			t.Fatalf("pool referee link too weak: %+v", e)
		}
	}
}

// TestHonestSharedRefereesStayWeak: five colleagues from one former
// employer name their old manager, two of them also the same senior
// colleague (always the two together); twelve new graduates name one
// professor; four colleagues name each other's referees in a chain; a
// couple at one home name the same family friend. Each is shown as a link
// but makes no cluster.
func TestHonestSharedRefereesStayWeak(t *testing.T) {
	manager := [2]string{"dana.whitfield@gmail.com", "(512) 555-0101"}
	senior := [2]string{"raj.k.senior@yahoo.com", "(512) 555-0102"}
	prof := [2]string{"prof.okafor@gmail.com", "(617) 555-0199"}
	friend := [2]string{"old.friend@aol.com", "(303) 555-0142"}
	var recs []mosaic.Record
	n := 0
	for k := 0; k < 5; k++ {
		n++
		other := own(n, 2)
		if k < 2 {
			other = senior
		}
		recs = append(recs, refApp(n, fmt.Sprintf("%d Team St", n), manager, other))
	}
	for k := 0; k < 12; k++ {
		n++
		recs = append(recs, refApp(n, fmt.Sprintf("%d Campus Rd", n), own(n, 1), prof))
	}
	// A chain of colleagues: each names the last one's second referee and
	// a new one. Every referee is shared, but there is no cycle.
	for k := 0; k < 4; k++ {
		n++
		chain := func(j int) [2]string {
			return [2]string{fmt.Sprintf("chain%d@mail.example", j), fmt.Sprintf("(702) 555-%04d", 100+j)}
		}
		recs = append(recs, refApp(n, fmt.Sprintf("%d Chain Ave", n), chain(k), chain(k+1)))
	}
	n++
	recs = append(recs, refApp(n, "9 Pine Rd Apt 2", friend, own(n, 2)))
	n++
	recs = append(recs, refApp(n, "9 Pine Road, Apt. 2", own(n, 1), friend))
	g := build(recs...)
	if got := clusterSizes(g); len(got) != 0 {
		t.Fatalf("honest shared referees made clusters %v", got)
	}
	kinds := map[int]int{}
	for _, e := range g.Links {
		if e.Kind == "reference_phone" || e.Kind == "reference_email" {
			kinds[e.Sharers]++
		}
	}
	if kinds[5] == 0 || kinds[12] == 0 {
		t.Fatalf("the manager and the professor should still be shown as weak links: %v", kinds)
	}
	if kinds[2] != 2+6 { // the senior colleague and the chain's three (phone and email), not the household's friend
		t.Fatalf("want the senior colleague's and the chain's links and none for the household, got %v", kinds)
	}
	if s := refereeStrength(12, 1); s >= refereeStrength(5, 1) {
		t.Fatal("a lone referee must weaken with commonness")
	}
	if s := refereeStrength(20, RefereePool); s >= ClusterStrength {
		t.Fatalf("a pool named by twenty is common: %.2f", s)
	}
}
