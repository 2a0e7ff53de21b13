package textsim

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// FindNearDuplicates returns the pairs of documents whose similarity,
// after boilerplate is discounted, is at least opts.Threshold, sorted by A
// then B. Documents with identical normalised text match with similarity 1.
// It returns a *mosaic.Error with code EINVALID for bad options or
// duplicate or empty ids, and ctx's error when ctx is done.
func FindNearDuplicates(ctx context.Context, docs []Doc, opts Options) ([]Match, error) {
	scaled := opts.MaxDocFreq == 0
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := checkIDs(docs); err != nil {
		return nil, err
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	started := time.Now()
	var phases []any // durations for the debug log, name then value
	phase := func(name string) {
		phases = append(phases, name, time.Since(started).Round(time.Millisecond))
		started = time.Now()
	}

	sets, err := extractAll(ctx, docs, opts.ShingleSize, workers)
	if err != nil {
		return nil, err
	}

	// Exact copies are grouped first and stand for one document from here
	// on, so a resume uploaded many times does not count as a template.
	groups := groupIdentical(sets, opts.MinFeatures)
	distinct := make([]features, len(groups))
	for g, members := range groups {
		distinct[g] = sets[members[0]]
	}
	sets = nil // only distinct sets are needed from here on
	phase("extract")

	authors, nAuthors := authorsOf(docs, groups)
	if scaled {
		opts.MaxDocFreq = scaledMaxDocFreq(nAuthors)
	}
	removed, err := dropBoilerplate(ctx, distinct, authors, opts.MaxDocFreq, workers)
	if err != nil {
		return nil, err
	}

	phase("boilerplate")
	sketched, keys, err := sketchAll(ctx, distinct, workers)
	if err != nil {
		return nil, err
	}
	phase("sketch")
	pairs, skipped, err := candidatePairs(ctx, keys, sketched, 4*opts.MaxDocFreq+16, workers)
	if err != nil {
		return nil, err
	}
	phase("candidates")

	var matches []Match
	for _, members := range groups {
		matches = appendPairs(matches, docs, members, members, 1)
	}
	verified := 0
	for n, p := range pairs {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		a, b := unpair(p)
		s := score(distinct[a], distinct[b])
		if s < opts.Threshold {
			continue
		}
		verified++
		matches = appendPairs(matches, docs, groups[a], groups[b], s)
	}
	slices.SortFunc(matches, func(x, y Match) int {
		if c := strings.Compare(x.A, y.A); c != 0 {
			return c
		}
		return strings.Compare(x.B, y.B)
	})
	phase("verify")
	opts.Logger.Debug("near-duplicate search", append([]any{
		"docs", len(docs), "distinct", len(distinct), "boilerplate_features", removed,
		"candidates", len(pairs), "verified", verified, "skipped_buckets", skipped, "matches", len(matches)},
		phases...)...)
	return matches, nil
}

// checkIDs rejects empty and repeated ids: a match must name two documents.
func checkIDs(docs []Doc) error {
	seen := make(map[string]struct{}, len(docs))
	for i, d := range docs {
		if d.ID == "" {
			return mosaic.Errorf(mosaic.EINVALID, "document %d has no id", i+1)
		}
		if _, dup := seen[d.ID]; dup {
			return mosaic.Errorf(mosaic.EINVALID, "document id %q appears more than once", d.ID)
		}
		seen[d.ID] = struct{}{}
	}
	return nil
}

// extractAll normalises every document, spreading the work over workers.
func extractAll(ctx context.Context, docs []Doc, k, workers int) ([]features, error) {
	sets := make([]features, len(docs))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(docs)/workers, (w+1)*len(docs)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := newExtractor(k)
			for i := lo; i < hi; i++ {
				if i%256 == 0 && ctx.Err() != nil {
					return
				}
				sets[i] = x.extract(docs[i].Text)
			}
		}()
	}
	wg.Wait()
	return sets, ctx.Err()
}

// groupIdentical groups documents with equal feature sets, dropping those
// with fewer than minWords distinct words. Groups are ordered by their
// first document; members are in input order.
func groupIdentical(sets []features, minWords int) [][]int32 {
	byHash := make(map[uint64][]int32) // hash of a set -> the groups with that hash
	var groups [][]int32
	for i, s := range sets {
		words := 0
		for _, f := range s {
			if isWord(f) {
				words++
			}
		}
		if words < minWords {
			continue
		}
		h := hashSet(s)
		placed := false
		for _, g := range byHash[h] {
			if slices.Equal(sets[groups[g][0]], s) {
				groups[g] = append(groups[g], int32(i))
				placed = true
				break
			}
		}
		if !placed {
			byHash[h] = append(byHash[h], int32(len(groups)))
			groups = append(groups, []int32{int32(i)})
		}
	}
	return groups
}

func hashSet(s features) uint64 {
	h := uint64(len(s))
	for _, f := range s {
		h = mix64(h ^ uint64(f))
	}
	return h
}

// sketchAll computes the band keys of every non-empty set; it returns the
// indices of the sets sketched and their keys (bands per set, set-major).
func sketchAll(ctx context.Context, sets []features, workers int) ([]int32, []uint64, error) {
	keys := make([]uint64, len(sets)*bands)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(sets)/workers, (w+1)*len(sets)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sig signature
			for i := lo; i < hi; i++ {
				if i%1024 == 0 && ctx.Err() != nil {
					return
				}
				if len(sets[i]) == 0 {
					continue
				}
				sketch(sets[i], &sig)
				bandKeys(&sig, keys[i*bands:(i+1)*bands])
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var sketched []int32
	for i, s := range sets {
		if len(s) > 0 {
			sketched = append(sketched, int32(i))
		}
	}
	return sketched, keys, nil
}

// appendPairs adds a match for every pair of documents across two groups
// (or within one group, when as and bs are the same group).
func appendPairs(matches []Match, docs []Doc, as, bs []int32, similarity float64) []Match {
	same := len(as) > 0 && len(bs) > 0 && &as[0] == &bs[0]
	for x, i := range as {
		from := 0
		if same {
			from = x + 1
		}
		for _, j := range bs[from:] {
			a, b := docs[i].ID, docs[j].ID
			if b < a {
				a, b = b, a
			}
			matches = append(matches, Match{A: a, B: b, Similarity: similarity})
		}
	}
	return matches
}

// authorsOf numbers the author of each distinct set (the author of its
// first copy) and returns how many authors there are; a document without
// an author is an author of its own.
func authorsOf(docs []Doc, groups [][]int32) ([]uint32, int) {
	ids := map[string]uint32{}
	out := make([]uint32, len(groups))
	next := uint32(0)
	for g, members := range groups {
		a := docs[members[0]].Author
		if a == "" {
			out[g] = next
			next++
			continue
		}
		id, ok := ids[a]
		if !ok {
			id = next
			next++
			ids[a] = id
		}
		out[g] = id
	}
	return out, int(next)
}

// scaledMaxDocFreq is the default MaxDocFreq for a corpus of n authors.
func scaledMaxDocFreq(n int) int { return max(DefaultMaxDocFreq, n/boilerplateShare) }
