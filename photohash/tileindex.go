package photohash

import (
	"math/bits"
)

// The border-tile hashes are indexed differently from the whole-photo
// hash. A background match needs several agreeing textured tiles, each
// agreeing in its pHash or its texture signature, so the index need not
// find every agreeing tile: one exactly shared band among them proposes
// the pair. What it must avoid is chance collisions, which grow with the
// square of the number of photos once a band has fewer bits than log2 of
// that number (16-bit bands were saturated past ~65k photos). Each 64-bit
// tile hash is therefore cut into tileBandCount bands of 21-22 bits: at
// 100k photos a probe meets a random photo with probability ~0.05, and
// candidates grow near-linearly up to a few million photos.
const tileBandCount = 3

// tileBandBits are the widths of the bands, low bits first.
var tileBandBits = [tileBandCount]int{21, 21, 22}

// tileIndex is a hash table of (table, band, band value) keys, stored as
// one compressed sparse row array of buckets. A bucket may hold several
// keys; each entry keeps a check word so that probes skip foreign keys
// without touching the photos.
type tileIndex struct {
	shift     uint // bucket of a key = key >> shift
	maxBucket int
	offsets   []int32
	entries   []tileEntry
}

type tileEntry struct {
	check uint32 // the key's low 32 bits
	photo int32
}

// tileKey mixes a table, a band number and the band's value into a
// 64-bit key (a splitmix64 finaliser: every input bit moves every output
// bit, so the top bits pick a bucket evenly).
func tileKey(table, band int, value uint64) uint64 {
	x := value<<8 ^ uint64(band) ^ uint64(table)<<32<<8
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// tileBands calls f with each band of h.
func tileBands(h uint64, f func(band int, value uint64)) {
	shift := 0
	for b, w := range tileBandBits {
		f(b, h>>shift&(1<<w-1))
		shift += w
	}
}

// newTileIndex indexes the postings yielded by each, in ascending photo
// order within every key.
func newTileIndex(maxBucket int, each func(add func(table int, photo int32, hash uint64))) *tileIndex {
	total := 0
	each(func(int, int32, uint64) { total += tileBandCount })
	// About one bucket per posting keeps buckets short.
	bucketBits := min(max(bits.Len(uint(total)), 4), 30)
	ix := &tileIndex{shift: uint(64 - bucketBits), maxBucket: maxBucket}
	ix.offsets = make([]int32, 1<<bucketBits+1)
	each(func(t int, _ int32, h uint64) {
		tileBands(h, func(b int, v uint64) { ix.offsets[tileKey(t, b, v)>>ix.shift+1]++ })
	})
	for i := 1; i < len(ix.offsets); i++ {
		ix.offsets[i] += ix.offsets[i-1]
	}
	ix.entries = make([]tileEntry, total)
	fill := make([]int32, len(ix.offsets))
	copy(fill, ix.offsets)
	each(func(t int, p int32, h uint64) {
		tileBands(h, func(b int, v uint64) {
			k := tileKey(t, b, v)
			slot := k >> ix.shift
			ix.entries[fill[slot]] = tileEntry{check: uint32(k), photo: p}
			fill[slot]++
		})
	})
	return ix
}

// probe calls visit for every photo after photo `after` that shares a band
// of h exactly in table t. A photo may be visited more than once. A key
// that more than maxBucket photos share is skipped: a value that thousands
// of photos share says nothing about any two of them.
func (ix *tileIndex) probe(t int, h uint64, after int32, visit func(int32)) {
	tileBands(h, func(b int, v uint64) {
		k := tileKey(t, b, v)
		slot := k >> ix.shift
		bucket := ix.entries[ix.offsets[slot]:ix.offsets[slot+1]]
		check := uint32(k)
		if len(bucket) > ix.maxBucket {
			same := 0
			for _, e := range bucket {
				if e.check == check {
					same++
				}
			}
			if same > ix.maxBucket {
				return
			}
		}
		// Entries of one key are in ascending photo order: walk down and
		// stop at the first of this key that is not after `after`.
		for i := len(bucket) - 1; i >= 0; i-- {
			e := bucket[i]
			if e.check != check {
				continue
			}
			if e.photo <= after {
				return
			}
			visit(e.photo)
		}
	})
}
