// Package photohash finds application photos that reuse a background.
//
// Fraud rings photograph different faces (or paste different ID cards) in
// front of the same backdrop: the same tablecloth, the same room. Honest
// passport-style photos sit on plain white or grey walls, which all look
// alike and so prove nothing. A Fingerprint therefore keeps perceptual hashes
// of the border tiles of a photo, where a head-and-shoulders portrait rarely
// reaches, with texture statistics that say whether the border carries any
// evidence at all (Plain). FindMatches compares fingerprints in near-linear
// time through banded indexes of the hashes.
//
// All hashes are computed here, on an 80x80 box-filtered grid: a pHash of
// the whole photo (40x40, 2x2 pooled) and of each 16x16 border tile (the
// 8x8 lowest DCT frequencies, as goimagehash's PerceptionHash computes on
// a 64x64 resize, at a small fraction of its cost), and a shift-invariant
// texture signature of each tile.
package photohash

// Match kinds, strongest first.
const (
	// KindSamePhoto: the whole photo is the same picture, perhaps
	// re-encoded, scaled or slightly cropped.
	KindSamePhoto = "same_photo"
	// KindBackground: different pictures taken against, or pasted onto,
	// the same patterned background.
	KindBackground = "background"
)

// Fingerprint summarises one photo. Build it with FromFile or FromImage; the
// zero value is a photo that matches nothing.
type Fingerprint struct {
	// Whole is the pHash of the whole photo, for KindSamePhoto.
	Whole uint64
	// Thumb is an 8x8 RGB thumbnail (row by row, R G B per cell). The pHash
	// sees only the grey layout; the thumbnail keeps apart two photos of
	// the same layout whose subject differs in colour (two ID cards from
	// one template, two sitters in the same pose).
	Thumb [thumbCells * thumbCells * 3]uint8
	// Border holds the pHash of each border tile, in the order of
	// BorderTiles.
	Border []uint64
	// Texture holds a shift-invariant texture signature of each border
	// tile, parallel to Border: it survives crops that move a fine pattern
	// under the tile grid (see textureHash).
	Texture []uint64
	// Tiles holds the colour and texture statistics of each border tile,
	// parallel to Border.
	Tiles []TileStats
	// Variance and EdgeDensity summarise the whole border region (grey
	// levels 0-255; share of neighbouring pixel pairs that differ sharply).
	Variance    float64
	EdgeDensity float64
	// Plain is set when the border is near-uniform (a plain wall): such a
	// background carries no evidence and never makes a background match.
	Plain bool
	// Sides describe the outer strips of the left and right border
	// columns above the shoulders, where a sparse pattern that the tiles
	// see piece by piece still shows whole (see strip.go).
	Sides [2]Strip
	// Version is the fingerprint format: FormatVersion for fingerprints
	// computed now, 0 for those stored before Pattern existed, which
	// match as they always did (without the pattern check) until they are
	// recomputed from their photo.
	Version int `json:",omitempty"`
	// Pattern keeps the backdrop at both sides for checking that its
	// pattern lines up between two photos (see pattern.go); nil in
	// fingerprints of version 0.
	Pattern *Pattern `json:",omitempty"`
}

// FormatVersion is the version of fingerprints FromImage computes.
// Version 2 added Pattern.
const FormatVersion = 2

// TileStats describes one border tile.
type TileStats struct {
	Mean [3]uint8 // mean R, G, B
	// Dark and Light are the mean colours of the pixels below and above
	// the tile's mean grey: the two inks of a check or stripe pattern,
	// which a plain mean would blend into one common muddy colour.
	Dark, Light [3]uint8
	StdDev      float32 // of grey levels, 0-255
	EdgeDensity float32 // share of neighbouring pixel pairs that differ sharply
	// Textured is set when the tile has enough structure for its hash to
	// mean something; the hash of a flat tile is JPEG noise.
	Textured bool
}

// Photo is a fingerprint with the caller's identifier (an application id or
// a file path). Identifiers must be unique within one call to FindMatches.
type Photo struct {
	ID string
	FP Fingerprint
}

// Match links two photos. A sorts before B.
type Match struct {
	A, B string
	Kind string // KindSamePhoto or KindBackground
	// Distance is the Hamming distance of the whole-photo hashes for
	// KindSamePhoto, and the largest distance among the agreeing textured
	// border tiles for KindBackground.
	Distance int
	// Similarity is 1 - Distance/64 for KindSamePhoto, and the share of
	// border tiles that agree for KindBackground.
	Similarity float64
}

// Options tunes FindMatches. The zero value uses the defaults.
type Options struct {
	// SamePhotoDistance is the largest Hamming distance between whole-photo
	// hashes for KindSamePhoto (default 6, at most 7: the index finds every
	// pair up to 7 apart and no further).
	SamePhotoDistance int
	// TileDistance is the largest Hamming distance for two border tiles to
	// agree (default 10).
	TileDistance int
	// TextureDistance is the largest Hamming distance between the texture
	// signatures of two border tiles for them to agree (default 8).
	TextureDistance int
	// ColourDistance is the largest difference of mean colour, summed over
	// R, G and B, for two tiles (or two thumbnails, per cell on average) to
	// agree (default 60).
	ColourDistance int
	// MinTiles is the least number of agreeing border tiles for
	// KindBackground (default 6 of the 11).
	MinTiles int
	// MinTexturedTiles is the least number of agreeing tiles that are
	// textured in both photos (default 3): flat tiles of one colour agree
	// on many unrelated photos.
	MinTexturedTiles int
	// MinBackdropTiles is the least number of agreeing textured tiles in
	// the outer columns above the shoulders, with at least one on each side
	// (default 3): the middle of the top row and the lowest side tiles
	// show the sitter's hair and shoulders, which agree between unrelated
	// portraits on plain walls.
	MinBackdropTiles int
	// MaxBucket caps how many photos may share one band value before the
	// band is ignored as uninformative, which keeps matching near-linear
	// when thousands of photos share a stock background (default 2000).
	MaxBucket int
	// AlignedWithoutTiles also matches backdrops whose patterns line up
	// although no tile agrees (a cloth shifted, scaled, re-lit; see
	// patternMatches). Off by default: on unseen simulated companies it
	// found no ring persona the tiles missed (7 of 39 on real cloth either
	// way) while it joined two rings into one cluster (small seed 401, ring
	// pair F1 0.895 to 0.615) and added honest matches (docs/detection.md,
	// Backdrops on real textures).
	AlignedWithoutTiles bool
}

func (o Options) withDefaults() Options {
	if o.SamePhotoDistance <= 0 {
		o.SamePhotoDistance = 6
	}
	if o.SamePhotoDistance > maxIndexedDistance {
		o.SamePhotoDistance = maxIndexedDistance
	}
	if o.TileDistance <= 0 {
		o.TileDistance = 10
	}
	if o.TextureDistance <= 0 {
		o.TextureDistance = 8
	}
	if o.ColourDistance <= 0 {
		o.ColourDistance = 60
	}
	if o.MinTiles <= 0 {
		o.MinTiles = 6
	}
	if o.MinTexturedTiles <= 0 {
		o.MinTexturedTiles = 3
	}
	if o.MinBackdropTiles <= 0 {
		o.MinBackdropTiles = 2
	}
	if o.MaxBucket <= 0 {
		o.MaxBucket = 2000
	}
	return o
}
