// Package rangedb holds the compact range tables behind package ipinfo: the
// in-memory form that lookups search, the builder that turns (possibly
// overlapping, gappy) ranges into that form, and the binary file format the
// generator writes and the loader reads. It lives in one place so the
// generator and the loader cannot disagree about the format.
package rangedb

import (
	"cmp"
	"net/netip"
	"slices"
)

// A table covers its whole address space with consecutive ranges: entry i runs
// from its start up to the next entry's start minus one (the last one to the
// top of the space) and carries a value. Value 0 means "nothing known", so
// gaps cost one entry and lookups never need an end column.

// Table4 is a range table over IPv4, addresses as big-endian uint32.
type Table4 struct {
	// entries packs start<<32 | value, so the value a search ends on sits
	// in the cache line it has just read.
	entries []uint64

	// index[k] is the entry holding address k<<16, so a search only has to
	// look between index[k] and index[k+1]: a few steps instead of ~19.
	index []uint32
}

// Table6 is a range table over IPv6.
type Table6 struct {
	entries []entry6
}

type entry6 struct {
	start U128
	value uint32
}

// Len is the number of entries.
func (t *Table4) Len() int { return len(t.entries) }

// At returns entry i.
func (t *Table4) At(i int) (start, value uint32) {
	e := t.entries[i]
	return uint32(e >> 32), uint32(e)
}

// Len is the number of entries.
func (t *Table6) Len() int { return len(t.entries) }

// At returns entry i.
func (t *Table6) At(i int) (start U128, value uint32) {
	return t.entries[i].start, t.entries[i].value
}

// add appends an entry, reusing an empty previous one (same start) and
// merging with a neighbour of the same value.
func (t *Table4) add(start, value uint32) {
	e := uint64(start)<<32 | uint64(value)
	n := len(t.entries)
	if n > 0 && uint32(t.entries[n-1]>>32) == start {
		t.entries[n-1] = e
		if n > 1 && uint32(t.entries[n-2]) == value {
			t.entries = t.entries[:n-1]
		}
		return
	}
	if n > 0 && uint32(t.entries[n-1]) == value {
		return
	}
	t.entries = append(t.entries, e)
}

func (t *Table6) add(start U128, value uint32) {
	n := len(t.entries)
	if n > 0 && t.entries[n-1].start == start {
		t.entries[n-1].value = value
		if n > 1 && t.entries[n-2].value == value {
			t.entries = t.entries[:n-1]
		}
		return
	}
	if n > 0 && t.entries[n-1].value == value {
		return
	}
	t.entries = append(t.entries, entry6{start, value})
}

// U128 is an IPv6 address as two big-endian halves.
type U128 struct{ Hi, Lo uint64 }

// Compare orders addresses numerically.
func (a U128) Compare(b U128) int {
	if c := cmp.Compare(a.Hi, b.Hi); c != 0 {
		return c
	}
	return cmp.Compare(a.Lo, b.Lo)
}

// next returns a+1 and whether it overflowed past the top of the space.
func (a U128) next() (U128, bool) {
	if a.Lo != ^uint64(0) {
		return U128{a.Hi, a.Lo + 1}, false
	}
	if a.Hi != ^uint64(0) {
		return U128{a.Hi + 1, 0}, false
	}
	return U128{}, true
}

// From16 converts a 16-byte address.
func From16(b [16]byte) U128 {
	var u U128
	for i := 0; i < 8; i++ {
		u.Hi = u.Hi<<8 | uint64(b[i])
		u.Lo = u.Lo<<8 | uint64(b[8+i])
	}
	return u
}

// From4 converts a 4-byte address.
func From4(b [4]byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// PrefixRange4 returns the first and last address of an IPv4 prefix.
func PrefixRange4(p netip.Prefix) (start, end uint32) {
	p = p.Masked()
	start = From4(p.Addr().As4())
	host := 32 - p.Bits()
	if host >= 32 {
		return 0, ^uint32(0)
	}
	return start, start | (uint32(1)<<host - 1)
}

// PrefixRange6 returns the first and last address of an IPv6 prefix.
func PrefixRange6(p netip.Prefix) (start, end U128) {
	p = p.Masked()
	start = From16(p.Addr().As16())
	end = start
	host := 128 - p.Bits()
	switch {
	case host >= 128:
		return U128{}, U128{^uint64(0), ^uint64(0)}
	case host >= 64:
		end.Lo = ^uint64(0)
		end.Hi |= uint64(1)<<(host-64) - 1
	case host > 0:
		end.Lo |= uint64(1)<<host - 1
	}
	return start, end
}

// Find returns the value of the range holding addr. It does not allocate.
func (t *Table4) Find(addr uint32) uint32 {
	lo, hi := 0, len(t.entries) // search for the first start > addr in [lo, hi)
	if len(t.index) == 1<<16+1 {
		k := addr >> 16
		lo, hi = int(t.index[k]), int(t.index[k+1])+1
	}
	key := uint64(addr)<<32 | 0xffffffff // above every entry starting at addr
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t.entries[mid] <= key {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return 0
	}
	return uint32(t.entries[lo-1])
}

// BuildIndex prepares the /16 index that makes Find take a few steps. Tables
// work without it; Build4 and Decode call it.
func (t *Table4) BuildIndex() {
	if len(t.entries) == 0 {
		t.index = nil
		return
	}
	index := make([]uint32, 1<<16+1)
	i := 0
	for k := 0; k < 1<<16; k++ {
		block := uint32(k) << 16
		for i+1 < len(t.entries) && uint32(t.entries[i+1]>>32) <= block {
			i++
		}
		index[k] = uint32(i)
	}
	// The sentinel lets Find use index[k+1] for the last block too.
	index[1<<16] = uint32(len(t.entries) - 1)
	t.index = index
}

// Find returns the value of the range holding addr. It does not allocate.
func (t *Table6) Find(addr U128) uint32 {
	lo, hi := 0, len(t.entries)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		s := t.entries[mid].start
		if s.Hi < addr.Hi || (s.Hi == addr.Hi && s.Lo <= addr.Lo) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return 0
	}
	return t.entries[lo-1].value
}

// Range4 is one inclusive IPv4 range with its value, as a source gives it.
type Range4 struct {
	Start, End uint32
	Value      uint32
}

// Range6 is one inclusive IPv6 range with its value.
type Range6 struct {
	Start, End U128
	Value      uint32
}

// Build4 turns ranges into a table. Sources and the overlay hand it ranges
// that do not overlap; if some do, an address takes the value of the covering
// range that starts lowest (ties: the one earlier in the slice), which a
// single sweep gives for free. Ranges with Start > End are ignored, gaps get
// value 0 and neighbours with the same value are merged.
func Build4(ranges []Range4) Table4 {
	order := make([]int, 0, len(ranges))
	for i, r := range ranges {
		if r.Start <= r.End {
			order = append(order, i)
		}
	}
	// Stable on the original index, so "first wins" holds among equal starts.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ranges[a].Start, ranges[b].Start) })

	var t Table4
	add := t.add
	add(0, 0)
	// covered is one past the last address assigned so far; done marks the
	// whole space assigned (covered would overflow).
	var covered uint32
	done := false
	for _, i := range order {
		r := ranges[i]
		if done || r.End < covered {
			continue
		}
		start := max(r.Start, covered)
		if start > covered {
			add(covered, 0)
		}
		add(start, r.Value)
		if r.End == ^uint32(0) {
			done = true
		} else {
			covered = r.End + 1
		}
	}
	if !done {
		add(covered, 0)
	}
	t.BuildIndex()
	return t
}

// Build6 is Build4 for IPv6.
func Build6(ranges []Range6) Table6 {
	order := make([]int, 0, len(ranges))
	for i, r := range ranges {
		if r.Start.Compare(r.End) <= 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return ranges[a].Start.Compare(ranges[b].Start) })

	var t Table6
	add := t.add
	add(U128{}, 0)
	var covered U128
	done := false
	for _, i := range order {
		r := ranges[i]
		if done || r.End.Compare(covered) < 0 {
			continue
		}
		start := r.Start
		if start.Compare(covered) < 0 {
			start = covered
		}
		if start.Compare(covered) > 0 {
			add(covered, 0)
		}
		add(start, r.Value)
		next, overflow := r.End.next()
		if overflow {
			done = true
		} else {
			covered = next
		}
	}
	if !done {
		add(covered, 0)
	}
	return t
}

// Merge4 overlays two tables into one whose entries start wherever either
// table's do; pair gives the value for a stretch from the two values there.
// One table instead of two halves the searches per lookup.
func Merge4(a, b *Table4, pair func(va, vb uint32) uint32) Table4 {
	var t Table4
	i, j := 0, 0
	var va, vb uint32
	for i < len(a.entries) || j < len(b.entries) {
		var start uint32
		switch {
		case j == len(b.entries) || (i < len(a.entries) && uint32(a.entries[i]>>32) <= uint32(b.entries[j]>>32)):
			start = uint32(a.entries[i] >> 32)
		default:
			start = uint32(b.entries[j] >> 32)
		}
		for i < len(a.entries) && uint32(a.entries[i]>>32) == start {
			va = uint32(a.entries[i])
			i++
		}
		for j < len(b.entries) && uint32(b.entries[j]>>32) == start {
			vb = uint32(b.entries[j])
			j++
		}
		t.add(start, pair(va, vb))
	}
	t.BuildIndex()
	return t
}

// Merge6 is Merge4 for IPv6.
func Merge6(a, b *Table6, pair func(va, vb uint32) uint32) Table6 {
	var t Table6
	i, j := 0, 0
	var va, vb uint32
	for i < len(a.entries) || j < len(b.entries) {
		var start U128
		switch {
		case j == len(b.entries) || (i < len(a.entries) && a.entries[i].start.Compare(b.entries[j].start) <= 0):
			start = a.entries[i].start
		default:
			start = b.entries[j].start
		}
		for i < len(a.entries) && a.entries[i].start == start {
			va = a.entries[i].value
			i++
		}
		for j < len(b.entries) && b.entries[j].start == start {
			vb = b.entries[j].value
			j++
		}
		t.add(start, pair(va, vb))
	}
	return t
}
