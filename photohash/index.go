package photohash

import "math/bits"

// Each 64-bit hash is split into bandCount bands of 16 bits. Two hashes at
// most 2*bandCount-1 bits apart have, by pigeonhole, a band that differs in
// at most one bit, so probing each band's bucket and its one-bit neighbours
// finds every such pair (multi-index hashing, Norouzi et al.). It is used
// for the whole-photo hash only; FindMatches dismisses its chance
// neighbours with one popcount each. Border tiles go to the wider bands of
// tileIndex.
const (
	bandCount          = 4
	bandBits           = 16
	maxIndexedDistance = 2*bandCount - 1
)

// bandIndex holds, for each row (one band of one table: the whole-photo
// hash, or one border tile's hash), the photos in each bucket, as one
// compressed sparse row array: bucket k of row r is
// entries[offsets[r*stride+k]:offsets[r*stride+k+1]], in ascending photo order.
type bandIndex struct {
	keyBits   int // bucket key width: the low keyBits bits of a band
	stride    int // (1<<keyBits)+1
	maxBucket int
	offsets   []int32
	entries   []int32
}

// newBandIndex indexes the postings of n photos over tables tables. Small
// inputs get narrower bucket keys so the tables stay small; keys that
// collide on the dropped bits only add candidates that verification
// rejects.
func newBandIndex(n, tables, maxBucket int, each func(add func(table int, photo int32, hash uint64))) *bandIndex {
	keyBits := bits.Len(uint(n)) + 1
	keyBits = min(max(keyBits, 8), bandBits)
	ix := &bandIndex{keyBits: keyBits, stride: 1<<keyBits + 1, maxBucket: maxBucket}
	ix.offsets = make([]int32, tables*bandCount*ix.stride)

	// Two passes over the postings: count, then fill, so no bucket is a
	// separately allocated slice.
	total := 0
	each(func(t int, _ int32, h uint64) {
		for b := 0; b < bandCount; b++ {
			ix.offsets[ix.row(t, b)*ix.stride+int(ix.key(h, b))+1]++
			total++
		}
	})
	// Slot 0 of every row counts nothing, so one running sum over the flat
	// array makes each row start where the previous one ends.
	for i := 1; i < len(ix.offsets); i++ {
		ix.offsets[i] += ix.offsets[i-1]
	}
	ix.entries = make([]int32, total)
	fill := make([]int32, len(ix.offsets))
	copy(fill, ix.offsets)
	each(func(t int, p int32, h uint64) {
		for b := 0; b < bandCount; b++ {
			slot := ix.row(t, b)*ix.stride + int(ix.key(h, b))
			ix.entries[fill[slot]] = p
			fill[slot]++
		}
	})
	return ix
}

// key is the bucket key of band b of h.
func (ix *bandIndex) key(h uint64, b int) uint32 {
	band := uint32(h>>(b*bandBits)) & (1<<bandBits - 1)
	return band & (1<<ix.keyBits - 1)
}

func (ix *bandIndex) row(t, b int) int { return t*bandCount + b }

// probe calls visit for every photo after photo `after` that shares with h,
// in table t, a band equal or (when nearby) one bit away. A photo may be
// visited more than once. Buckets larger than maxBucket are skipped: a
// value that thousands of photos share says nothing about any two of them.
func (ix *bandIndex) probe(t int, h uint64, nearby bool, after int32, visit func(int32)) {
	for b := 0; b < bandCount; b++ {
		r := ix.row(t, b)
		k := ix.key(h, b)
		ix.bucket(r, k, after, visit)
		if !nearby {
			continue
		}
		for bit := 0; bit < ix.keyBits; bit++ {
			ix.bucket(r, k^1<<bit, after, visit)
		}
	}
}

func (ix *bandIndex) bucket(r int, k uint32, after int32, visit func(int32)) {
	slot := r*ix.stride + int(k)
	lo, hi := ix.offsets[slot], ix.offsets[slot+1]
	if int(hi-lo) > ix.maxBucket {
		return
	}
	// Entries are in ascending photo order: walk down from the top and stop
	// at the first photo that is not after `after`.
	for i := hi - 1; i >= lo; i-- {
		p := ix.entries[i]
		if p <= after {
			return
		}
		visit(p)
	}
}
