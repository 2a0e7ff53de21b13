package ipinfo

import (
	"net/netip"
	"slices"

	"github.com/mosaic-sec/mosaic/ipinfo/internal/rangedb"
)

// Kind bits of an overlay range.
const (
	kindHosting uint8 = 1 << iota
	kindVPN
	kindTor
	kindCorporate
)

// kindBit maps a list kind to its bit.
var kindBit = map[string]uint8{
	KindHosting:   kindHosting,
	KindVPN:       kindVPN,
	KindTor:       kindTor,
	KindCorporate: kindCorporate,
}

// kindPrecedence orders kinds for Info.Source: the list that decides is the
// one of the strongest kind covering the address.
var kindPrecedence = []uint8{kindCorporate, kindTor, kindVPN, kindHosting}

// overlay is every operator list flattened into one range table per family,
// so a lookup costs one search however many lists there are.
type overlay struct {
	v4     rangedb.Table4
	v6     rangedb.Table6
	values []overlayValue // index 0: no list covers the range
}

type overlayValue struct {
	kinds  uint8
	source string
}

var emptyOverlay = overlay{values: []overlayValue{{}}}

// WithLists returns a DB with lists layered on top of db's own lists (db is
// left as it was). Where lists of one kind overlap, the later one names the
// source.
func (db *DB) WithLists(lists ...List) *DB {
	next := *db
	next.lists = append(append([]List(nil), db.lists...), lists...)
	next.overlay = buildOverlay(next.lists)
	return &next
}

// event is a list starting (delta +1) or ending (-1) cover at pos. IPv4
// positions fit in Lo; end+1 of the top address is dropped, as nothing
// follows it.
type event struct {
	pos   rangedb.U128
	list  int
	delta int
}

func buildOverlay(lists []List) overlay {
	o := overlay{values: []overlayValue{{}}}
	var ev4, ev6 []event
	for i, l := range lists {
		if kindBit[l.Kind] == 0 {
			continue // a List made by hand with a kind we do not know
		}
		for _, p := range l.Prefixes {
			if !p.IsValid() {
				continue
			}
			if p.Addr().Is4In6() && p.Bits() >= 96 {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			if p.Addr().Is4() {
				start, end := rangedb.PrefixRange4(p)
				ev4 = append(ev4, event{rangedb.U128{Lo: uint64(start)}, i, +1})
				ev4 = append(ev4, event{rangedb.U128{Lo: uint64(end) + 1}, i, -1})
				continue
			}
			start, end := rangedb.PrefixRange6(p)
			ev6 = append(ev6, event{start, i, +1})
			if next, ok := next128(end); ok {
				ev6 = append(ev6, event{next, i, -1})
			}
		}
	}
	values := map[overlayValue]uint32{{}: 0}
	intern := func(v overlayValue) uint32 {
		if i, ok := values[v]; ok {
			return i
		}
		i := uint32(len(o.values))
		o.values = append(o.values, v)
		values[v] = i
		return i
	}

	var r4 []rangedb.Range4
	sweep(ev4, lists, intern, func(start, end rangedb.U128, last bool, v uint32) {
		e := uint32(end.Lo)
		if last || end.Lo > 1<<32-1 {
			e = ^uint32(0)
		}
		r4 = append(r4, rangedb.Range4{Start: uint32(start.Lo), End: e, Value: v})
	})
	var r6 []rangedb.Range6
	sweep(ev6, lists, intern, func(start, end rangedb.U128, last bool, v uint32) {
		if last {
			end = rangedb.U128{Hi: ^uint64(0), Lo: ^uint64(0)}
		}
		r6 = append(r6, rangedb.Range6{Start: start, End: end, Value: v})
	})
	o.v4 = rangedb.Build4(r4)
	o.v6 = rangedb.Build6(r6)
	return o
}

// sweep walks the events in address order, keeping how many prefixes of each
// list cover the current position, and emits each stretch between two event
// positions with the value of the lists covering it. end is the address
// before the next event; last marks the stretch that runs to the top.
func sweep(events []event, lists []List, intern func(overlayValue) uint32, emit func(start, end rangedb.U128, last bool, v uint32)) {
	if len(events) == 0 {
		return
	}
	slices.SortFunc(events, func(a, b event) int { return a.pos.Compare(b.pos) })
	cover := make([]int, len(lists))
	for i := 0; i < len(events); {
		pos := events[i].pos
		for ; i < len(events) && events[i].pos == pos; i++ {
			cover[events[i].list] += events[i].delta
		}
		v := intern(coverValue(cover, lists))
		if v == 0 {
			continue
		}
		if i == len(events) {
			emit(pos, rangedb.U128{}, true, v)
			continue
		}
		end, _ := prev128(events[i].pos)
		emit(pos, end, false, v)
	}
}

// coverValue is the overlay value for the lists with positive cover.
func coverValue(cover []int, lists []List) overlayValue {
	var v overlayValue
	winner := -1
	var winnerBit uint8
	for i, n := range cover {
		if n <= 0 {
			continue
		}
		bit := kindBit[lists[i].Kind]
		v.kinds |= bit
		if winner < 0 || rank(bit) <= rank(winnerBit) {
			winner, winnerBit = i, bit
		}
	}
	if winner >= 0 {
		v.source = sourceList + lists[winner].Name
	}
	return v
}

// rank is a kind's place in kindPrecedence (0 strongest).
func rank(bit uint8) int {
	for i, b := range kindPrecedence {
		if b == bit {
			return i
		}
	}
	return len(kindPrecedence)
}

func next128(a rangedb.U128) (rangedb.U128, bool) {
	if a.Lo != ^uint64(0) {
		return rangedb.U128{Hi: a.Hi, Lo: a.Lo + 1}, true
	}
	if a.Hi != ^uint64(0) {
		return rangedb.U128{Hi: a.Hi + 1}, true
	}
	return rangedb.U128{}, false
}

func prev128(a rangedb.U128) (rangedb.U128, bool) {
	if a.Lo != 0 {
		return rangedb.U128{Hi: a.Hi, Lo: a.Lo - 1}, true
	}
	if a.Hi != 0 {
		return rangedb.U128{Hi: a.Hi - 1, Lo: ^uint64(0)}, true
	}
	return rangedb.U128{}, false
}
