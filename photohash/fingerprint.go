package photohash

import (
	"image"
	"math"
)

// The canonical grid is cut into tileGrid x tileGrid tiles. The border is
// the top row and the left and right columns above the bottom row: a
// head-and-shoulders portrait fills the centre and the bottom row
// (shoulders) but rarely these, so they show the backdrop.
const (
	tileGrid = 5
	tileSize = canonSize / tileGrid
	// wholeSize is the side of the grid the whole-photo hash is computed
	// on: the canonical grid pooled 2x2, which is plenty for 8x8 of the
	// lowest frequencies.
	wholeSize = canonSize / 2
)

// BorderTiles lists the border tiles as (column, row) on the 5x5 grid, in
// the order of Fingerprint.Border: the top row left to right, then the
// left column and the right column top to bottom.
var BorderTiles = [...][2]int{
	{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0},
	{0, 1}, {0, 2}, {0, 3},
	{4, 1}, {4, 2}, {4, 3},
}

// Texture thresholds. Grey levels are 0-255 on the canonical grid, after
// box filtering has averaged away sensor and JPEG noise.
const (
	// edgeStep is the grey-level jump between neighbouring grid pixels
	// that counts as an edge; soft lighting gradients on a wall stay well
	// below it.
	edgeStep = 12
	// A tile is textured when this share of its neighbouring pixel pairs
	// are edges, or when its grey levels spread this much. An edge of a
	// given length crosses twice the share of pairs of a tile half as
	// many pixels wide, so the share is scaled to the 16-pixel tile (it
	// was 0.02 on a 32-pixel tile).
	texturedEdgeDensity = 0.04
	texturedStdDev      = 16
	// plainMaxTextured: a border with fewer textured tiles than this is
	// Plain. Equal to the default Options.MinTexturedTiles, so a Plain
	// photo could never reach a background match anyway.
	plainMaxTextured = 3
)

// FromImage fingerprints a decoded image. It never fails: an empty image
// gives a Plain fingerprint.
func FromImage(img image.Image) Fingerprint {
	if img == nil {
		img = image.NewGray(image.Rect(0, 0, 0, 0))
	}
	c := new(canon)
	resample(img, c)
	n := len(BorderTiles)
	fp := Fingerprint{
		Whole:  c.wholeHash(),
		Thumb:  c.thumbnail(),
		Border: make([]uint64, 2*n),
		Tiles:  make([]TileStats, n),
	}
	// One allocation for both hash slices.
	fp.Border, fp.Texture = fp.Border[:n:n], fp.Border[n:]
	textured := 0
	var sumVar, sumEdge float64
	for i, t := range BorderTiles {
		x0, y0 := t[0]*tileSize, t[1]*tileSize
		fp.Border[i] = tileDCT.pHash(c.grey[y0*canonSize+x0:], canonSize)
		fp.Texture[i] = c.textureHash(x0, y0)
		st, variance := c.tileStats(x0, y0)
		fp.Tiles[i] = st
		if st.Textured {
			textured++
		}
		sumVar += variance
		sumEdge += float64(st.EdgeDensity)
	}
	fp.Variance = sumVar / float64(n)
	fp.EdgeDensity = sumEdge / float64(n)
	fp.Plain = textured < plainMaxTextured
	fp.Sides = c.sideStrips()
	fp.Version = FormatVersion
	fp.Pattern = c.patternOf()
	return fp
}

// wholeHash is the pHash of the whole grid, pooled 2x2.
func (c *canon) wholeHash() uint64 {
	var pooled [wholeSize * wholeSize]uint8
	for y := 0; y < wholeSize; y++ {
		for x := 0; x < wholeSize; x++ {
			i := 2*y*canonSize + 2*x
			s := uint32(c.grey[i]) + uint32(c.grey[i+1]) + uint32(c.grey[i+canonSize]) + uint32(c.grey[i+canonSize+1])
			pooled[y*wholeSize+x] = uint8((s + 2) / 4)
		}
	}
	return wholeDCT.pHash(pooled[:], wholeSize)
}

// tileStats measures the tile whose top-left grid pixel is (x0, y0), and
// returns its grey variance as well.
func (c *canon) tileStats(x0, y0 int) (TileStats, float64) {
	var sum [3]uint32
	var gSum, gSq float64
	edges, pairs := 0, 0
	for y := y0; y < y0+tileSize; y++ {
		for x := x0; x < x0+tileSize; x++ {
			i := y*canonSize + x
			p := c.rgb[i*3 : i*3+3 : i*3+3]
			sum[0] += uint32(p[0])
			sum[1] += uint32(p[1])
			sum[2] += uint32(p[2])
			g := float64(c.grey[i])
			gSum += g
			gSq += g * g
			if x+1 < x0+tileSize {
				pairs++
				if absDiff(c.grey[i], c.grey[i+1]) >= edgeStep {
					edges++
				}
			}
			if y+1 < y0+tileSize {
				pairs++
				if absDiff(c.grey[i], c.grey[i+canonSize]) >= edgeStep {
					edges++
				}
			}
		}
	}
	const n = tileSize * tileSize
	mean := gSum / n
	variance := math.Max(0, gSq/n-mean*mean)
	st := TileStats{
		StdDev:      float32(math.Sqrt(variance)),
		EdgeDensity: float32(edges) / float32(pairs),
		Mean:        meanColour(sum, n),
	}
	st.Textured = st.EdgeDensity >= texturedEdgeDensity || st.StdDev >= texturedStdDev

	var dark, light [3]uint32
	nDark, nLight := uint32(0), uint32(0)
	for y := y0; y < y0+tileSize; y++ {
		for x := x0; x < x0+tileSize; x++ {
			i := y*canonSize + x
			p := c.rgb[i*3 : i*3+3 : i*3+3]
			acc, count := &light, &nLight
			if float64(c.grey[i]) < mean {
				acc, count = &dark, &nDark
			}
			acc[0] += uint32(p[0])
			acc[1] += uint32(p[1])
			acc[2] += uint32(p[2])
			*count++
		}
	}
	st.Dark, st.Light = st.Mean, st.Mean
	if nDark > 0 {
		st.Dark = meanColour(dark, nDark)
	}
	if nLight > 0 {
		st.Light = meanColour(light, nLight)
	}
	return st, variance
}

func meanColour(sum [3]uint32, n uint32) [3]uint8 {
	return [3]uint8{uint8((sum[0] + n/2) / n), uint8((sum[1] + n/2) / n), uint8((sum[2] + n/2) / n)}
}

// thumbCells is the side of the thumbnail, in cells.
const thumbCells = 8

// thumbnail averages the grid into thumbCells x thumbCells cells of RGB.
func (c *canon) thumbnail() [thumbCells * thumbCells * 3]uint8 {
	const cells = thumbCells
	const side = canonSize / cells
	var t [cells * cells * 3]uint8
	for cy := 0; cy < cells; cy++ {
		for cx := 0; cx < cells; cx++ {
			var sum [3]uint32
			for y := cy * side; y < (cy+1)*side; y++ {
				for x := cx * side; x < (cx+1)*side; x++ {
					i := (y*canonSize + x) * 3
					sum[0] += uint32(c.rgb[i])
					sum[1] += uint32(c.rgb[i+1])
					sum[2] += uint32(c.rgb[i+2])
				}
			}
			for k := 0; k < 3; k++ {
				t[(cy*cells+cx)*3+k] = uint8((sum[k] + side*side/2) / (side * side))
			}
		}
	}
	return t
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}
