package photohash

import (
	"math"
	"math/bits"
)

// The texture signature of a tile is a 64-bit hash of where its energy sits
// in the frequency plane: 7 rings of frequency by 8 orientations, one bit
// per cell, set when the cell holds more energy than the median cell and
// a floor.
//
// The positional pHash of a tile is fragile for fine patterns: crop two
// percent off a photo and a check pattern moves by a third of a square,
// which flips half the bits. The magnitude of the Fourier transform does
// not change when the content shifts, so the signature of a tablecloth
// survives a crop; scaling moves energy by a fraction of a ring.
const (
	ringCount   = 7
	orientCount = 8
	cellCount   = ringCount * orientCount
)

// ringEdges are the outer radii of the rings, in cycles per tile, up to
// the Nyquist limit of the 16-pixel tile. Rings narrower than one DFT bin
// would flip bits as a crop shifts a pattern's phase, so they are a bin
// wide or more; the lowest is two (the fundamental of a coarse check).
// textureFloor is the share of a tile's energy below which a cell never
// sets a bit.
const textureFloor = 1.0 / 128

var ringEdges = [ringCount]float64{2, 3, 4, 5, 6, 7, 8.5}

// spectralTables holds the DFT twiddles, the window and the cell of each
// frequency, computed once for the tile size.
type spectralTables struct {
	cos, sin [tileSize][tileSize]float64 // [frequency][position]
	window   [tileSize]float64
	cell     [tileSize][tileSize]int8 // [v][u] -> ring*orientCount+orientation, or -1
}

var spectral = newSpectralTables()

func newSpectralTables() *spectralTables {
	t := &spectralTables{}
	for f := 0; f < tileSize; f++ {
		for x := 0; x < tileSize; x++ {
			a := 2 * math.Pi * float64(f*x) / tileSize
			t.cos[f][x], t.sin[f][x] = math.Cos(a), math.Sin(a)
		}
	}
	// A Hann window fades the tile's edges, so that content sliding in or
	// out of the tile changes the spectrum gradually.
	for x := 0; x < tileSize; x++ {
		t.window[x] = 0.5 - 0.5*math.Cos(2*math.Pi*(float64(x)+0.5)/tileSize)
	}
	for v := 0; v < tileSize; v++ {
		for u := 0; u < tileSize; u++ {
			t.cell[v][u] = -1
			fu, fv := signedFreq(u), signedFreq(v)
			// One half-plane suffices: the spectrum of a real image is
			// symmetric through the origin.
			if fv < 0 || (fv == 0 && fu <= 0) {
				continue
			}
			r := math.Hypot(float64(fu), float64(fv))
			ring := -1
			for i, edge := range ringEdges {
				if r < edge {
					ring = i
					break
				}
			}
			if ring < 0 || r < 1 {
				continue
			}
			theta := math.Atan2(float64(fv), float64(fu)) // (0, pi]
			o := int(theta / math.Pi * orientCount)
			if o >= orientCount {
				o = orientCount - 1
			}
			t.cell[v][u] = int8(ring*orientCount + o)
		}
	}
	return t
}

// signedFreq maps a DFT index to a frequency in (-n/2, n/2].
func signedFreq(i int) int {
	if i > tileSize/2 {
		return i - tileSize
	}
	return i
}

// textureHash computes the signature of the tile whose top-left grid pixel
// is (x0, y0).
func (c *canon) textureHash(x0, y0 int) uint64 {
	t := spectral
	var px [tileSize][tileSize]float64
	var mean float64
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			v := float64(c.grey[(y0+y)*canonSize+x0+x])
			px[y][x] = v
			mean += v
		}
	}
	mean /= tileSize * tileSize
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			px[y][x] = (px[y][x] - mean) * t.window[x] * t.window[y]
		}
	}

	// Separable DFT: rows first, then columns.
	var re, im [tileSize][tileSize]float64 // [y][u]
	for y := 0; y < tileSize; y++ {
		for u := 0; u < tileSize; u++ {
			var sr, si float64
			for x := 0; x < tileSize; x++ {
				sr += px[y][x] * t.cos[u][x]
				si -= px[y][x] * t.sin[u][x]
			}
			re[y][u], im[y][u] = sr, si
		}
	}
	var energy [cellCount]float64
	for v := 0; v < tileSize; v++ {
		for u := 0; u < tileSize; u++ {
			cell := t.cell[v][u]
			if cell < 0 {
				continue
			}
			var sr, si float64
			for y := 0; y < tileSize; y++ {
				cs, sn := t.cos[v][y], t.sin[v][y]
				sr += re[y][u]*cs + im[y][u]*sn
				si += im[y][u]*cs - re[y][u]*sn
			}
			energy[cell] += sr*sr + si*si
		}
	}

	// The threshold is the larger of the median cell and a floor: a
	// pattern with a few strong frequencies (stripes) leaves most cells
	// near zero, where a median alone would set bits by noise. Such a
	// signature is sparse; compare it with textureAgree.
	scratch := energy
	lower, upper := middlePair(scratch[:])
	threshold := (lower + upper) / 2
	var total float64
	for _, e := range energy {
		total += e
	}
	threshold = max(threshold, total*textureFloor)
	var h uint64
	for i, e := range energy {
		if e > threshold {
			h |= 1 << i
		}
	}
	return h
}

// textureAgree compares two signatures: at most maxDist bits apart, and
// those bits at most half of the bits set in either, so that two sparse
// signatures (a few bits each) must share their bits to agree.
func textureAgree(a, b uint64, maxDist int) (int, bool) {
	d := bits.OnesCount64(a ^ b)
	union := bits.OnesCount64(a | b)
	return d, d <= maxDist && 2*d <= union
}
