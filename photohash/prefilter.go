package photohash

import "math/bits"

// The tile index proposes tens of millions of candidate pairs on a bundle
// of 20,000 photos (one band of one tile shared by chance), and most of
// them (84% on the generated medium company) fail borderAgreement's first
// test on too many tiles: the tiles must be textured alike and of the same
// two colours. Run on the fingerprints
// themselves, that test costs a cache miss on every tile slice of the
// candidate; tileSummaries keeps what it reads for every photo side by
// side, so that a candidate is dismissed from one or two cache lines.
//
// mayMatch only rejects pairs that compare would reject too: it applies
// upper bounds of compare's counts, never a stricter test.

// tileSummaries holds, per photo, one row of 1+tiles words: the textured
// tiles as a bit set, then the colours of each tile packed by packColours.
// A row is contiguous, so a candidate costs one or two cache misses.
type tileSummaries struct {
	tiles int    // the most tiles of any photo; a row is 1+tiles words
	count []int8 // len(Fingerprint.Border) of each photo
	rows  []uint64
	// backdrop has bit k set for the tiles that count towards
	// backdropAgreement (outer columns above the shoulders).
	backdrop uint64
}

func newTileSummaries(photos []Photo, tiles int) *tileSummaries {
	s := &tileSummaries{
		tiles: tiles,
		count: make([]int8, len(photos)),
		rows:  make([]uint64, len(photos)*(1+tiles)),
	}
	for p := range photos {
		fp := &photos[p].FP
		s.count[p] = int8(len(fp.Border))
		row := s.row(int32(p))
		for k, t := range fp.Tiles {
			if t.Textured {
				row[0] |= 1 << k
			}
			row[1+k] = packColours(t.Dark, t.Light)
		}
	}
	for k := range min(tiles, len(BorderTiles)) {
		if t := BorderTiles[k]; t[1] < tileGrid-2 && (t[0] == 0 || t[0] == tileGrid-1) {
			s.backdrop |= 1 << k
		}
	}
	return s
}

func (s *tileSummaries) row(p int32) []uint64 {
	w := 1 + s.tiles
	return s.rows[int(p)*w : int(p+1)*w]
}

// packColours puts a tile's dark and light colours in one word, one byte a
// channel: dark R, G, B in bytes 0-2, light R, G, B in bytes 4-6.
func packColours(dark, light [3]uint8) uint64 {
	return uint64(dark[0]) | uint64(dark[1])<<8 | uint64(dark[2])<<16 |
		uint64(light[0])<<32 | uint64(light[1])<<40 | uint64(light[2])<<48
}

// colourDiffs returns colourDiff of the dark and of the light colours of
// two packed tiles, all six channels at once (SIMD within a register): the
// branch-free byte-wise |x-y| replaces six absDiff calls, whose branches
// mispredict on candidate pairs.
func colourDiffs(x, y uint64) (dark, light int) {
	const (
		high = 0x8080808080808080 // the top bit of every byte
		even = 0x00ff00ff00ff00ff // bytes 0, 2, 4, 6
	)
	// x-y in every byte, modulo 256, with no borrow between bytes.
	diff := ((x | high) - (y &^ high)) ^ ((x ^ ^y) & high)
	// The top bit of each byte where x < y: that byte's borrow out.
	borrow := ((^x & y) | (^(x ^ y) & diff)) & high
	ones := borrow >> 7
	// Negate the bytes that borrowed: |x-y| = -(x-y) there. Such a byte
	// is never 0, so adding one cannot carry into the next.
	abs := (diff ^ (ones * 0xff)) + ones
	// Sum channels in 16-bit lanes: R+G and B of each colour.
	pairs := abs&even + abs>>8&even
	dark = int(pairs&0xffff + pairs>>16&0xffff)
	light = int(pairs>>32&0xffff + pairs>>48)
	return dark, light
}

// alike returns the tiles of photos a and b that pass borderAgreement's
// first test (textured alike, dark and light colours within
// opts.ColourDistance), as a bit set. It stops early, with a partial set,
// once fewer than need tiles can pass.
func (s *tileSummaries) alike(a, b int32, opts *Options, need int) uint64 {
	n := int(s.count[a])
	ra, rb := s.row(a), s.row(b)
	same := ^(ra[0] ^ rb[0])
	if n < 64 {
		same &= 1<<n - 1
	}
	left := bits.OnesCount64(same)
	if left < need {
		return 0
	}
	ca, cb := ra[1:1+n], rb[1:1+n]
	var out uint64
	found := 0
	for rest := same; rest != 0; rest &= rest - 1 {
		if found+left < need {
			return out
		}
		left--
		k := bits.TrailingZeros64(rest)
		dark, light := colourDiffs(ca[k], cb[k])
		if dark > opts.ColourDistance || light > opts.ColourDistance {
			continue
		}
		out |= 1 << k
		found++
	}
	return out
}

// mayMatch reports whether compare could accept photos a and b, given the
// Hamming distance of their whole-photo hashes. It reads only the summaries.
//
// compare needs, for KindSamePhoto, a whole distance within
// SamePhotoDistance and at least half the tiles agreeing; for
// KindBackground, MinTiles agreeing tiles, MinTexturedTiles of them
// textured in both, and MinBackdropTiles of those in the backdrop columns
// (backdropAgreement.enough needs left+right >= its minimum either way).
// Agreeing tiles are a subset of alike's, so each count here bounds
// compare's from above.
func (s *tileSummaries) mayMatch(a, b int32, wholeDistance int, opts *Options) bool {
	n := int(s.count[a])
	if n != int(s.count[b]) || n == 0 {
		return false
	}
	mayBeSame := wholeDistance <= opts.SamePhotoDistance
	need := opts.MinTiles
	if mayBeSame {
		need = min(need, (n+1)/2)
	}
	alike := s.alike(a, b, opts, need)
	agree := bits.OnesCount64(alike)
	if agree < need {
		return false
	}
	if mayBeSame && 2*agree >= n {
		return true
	}
	textured := alike & s.row(a)[0] & s.row(b)[0]
	return agree >= opts.MinTiles &&
		bits.OnesCount64(textured) >= opts.MinTexturedTiles &&
		bits.OnesCount64(textured&s.backdrop) >= opts.MinBackdropTiles
}
