package scan

import (
	"hash/maphash"
	"sync"

	"github.com/mosaic-sec/mosaic/photohash"
	"github.com/mosaic-sec/mosaic/textsim"
)

// SimilarityCache keeps the raw matches of the last resume and photo
// searches with a digest of their inputs. A nil cache caches nothing.
type SimilarityCache struct {
	mu          sync.Mutex
	seed        maphash.Seed
	initialised bool
	resumes     cacheSlot[textsim.Match]
	photos      cacheSlot[photohash.Match]
}

// cacheSlot is one search's last inputs digest and matches.
type cacheSlot[T any] struct {
	key  uint64
	hits []T // nil until the first search
}

// lookup returns the slot's matches when key is the digest they were found
// for, and otherwise searches and keeps the result.
func lookup[T any](slot *cacheSlot[T], key uint64, search func() ([]T, error)) ([]T, error) {
	if slot.hits != nil && slot.key == key {
		return slot.hits, nil
	}
	hits, err := search()
	if err != nil {
		return nil, err
	}
	if hits == nil {
		hits = []T{}
	}
	slot.key, slot.hits = key, hits
	return hits, nil
}

// hash starts a digest under the cache's seed.
func (c *SimilarityCache) hash() *maphash.Hash {
	if !c.initialised {
		c.seed = maphash.MakeSeed()
		c.initialised = true
	}
	var h maphash.Hash
	h.SetSeed(c.seed)
	return &h
}

func (c *SimilarityCache) resumeMatches(docs []textsim.Doc, search func() ([]textsim.Match, error)) ([]textsim.Match, error) {
	if c == nil {
		return search()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hash()
	for _, d := range docs {
		for _, s := range []string{d.ID, d.Author, d.Text} {
			h.WriteString(s)
			h.WriteByte(0)
		}
	}
	return lookup(&c.resumes, h.Sum64(), search)
}

func (c *SimilarityCache) photoMatches(photos []photohash.Photo, search func() ([]photohash.Match, error)) ([]photohash.Match, error) {
	if c == nil {
		return search()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hash()
	for _, p := range photos {
		h.WriteString(p.ID)
		h.WriteByte(0)
		maphash.WriteComparable(h, p.FP.Whole)
		for _, b := range p.FP.Border {
			maphash.WriteComparable(h, b)
		}
		for _, b := range p.FP.Texture {
			maphash.WriteComparable(h, b)
		}
		h.Write(p.FP.Thumb[:])
	}
	return lookup(&c.photos, h.Sum64(), search)
}
