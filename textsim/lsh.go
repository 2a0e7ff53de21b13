package textsim

import (
	"context"
	"slices"
	"sync"
)

// bandEntry is one document's key in one band.
type bandEntry struct {
	key uint64
	doc int32
}

// pair packs two document indices, i < j, so pairs sort and dedupe as
// integers.
func pair(i, j int32) uint64 { return uint64(i)<<32 | uint64(uint32(j)) }

func unpair(p uint64) (int32, int32) { return int32(p >> 32), int32(uint32(p)) }

// candidatePairs returns the pairs of documents that agree on at least one
// band, sorted and without repeats. keys holds bands keys per document,
// document-major; docs lists the documents that have a sketch. A bucket
// larger than maxBucket is skipped and counted: the boilerplate filter
// bounds real buckets by the document frequency cut, so only a hash
// accident could make one, and it must not turn the run quadratic.
func candidatePairs(ctx context.Context, keys []uint64, docs []int32, maxBucket, workers int) ([]uint64, int, error) {
	var (
		mu      sync.Mutex
		all     []uint64
		skipped int
		wg      sync.WaitGroup
		errOnce error
	)
	next := make(chan int, bands)
	for b := range bands {
		next <- b
	}
	close(next)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			entries := make([]bandEntry, 0, len(docs))
			var local []uint64
			localSkipped := 0
			for b := range next {
				if ctx.Err() != nil {
					break
				}
				entries = entries[:0]
				for _, d := range docs {
					entries = append(entries, bandEntry{key: keys[int(d)*bands+b], doc: d})
				}
				slices.SortFunc(entries, func(x, y bandEntry) int {
					if x.key != y.key {
						if x.key < y.key {
							return -1
						}
						return 1
					}
					return int(x.doc - y.doc)
				})
				for start := 0; start < len(entries); {
					end := start + 1
					for end < len(entries) && entries[end].key == entries[start].key {
						end++
					}
					if end-start > maxBucket {
						localSkipped++
					} else {
						for i := start; i < end; i++ {
							for j := i + 1; j < end; j++ {
								local = append(local, pair(entries[i].doc, entries[j].doc))
							}
						}
					}
					start = end
				}
				// Dedupe as we go so a worker's list stays near the number
				// of distinct pairs, not bands times that.
				if len(local) > 1<<20 {
					slices.Sort(local)
					local = slices.Compact(local)
				}
			}
			mu.Lock()
			all = append(all, local...)
			skipped += localSkipped
			if err := ctx.Err(); err != nil {
				errOnce = err
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if errOnce != nil {
		return nil, 0, errOnce
	}
	slices.Sort(all)
	return slices.Compact(all), skipped, nil
}
