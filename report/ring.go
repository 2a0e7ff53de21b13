package report

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// pageRing is a cluster's picture as inline SVG, laid out here so the
// report needs no script: people on a circle when there are few, on
// concentric rings (the most linked person in the middle, neighbours side
// by side) when there are many. Every text goes through html/template.
type pageRing struct {
	Width, Height int
	Title         string
	Nodes         []ringNode
	Edges         []ringEdge
	Kinds         []ringKind // the legend: what the line styles mean
	Numbered      bool       // nodes carry numbers, named in a key, not names
}

type ringNode struct {
	X, Y, R    string
	Number     int
	LevelClass string // level-… for the fill
	AtLeast    string // ge-… classes for the level filter
	Name       string
	Label      string // the name, shortened for beside the node
	Tip        string // the tooltip: name, level and score
	Anchor     string
	// A name label beside the node (small rings), placed outside the circle.
	LabelX, LabelY, LabelAnchor string
}

type ringEdge struct {
	X1, Y1, X2, Y2 string
	Width          string
	Kind           int // index into Kinds, for the line style
	Tip            string
}

type ringKind struct {
	Index int
	Name  string
}

// ringKinds is how many line styles there are; further kinds reuse them.
const ringKinds = 6

// smallRing is the most people drawn on one circle with their names.
const smallRing = 12

// ringMember is what the layout knows of one person.
type ringMember struct {
	id     string
	ref    pageRef
	level  mosaic.Level
	score  float64
	degree int
}

func newPageRing(k mosaic.Cluster, members []ringMember) *pageRing {
	n := len(members)
	if n == 0 {
		return nil
	}
	index := make(map[string]int, n)
	for i, m := range members {
		index[m.id] = i
	}
	adj := make([][]int, n)
	var kinds []string
	for _, l := range k.Links {
		a, okA := index[l.A]
		b, okB := index[l.B]
		if okA && okB && a != b {
			adj[a] = append(adj[a], b)
			adj[b] = append(adj[b], a)
			members[a].degree++
			members[b].degree++
		}
		kinds = appendNew(kinds, l.Kind)
	}
	sort.Strings(kinds)

	// Positions around (0, 0), then moved into a box just large enough.
	pos := make([][2]float64, n)
	mx, my := 30.0, 30.0
	if n <= smallRing {
		// One circle, in the cluster's own order, names outside it.
		r := math.Max(70, float64(n)*17)
		for i := range members {
			a := 2*math.Pi*float64(i)/float64(n) - math.Pi/2
			pos[i] = [2]float64{r * math.Cos(a), r * math.Sin(a)}
		}
		mx, my = 190, 45
	} else {
		radialLayout(members, adj, pos)
	}
	minX, minY, maxX, maxY := 0.0, 0.0, 0.0, 0.0
	for _, q := range pos {
		minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
		minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
	}
	cx, cy := mx-minX, my-minY // where (0, 0) went
	for i := range pos {
		pos[i][0] += cx
		pos[i][1] += cy
	}
	width, size := maxX-minX+2*mx, maxY-minY+2*my

	p := &pageRing{Width: int(width), Height: int(size), Numbered: n > smallRing,
		Title: "Ring " + text(k.ID) + ": " + strconv.Itoa(n) + " people, " + strconv.Itoa(len(k.Links)) + " links"}
	kindIndex := map[string]int{}
	for i, kd := range kinds {
		kindIndex[kd] = i % ringKinds
		p.Kinds = append(p.Kinds, ringKind{Index: i % ringKinds, Name: text(strings.ReplaceAll(kd, "_", " "))})
	}
	// Two people may share several things: their lines run side by side.
	type pair struct{ a, b int }
	pairOf := func(a, b int) pair { return pair{min(a, b), max(a, b)} }
	parallel, drawn := map[pair]int{}, map[pair]int{}
	for _, l := range k.Links {
		a, okA := index[l.A]
		b, okB := index[l.B]
		if okA && okB && a != b {
			parallel[pairOf(a, b)]++
		}
	}
	for _, l := range k.Links {
		a, okA := index[l.A]
		b, okB := index[l.B]
		if !okA || !okB || a == b {
			continue
		}
		pr := pairOf(a, b)
		shift := (float64(drawn[pr]) - float64(parallel[pr]-1)/2) * 6
		drawn[pr]++
		dx, dy := pos[pr.b][0]-pos[pr.a][0], pos[pr.b][1]-pos[pr.a][1]
		d := math.Max(1, math.Hypot(dx, dy))
		ox, oy := -dy/d*shift, dx/d*shift
		w := 1.5 + 3.5*math.Max(0, math.Min(1, l.Strength))
		p.Edges = append(p.Edges, ringEdge{X1: coord(pos[a][0] + ox), Y1: coord(pos[a][1] + oy), X2: coord(pos[b][0] + ox), Y2: coord(pos[b][1] + oy),
			Width: coord(w), Kind: kindIndex[l.Kind],
			Tip: members[a].ref.Name + " – " + members[b].ref.Name + ": " + text(strings.ReplaceAll(l.Kind, "_", " "))})
	}
	for i, m := range members {
		score := m.score
		if math.IsNaN(score) || math.IsInf(score, 0) {
			score = 0
		}
		node := ringNode{X: coord(pos[i][0]), Y: coord(pos[i][1]), R: coord(9 + math.Min(9, math.Max(0, score)/12)),
			Number: i + 1, LevelClass: "level-unknown", Name: m.ref.Name, Label: shorten(m.ref.Name, 24), Anchor: m.ref.Anchor,
			Tip: m.ref.Name + " (" + text(string(m.level)) + ", " + strconv.FormatFloat(score, 'f', 1, 64) + ")"}
		if m.level.Rank() >= 0 {
			node.LevelClass = "level-" + string(m.level)
			node.AtLeast = atLeastClasses(m.level)
		}
		if !p.Numbered {
			dx, dy := pos[i][0]-cx, pos[i][1]-cy
			d := math.Max(1, math.Hypot(dx, dy))
			lx, ly := pos[i][0]+dx/d*24, pos[i][1]+dy/d*24+4
			node.LabelX, node.LabelY, node.LabelAnchor = coord(lx), coord(ly), "middle"
			switch {
			case dx > 10:
				node.LabelAnchor = "start"
			case dx < -10:
				node.LabelAnchor = "end"
			}
		}
		p.Nodes = append(p.Nodes, node)
	}
	return p
}

// radialLayout places a large ring as a radial tree around its centre
// (the person fewest links from everyone else): the people one link away
// on the first circle, two links away on the second, and so on. Each
// person's followers share out their wedge of the circle by how many
// people hang from each, so linked people sit together and lines stay
// short; a circle grows until its people are at least 44 px apart.
// Positions are around (0, 0).
func radialLayout(members []ringMember, adj [][]int, pos [][2]float64) {
	const gap, spacing = 64.0, 44.0
	n := len(members)
	hub := centre(members, adj)
	depth := make([]int, n)
	for i := range depth {
		depth[i] = -1
	}
	children := make([][]int, n)
	order := []int{hub} // breadth-first
	depth[hub] = 0
	for q := 0; q < len(order); q++ {
		v := order[q]
		for _, u := range adj[v] {
			if depth[u] < 0 {
				depth[u] = depth[v] + 1
				children[v] = append(children[v], u)
				order = append(order, u)
			}
		}
	}
	for i := range depth {
		if depth[i] < 0 { // linked to no one else here: beside the centre
			depth[i] = 1
			children[hub] = append(children[hub], i)
			order = append(order, i)
		}
	}
	size := make([]int, n)
	for i := len(order) - 1; i >= 0; i-- {
		v := order[i]
		size[v] = 1
		for _, c := range children[v] {
			size[v] += size[c]
		}
	}
	// A follower's share of the wedge grows with the square root of how
	// many hang from it: a long arm gets room, a lone follower enough.
	share := make([]float64, n)
	for i := range share {
		share[i] = math.Sqrt(float64(size[i]))
	}
	angle := make([]float64, n)
	from := make([]float64, n)
	wedge := make([]float64, n)
	from[hub], wedge[hub] = -math.Pi/2, 2*math.Pi
	deepest := 0
	for _, v := range order {
		deepest = max(deepest, depth[v])
		a, total := from[v], 0.0
		for _, c := range children[v] {
			total += share[c]
		}
		for _, c := range children[v] {
			w := wedge[v] * share[c] / total
			from[c], wedge[c] = a, w
			angle[c] = a + w/2
			a += w
		}
	}
	byDepth := make([][]float64, deepest+1)
	for _, v := range order {
		byDepth[depth[v]] = append(byDepth[depth[v]], angle[v])
	}
	radius := make([]float64, deepest+1)
	for d := 1; d <= deepest; d++ {
		radius[d] = radius[d-1] + gap
		as := byDepth[d]
		sort.Float64s(as)
		for i := range as {
			diff := 2 * math.Pi
			if len(as) > 1 {
				diff = as[(i+1)%len(as)] - as[i]
				if i == len(as)-1 {
					diff += 2 * math.Pi
				}
			}
			if diff < math.Pi {
				radius[d] = math.Max(radius[d], spacing/(2*math.Sin(diff/2)))
			}
		}
	}
	for _, v := range order {
		r := radius[depth[v]]
		pos[v] = [2]float64{r * math.Cos(angle[v]), r * math.Sin(angle[v])}
	}
}

// centre returns the person whose farthest link path is shortest (the most
// linked among equals); beyond a few hundred people, simply the most linked.
func centre(members []ringMember, adj [][]int) int {
	n := len(members)
	best, bestEcc, bestReach := 0, n+1, 0
	for i, m := range members {
		if m.degree > members[best].degree {
			best = i
		}
	}
	if n > 300 {
		return best
	}
	dist := make([]int, n)
	for s := range members {
		for i := range dist {
			dist[i] = -1
		}
		dist[s] = 0
		queue := []int{s}
		ecc := 0
		for q := 0; q < len(queue); q++ {
			v := queue[q]
			for _, u := range adj[v] {
				if dist[u] < 0 {
					dist[u] = dist[v] + 1
					ecc = max(ecc, dist[u])
					queue = append(queue, u)
				}
			}
		}
		// The centre of the largest linked part, not a loner.
		reach := len(queue)
		if reach > bestReach || (reach == bestReach && (ecc < bestEcc || (ecc == bestEcc && members[s].degree > members[best].degree))) {
			best, bestEcc, bestReach = s, ecc, reach
		}
	}
	return best
}

// atLeastClasses names every level filter a person passes: a high person
// shows under "high or above", "medium or above" and "low or above".
func atLeastClasses(l mosaic.Level) string {
	var cs []string
	for _, x := range mosaic.Levels {
		if x != mosaic.LevelNone && l.Rank() >= x.Rank() {
			cs = append(cs, "ge-"+string(x))
		}
	}
	return strings.Join(cs, " ")
}

func coord(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// shorten keeps a label to n characters, ending it with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
