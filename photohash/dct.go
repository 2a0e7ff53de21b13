package photohash

import "math"

// The perceptual hashes are the classic pHash: the 8x8 lowest frequencies
// of a 2-D DCT-II of the grey levels, one bit per coefficient, set when it
// is above their median. Coefficient k of an N-point DCT is k/2 cycles
// across the block whatever N is, so an 8x8 corner computed on a 16x16
// tile or a 40x40 photo sees the same structure goimagehash sees on its
// 64x64 resize, at a small fraction of the cost: only 8 of the N output
// frequencies are computed in each direction.
const hashFreqs = 8

// dctBasis holds cos(pi*(2x+1)*k/2N) for k < hashFreqs, x < N.
type dctBasis struct {
	n   int
	cos []float32 // [k*n + x]
}

func newDCTBasis(n int) *dctBasis {
	d := &dctBasis{n: n, cos: make([]float32, hashFreqs*n)}
	for k := 0; k < hashFreqs; k++ {
		for x := 0; x < n; x++ {
			d.cos[k*n+x] = float32(math.Cos(math.Pi * float64((2*x+1)*k) / float64(2*n)))
		}
	}
	return d
}

// Bases for the two block sizes: a border tile and the whole photo, pooled
// 2x2 (see wholeSize).
var (
	tileDCT  = newDCTBasis(tileSize)
	wholeDCT = newDCTBasis(wholeSize)
)

// pHash hashes the n x n block of grey whose top-left is at px[0], with
// rows stride apart.
func (d *dctBasis) pHash(px []uint8, stride int) uint64 {
	n := d.n
	// Rows first: rowCoef[y][k] for the 8 lowest k.
	var rowCoef [wholeSize * hashFreqs]float32 // n <= wholeSize
	for y := 0; y < n; y++ {
		row := px[y*stride : y*stride+n : y*stride+n]
		for k := 0; k < hashFreqs; k++ {
			basis := d.cos[k*n : k*n+n : k*n+n]
			var s float32
			for x, v := range row {
				s += float32(v) * basis[x]
			}
			rowCoef[y*hashFreqs+k] = s
		}
	}
	var coef [hashFreqs * hashFreqs]float32
	for v := 0; v < hashFreqs; v++ {
		basis := d.cos[v*n : v*n+n : v*n+n]
		for k := 0; k < hashFreqs; k++ {
			var s float32
			for y := 0; y < n; y++ {
				s += rowCoef[y*hashFreqs+k] * basis[y]
			}
			coef[v*hashFreqs+k] = s
		}
	}
	scratch := coef
	lower, upper := middlePair(scratch[:])
	median := (lower + upper) / 2
	var h uint64
	for i, c := range coef {
		if c > median {
			h |= 1 << i
		}
	}
	return h
}
