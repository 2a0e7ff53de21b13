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
	resumeKey   uint64
	resumeHits  []textsim.Match
	photoKey    uint64
	photoHits   []photohash.Match
	initialised bool
}

func (c *SimilarityCache) init() {
	if !c.initialised {
		c.seed = maphash.MakeSeed()
		c.initialised = true
	}
}

func (c *SimilarityCache) resumes(docs []textsim.Doc, search func() ([]textsim.Match, error)) ([]textsim.Match, error) {
	if c == nil {
		return search()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.init()
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, d := range docs {
		h.WriteString(d.ID)
		h.WriteByte(0)
		h.WriteString(d.Author)
		h.WriteByte(0)
		h.WriteString(d.Text)
		h.WriteByte(0)
	}
	key := h.Sum64()
	if c.resumeHits != nil && key == c.resumeKey {
		return c.resumeHits, nil
	}
	hits, err := search()
	if err != nil {
		return nil, err
	}
	if hits == nil {
		hits = []textsim.Match{}
	}
	c.resumeKey, c.resumeHits = key, hits
	return hits, nil
}

func (c *SimilarityCache) photos(photos []photohash.Photo, search func() ([]photohash.Match, error)) ([]photohash.Match, error) {
	if c == nil {
		return search()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.init()
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, p := range photos {
		h.WriteString(p.ID)
		h.WriteByte(0)
		maphash.WriteComparable(&h, p.FP.Whole)
		for _, b := range p.FP.Border {
			maphash.WriteComparable(&h, b)
		}
		for _, b := range p.FP.Texture {
			maphash.WriteComparable(&h, b)
		}
		h.Write(p.FP.Thumb[:])
	}
	key := h.Sum64()
	if c.photoHits != nil && key == c.photoKey {
		return c.photoHits, nil
	}
	hits, err := search()
	if err != nil {
		return nil, err
	}
	if hits == nil {
		hits = []photohash.Match{}
	}
	c.photoKey, c.photoHits = key, hits
	return hits, nil
}
