package textsim

import (
	"context"
	"math/bits"
	"slices"
	"sort"
	"sync"
)

// dropBoilerplate removes from every set, in place, the features found in
// the sets of more than maxDF distinct authors (authors[i] is set i's), and
// returns how many distinct features it removed.
//
// Counting document frequency with a hash map would cost tens of bytes per
// distinct feature, most of which occur once. Instead the 32-bit feature
// space is cut into partitions by its top bits; because every set is
// sorted, a set's features in one partition are contiguous, so each
// partition is gathered from all sets, sorted and counted on its own, in a
// buffer that fits in cache. Workers take disjoint ranges of partitions and
// so touch disjoint elements of each set.
func dropBoilerplate(ctx context.Context, sets []features, authors []uint32, maxDF, workers int) (int, error) {
	total := 0
	for _, s := range sets {
		total += len(s)
	}
	if total == 0 {
		return 0, nil
	}
	logParts := bits.Len(uint(total >> 20)) // about a million features a partition
	logParts = min(logParts, 12)
	parts := 1 << logParts
	shift := uint(32 - logParts)
	// Marks, per set, of what the workers found to be boilerplate: one
	// allocation, cut into a slice per set.
	flat := make([]bool, total)
	drop := make([][]bool, len(sets))
	for i, s := range sets {
		drop[i], flat = flat[:len(s):len(s)], flat[len(s):]
	}
	workers = max(1, min(workers, parts))

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		removed int
	)
	for w := range workers {
		lo, hi := w*parts/workers, (w+1)*parts/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := countAndMark(ctx, sets, authors, drop, lo, hi, shift, maxDF, total/parts)
			mu.Lock()
			removed += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	for i, s := range sets {
		kept := s[:0]
		for k, v := range s {
			if !drop[i][k] {
				kept = append(kept, v)
			}
		}
		sets[i] = kept
	}
	return removed, nil
}

const maybeBits = 1 << 16

// countAndMark handles partitions [lo, hi).
// perPart, the expected size of a partition, sizes the buffer once.
func countAndMark(ctx context.Context, sets []features, authors []uint32, drop [][]bool, lo, hi int, shift uint, maxDF, perPart int) int {
	cursor := make([]int32, len(sets))
	start := make([]int32, len(sets))
	for i, s := range sets {
		first := uint32(lo) << shift // 0 when shift is 32: one partition
		cursor[i] = int32(sort.Search(len(s), func(k int) bool { return s[k] >= first }))
	}
	// Each occurrence is the feature in the high half and its set's author
	// in the low half: sorted, a feature's occurrences are adjacent and
	// its authors ordered, so distinct authors are counted in one pass.
	chunk := make([]uint64, 0, perPart+perPart/8+64)
	var common []uint32
	var maybe [maybeBits / 64]uint64
	removed := 0
	for p := lo; p < hi; p++ {
		if ctx.Err() != nil {
			return 0
		}
		chunk = chunk[:0]
		for i, s := range sets {
			a := cursor[i]
			b := a
			for int(b) < len(s) && partition(s[b], shift) == p {
				b++
			}
			start[i], cursor[i] = a, b
			for _, v := range s[a:b] {
				chunk = append(chunk, uint64(v)<<32|uint64(authors[i]))
			}
		}
		slices.Sort(chunk)
		common = common[:0]
		for a := 0; a < len(chunk); {
			v := uint32(chunk[a] >> 32)
			b, users := a+1, 1
			for b < len(chunk) && uint32(chunk[b]>>32) == v {
				if chunk[b] != chunk[b-1] {
					users++
				}
				b++
			}
			if users > maxDF {
				common = append(common, v)
			}
			a = b
		}
		if len(common) == 0 {
			continue
		}
		removed += len(common)
		// Most features are not common: a bitmap of the common values' low
		// bits, small enough for the L1 cache, answers for them without a
		// search.
		clear(maybe[:])
		for _, v := range common {
			maybe[v&(maybeBits-1)/64] |= 1 << (v & 63)
		}
		for i, s := range sets {
			for k := start[i]; k < cursor[i]; k++ {
				v := s[k]
				if maybe[v&(maybeBits-1)/64]&(1<<(v&63)) == 0 {
					continue
				}
				if _, found := slices.BinarySearch(common, v); found {
					drop[i][k] = true
				}
			}
		}
	}
	return removed
}

// partition is the top bits of v; with one partition shift is 32 and Go
// defines the result as 0.
func partition(v uint32, shift uint) int { return int(v >> shift) }
