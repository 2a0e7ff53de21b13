package link

import "sort"

// Cluster is a connected group of subjects over strong edges.
type Cluster struct {
	Key      string // "K-" and the first member's key
	Members  []int  // subject indices, sorted
	Edges    []int  // indices into Graph.Links
	Hired    int    // members with an employee record
	ShipTo   int    // members linked by a shared ship-to address
	Cities   int    // distinct claimed cities
	Strength float64
}

// Groups returns, for each subject, a representative of the group that
// links of at least minStrength join it to (itself when none do).
func (g *Graph) Groups(minStrength float64) []int {
	uf := newUnionFind(len(g.Subjects))
	for _, e := range g.Links {
		if e.Strength >= minStrength {
			uf.union(e.A, e.B)
		}
	}
	out := make([]int, len(g.Subjects))
	for i := range out {
		out[i] = uf.find(i)
	}
	return out
}

// Clusters groups subjects joined by edges of at least ClusterStrength.
// It also returns, for each subject, its cluster index or -1.
func (g *Graph) Clusters() ([]Cluster, []int) {
	byRoot := map[int][]int{}
	for i, r := range g.Groups(ClusterStrength) {
		byRoot[r] = append(byRoot[r], i)
	}
	var clusters []Cluster
	of := make([]int, len(g.Subjects))
	for i := range of {
		of[i] = -1
	}
	roots := make([]int, 0, len(byRoot))
	for r, m := range byRoot {
		if len(m) > 1 {
			roots = append(roots, r)
		}
	}
	// Members are appended in index order and subjects are sorted by key, so
	// the first member names the cluster stably.
	sort.Slice(roots, func(i, j int) bool { return byRoot[roots[i]][0] < byRoot[roots[j]][0] })
	for _, r := range roots {
		m := byRoot[r]
		c := Cluster{Key: "K-" + g.Subjects[m[0]].Key[2:], Members: m}
		cities := map[string]bool{}
		for _, si := range m {
			of[si] = len(clusters)
			s := g.Subjects[si]
			if len(s.Employees()) > 0 {
				c.Hired++
			}
			for _, ai := range s.Apps {
				cities[normCity(g.DS.Applications[ai].Address.City)] = true
			}
		}
		delete(cities, "")
		c.Cities = len(cities)
		clusters = append(clusters, c)
	}
	shipMembers := make([]map[int]bool, len(clusters))
	for ei, e := range g.Links {
		ci := of[e.A]
		if ci < 0 || of[e.B] != ci {
			continue
		}
		clusters[ci].Edges = append(clusters[ci].Edges, ei)
		clusters[ci].Strength += e.Strength
		if e.Kind == "ship_to" {
			if shipMembers[ci] == nil {
				shipMembers[ci] = map[int]bool{}
			}
			shipMembers[ci][e.A], shipMembers[ci][e.B] = true, true
		}
	}
	for ci := range clusters {
		clusters[ci].ShipTo = len(shipMembers[ci])
	}
	return clusters, of
}

func normCity(c string) string {
	out := make([]rune, 0, len(c))
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
		case r == ' ' || r == '.' || r == '-' || r == '\'':
		default:
			out = append(out, r)
		}
	}
	return string(out)
}
