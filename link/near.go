package link

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/normalize/address"
	"github.com/mosaic-sec/mosaic/normalize/name"
)

// Typo-tolerant matching of addresses and names, without comparing all
// pairs: every address key starts country|postcode|house number (its
// block), and only keys of one block are compared. Keys are grouped by a
// hash of their block, sorted as integers, which at a million addresses is
// several times cheaper than sorting the strings.

// addrRef points at one address key in Keys: an application's home, an
// employee's home or a shipment's destination.
type addrRef struct {
	block uint64 // hash of the key's block
	i     int32
	list  uint8 // appHome, empHome or shipTo
}

const (
	appHome uint8 = iota
	empHome
	shipTo
)

func (k *Keys) addr(r addrRef) *string {
	switch r.list {
	case appHome:
		return &k.AppAddress[r.i]
	case empHome:
		return &k.EmpAddress[r.i]
	}
	return &k.ShipTo[r.i]
}

// unifyNearAddresses rewrites address keys whose street names are one
// typo apart, within one postcode and house number, to the commonest
// spelling ("6787 Hil Road" to "6787 Hill Road"), so a laptop farm typed
// two ways is still one address everywhere keys are compared. It returns
// the applications grouped by home where a home has two or more, for
// nameAtHomeEdges.
func (g *Graph) unifyNearAddresses() (homes [][]int32) {
	k := &g.Keys
	seed := maphash.MakeSeed()
	refs := make([]addrRef, 0, len(k.AppAddress)+len(k.EmpAddress)+len(k.ShipTo))
	for list, keys := range [][]string{k.AppAddress, k.EmpAddress, k.ShipTo} {
		for i, key := range keys {
			if key != "" {
				refs = append(refs, addrRef{maphash.String(seed, addressBlock(key)), int32(i), uint8(list)})
			}
		}
	}
	// Ties in input order, so what follows never depends on the hash seed.
	slices.SortFunc(refs, func(a, b addrRef) int {
		return cmp.Or(cmp.Compare(a.block, b.block), cmp.Compare(a.list, b.list), cmp.Compare(a.i, b.i))
	})
	for lo := 0; lo < len(refs); {
		hi := lo + 1
		for hi < len(refs) && refs[hi].block == refs[lo].block {
			hi++
		}
		if hi-lo > 1 {
			// Distinct blocks whose hashes collide are told apart here.
			byBlock := map[string][]addrRef{}
			for _, r := range refs[lo:hi] {
				b := addressBlock(*k.addr(r))
				byBlock[b] = append(byBlock[b], r)
			}
			for block, rs := range byBlock {
				k.unifyBlock(rs, block)
				homes = appendHomes(homes, k, rs)
			}
		}
		lo = hi
	}
	// Blocks came out of maps; the links made from homes, and which pair
	// of applications each one quotes, must not depend on that order.
	slices.SortFunc(homes, func(a, b []int32) int { return cmp.Compare(a[0], b[0]) })
	return homes
}

// addressBlock is an address key up to its street: "US|02116|12|".
func addressBlock(key string) string {
	end := 0
	for range 3 {
		i := strings.IndexByte(key[end:], '|')
		if i < 0 {
			return key
		}
		end += i + 1
	}
	return key[:end]
}

// streetOf splits a key of the block into its street and the rest ("#unit").
func streetOf(key, block string) (street, rest string) {
	s := key[len(block):]
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// unifyBlock maps each street spelling of one block to the commonest
// spelling one typo away, and rewrites the keys.
func (k *Keys) unifyBlock(refs []addrRef, block string) {
	count := map[string]int{}
	for _, r := range refs {
		street, _ := streetOf(*k.addr(r), block)
		count[street]++
	}
	if len(count) < 2 {
		return
	}
	streets := make([]string, 0, len(count))
	for s := range count {
		streets = append(streets, s)
	}
	sort.Slice(streets, func(i, j int) bool {
		if count[streets[i]] != count[streets[j]] {
			return count[streets[i]] > count[streets[j]]
		}
		return streets[i] < streets[j]
	})
	canonical := map[string]string{}
	for i, s := range streets {
		if _, done := canonical[s]; done {
			continue
		}
		for _, t := range streets[i+1:] {
			if _, done := canonical[t]; !done && address.NearStreets(s, t) {
				canonical[t] = s
			}
		}
	}
	for _, r := range refs {
		key := k.addr(r)
		street, rest := streetOf(*key, block)
		to, ok := canonical[street]
		if !ok {
			continue
		}
		*key = block + to + rest
		if k.respelled == nil {
			k.respelled = map[string]bool{}
		}
		k.respelled[*key] = true
		if r.list == appHome {
			k.AppBuild[r.i] = (*key)[:len(block)+len(to)]
		}
	}
}

// appendHomes groups the block's applications by home (after unifying)
// and appends the groups of two or more.
func appendHomes(homes [][]int32, k *Keys, refs []addrRef) [][]int32 {
	var apps []int32
	for _, r := range refs {
		if r.list == appHome {
			apps = append(apps, r.i)
		}
	}
	if len(apps) < 2 {
		return homes
	}
	byHome := map[string][]int32{}
	for _, i := range apps {
		byHome[k.AppAddress[i]] = append(byHome[k.AppAddress[i]], i)
	}
	for _, group := range byHome {
		if len(group) >= 2 {
			homes = append(homes, group)
		}
	}
	return homes
}

// nameAtHomeEdges links subjects who give nearly the same name at the same
// home: most often one person who applied again with a new email and
// phone, which the ATS filed as a new candidate. That is not enough to
// merge them (a father and son can share a name and a home), so it is a
// weak link, shown and carried, never a cluster by itself. Names are
// compared only inside a home, never across the data.
func nameAtHomeEdges(g *Graph, homes [][]int32) []Edge {
	ds := g.DS
	var edges []Edge
	seen := map[[2]int]bool{}
	for _, home := range homes {
		subjects := map[int]bool{}
		for _, i := range home {
			subjects[g.AppSubject[i]] = true
		}
		if len(subjects) < 2 || len(subjects) > MaxSharers {
			continue
		}
		names := make([]name.Name, len(home))
		for x, i := range home {
			a := ds.Applications[i]
			names[x] = name.Normalize(a.FirstName, a.LastName)
		}
		for x, i := range home {
			for y := x + 1; y < len(home); y++ {
				j := home[y]
				sa, sb := g.AppSubject[i], g.AppSubject[j]
				if sa == sb || !name.Near(names[x], names[y]) {
					continue
				}
				if sa > sb {
					sa, sb = sb, sa
				}
				if seen[[2]int{sa, sb}] {
					continue
				}
				seen[[2]int{sa, sb}] = true
				edges = append(edges, nameAtHomeEdge(g, int(i), int(j), sa, sb, names[x], names[y]))
			}
		}
	}
	return edges
}

func nameAtHomeEdge(g *Graph, i, j, sa, sb int, ni, nj name.Name) Edge {
	a, b := g.DS.Applications[i], g.DS.Applications[j]
	same := "the same name"
	if ni.Key != nj.Key {
		same = "nearly the same name"
	}
	where := strings.Join(nonEmpty(a.Address.Line1, a.Address.Line2, a.Address.City, a.Address.Region), ", ")
	return Edge{
		A: sa, B: sb, Kind: "name_at_home", Value: where, Sharers: 2, Strength: strength("name_at_home", 2),
		Explanation: fmt.Sprintf("%s (%s) and %s (%s) give %s at the same home %s: probably one person applying again",
			a.ID, ni.Full, b.ID, nj.Full, same, where),
		Evidence: []mosaic.Evidence{mosaic.EvidenceFrom(a.Origin, "last_name"), mosaic.EvidenceFrom(b.Origin, "last_name")},
	}
}
