package photohash

import (
	"image"
	"image/color"
)

// canonSize is the side of the square grid every photo is resampled to
// before hashing. Resampling first makes fingerprints independent of the
// upload's resolution (a scaled copy gives the same grid) and bounds the
// cost of everything after it.
const canonSize = 160

// canon is a photo resampled to canonSize x canonSize, RGB and grey.
type canon struct {
	rgb  []uint8 // canonSize*canonSize*3, row by row
	grey []uint8 // canonSize*canonSize
}

// resample box-filters img onto the canonical grid: each grid cell is the
// mean of the source pixels it covers, so downscaling averages away JPEG
// noise and fine grain instead of aliasing it. Transparent pixels are
// composited over white, as a viewer would show them.
func resample(img image.Image) canon {
	const n = canonSize
	c := canon{rgb: make([]uint8, n*n*3), grey: make([]uint8, n*n)}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		for i := range c.rgb {
			c.rgb[i] = 255
		}
		for i := range c.grey {
			c.grey[i] = 255
		}
		return c
	}

	// Source columns covered by each grid column: [colStart[i], colStart[i+1])
	// when downscaling; at least one column when upscaling.
	colLo, colHi := spans(w, n)
	rowLo, rowHi := spans(h, n)

	row := make([]uint8, w*3)
	acc := make([]uint32, n*3)
	for dy := 0; dy < n; dy++ {
		clear(acc)
		for sy := rowLo[dy]; sy < rowHi[dy]; sy++ {
			readRow(img, b.Min.Y+sy, row)
			for dx := 0; dx < n; dx++ {
				var r, g, bl uint32
				for sx := colLo[dx]; sx < colHi[dx]; sx++ {
					p := row[sx*3 : sx*3+3 : sx*3+3]
					r += uint32(p[0])
					g += uint32(p[1])
					bl += uint32(p[2])
				}
				acc[dx*3] += r
				acc[dx*3+1] += g
				acc[dx*3+2] += bl
			}
		}
		rows := uint32(rowHi[dy] - rowLo[dy])
		for dx := 0; dx < n; dx++ {
			count := rows * uint32(colHi[dx]-colLo[dx])
			half := count / 2
			i := (dy*n + dx) * 3
			r := uint8((acc[dx*3] + half) / count)
			g := uint8((acc[dx*3+1] + half) / count)
			bl := uint8((acc[dx*3+2] + half) / count)
			c.rgb[i], c.rgb[i+1], c.rgb[i+2] = r, g, bl
			c.grey[dy*n+dx] = greyOf(r, g, bl)
		}
	}
	return c
}

// spans maps n grid cells onto size source pixels: cell i covers
// [lo[i], hi[i]), never empty.
func spans(size, n int) (lo, hi []int) {
	lo, hi = make([]int, n), make([]int, n)
	for i := 0; i < n; i++ {
		a := i * size / n
		z := (i + 1) * size / n
		if z <= a {
			z = a + 1
		}
		if z > size {
			z = size
			a = size - 1
		}
		lo[i], hi[i] = a, z
	}
	return lo, hi
}

// greyOf is the ITU-R BT.601 luma of an RGB pixel.
func greyOf(r, g, b uint8) uint8 {
	return uint8((299*uint32(r) + 587*uint32(g) + 114*uint32(b) + 500) / 1000)
}

// readRow writes row y of img as 8-bit RGB into dst (len = width*3). The
// decoders of image/jpeg and image/png return a handful of concrete types;
// reading their pixel slices directly is many times faster than At.
func readRow(img image.Image, y int, dst []uint8) {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.YCbCr:
		for x := b.Min.X; x < b.Max.X; x++ {
			yi := m.YOffset(x, y)
			ci := m.COffset(x, y)
			r, g, bl := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			i := (x - b.Min.X) * 3
			dst[i], dst[i+1], dst[i+2] = r, g, bl
		}
	case *image.Gray:
		off := m.PixOffset(b.Min.X, y)
		for x := 0; x < b.Dx(); x++ {
			v := m.Pix[off+x]
			dst[x*3], dst[x*3+1], dst[x*3+2] = v, v, v
		}
	case *image.RGBA:
		// Premultiplied: composite over white by adding the missing alpha.
		off := m.PixOffset(b.Min.X, y)
		for x := 0; x < b.Dx(); x++ {
			p := m.Pix[off+x*4 : off+x*4+4 : off+x*4+4]
			missing := 255 - p[3]
			dst[x*3] = satAdd(p[0], missing)
			dst[x*3+1] = satAdd(p[1], missing)
			dst[x*3+2] = satAdd(p[2], missing)
		}
	case *image.NRGBA:
		off := m.PixOffset(b.Min.X, y)
		for x := 0; x < b.Dx(); x++ {
			p := m.Pix[off+x*4 : off+x*4+4 : off+x*4+4]
			a := uint32(p[3])
			dst[x*3] = overWhite(p[0], a)
			dst[x*3+1] = overWhite(p[1], a)
			dst[x*3+2] = overWhite(p[2], a)
		}
	default:
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA() // premultiplied, 16-bit
			missing := 0xffff - a
			i := (x - b.Min.X) * 3
			dst[i] = uint8((r + missing) >> 8)
			dst[i+1] = uint8((g + missing) >> 8)
			dst[i+2] = uint8((bl + missing) >> 8)
		}
	}
}

func satAdd(a, b uint8) uint8 {
	if s := uint16(a) + uint16(b); s < 255 {
		return uint8(s)
	}
	return 255
}

// overWhite composites a non-premultiplied channel of alpha a over white.
func overWhite(v uint8, a uint32) uint8 {
	return uint8((uint32(v)*a + 255*(255-a) + 127) / 255)
}

// rgbaImage returns the region [x0,x1)x[y0,y1) of the grid as an image for
// the hash functions of goimagehash.
func (c canon) rgbaImage(x0, y0, x1, y1 int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, x1-x0, y1-y0))
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			s := (y*canonSize + x) * 3
			d := m.PixOffset(x-x0, y-y0)
			m.Pix[d], m.Pix[d+1], m.Pix[d+2], m.Pix[d+3] = c.rgb[s], c.rgb[s+1], c.rgb[s+2], 255
		}
	}
	return m
}
