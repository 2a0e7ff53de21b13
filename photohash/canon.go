package photohash

import (
	"image"
	"image/color"
)

// canonSize is the side of the square grid every photo is resampled to
// before hashing. Resampling first makes fingerprints independent of the
// upload's resolution (a scaled copy gives the same grid) and bounds the
// cost of everything after it. 80 is about the resolution of the smallest
// uploads (96x120): a finer grid would only interpolate them, and every
// hash below is computed on grids of 16 to 40 pixels anyway.
const canonSize = 80

// canon is a photo resampled to canonSize x canonSize, RGB and grey.
type canon struct {
	rgb  [canonSize * canonSize * 3]uint8 // row by row
	grey [canonSize * canonSize]uint8
}

// resample box-filters img onto the canonical grid: each grid cell is the
// mean of the source pixels it covers, so downscaling averages away JPEG
// noise and fine grain instead of aliasing it. Transparent pixels are
// composited over white, as a viewer would show them.
func resample(img image.Image, c *canon) {
	const n = canonSize
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		for i := range c.rgb {
			c.rgb[i] = 255
		}
		for i := range c.grey {
			c.grey[i] = 255
		}
		return
	}

	// Source columns covered by each grid column: [colLo[i], colHi[i]).
	colLo, colHi := spans(w, n)
	rowLo, rowHi := spans(h, n)
	var acc [n * 3]uint32
	switch m := img.(type) {
	case *image.YCbCr:
		resampleYCbCr(m, c, colLo, colHi, rowLo, rowHi)
		return
	case *image.RGBA:
		resample4(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, true, c, colLo, colHi, rowLo, rowHi)
		return
	case *image.NRGBA:
		resample4(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, false, c, colLo, colHi, rowLo, rowHi)
		return
	}
	row := make([]uint8, w*3)
	for dy := 0; dy < n; dy++ {
		acc = [n * 3]uint32{}
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
}

// resampleYCbCr box-filters a decoded JPEG straight from its planes: it
// averages Y, Cb and Cr over each grid cell and converts only the 6,400
// averages to RGB, instead of converting every source pixel. The
// conversion is affine, so this differs from averaging RGB only where a
// cell mixes pixels that clip.
func resampleYCbCr(m *image.YCbCr, c *canon, colLo, colHi, rowLo, rowHi []int) {
	const n = canonSize
	b := m.Bounds()
	w := b.Dx()
	// The chroma offset of (x, y) is a row term plus a column term, for
	// every subsampling ratio; tabulate the column term once.
	cCol := make([]int32, w)
	base := m.COffset(b.Min.X, b.Min.Y)
	for x := 0; x < w; x++ {
		cCol[x] = int32(m.COffset(b.Min.X+x, b.Min.Y) - base)
	}
	var ys, cbs, crs [n]uint32
	for dy := 0; dy < n; dy++ {
		ys, cbs, crs = [n]uint32{}, [n]uint32{}, [n]uint32{}
		for sy := rowLo[dy]; sy < rowHi[dy]; sy++ {
			yRow := m.Y[m.YOffset(b.Min.X, b.Min.Y+sy):]
			yRow = yRow[:w]
			cOff := m.COffset(b.Min.X, b.Min.Y+sy)
			cbRow, crRow := m.Cb[cOff:], m.Cr[cOff:]
			for dx := 0; dx < n; dx++ {
				var sumY, sumCb, sumCr uint32
				for sx := colLo[dx]; sx < colHi[dx]; sx++ {
					sumY += uint32(yRow[sx])
					ci := cCol[sx]
					sumCb += uint32(cbRow[ci])
					sumCr += uint32(crRow[ci])
				}
				ys[dx] += sumY
				cbs[dx] += sumCb
				crs[dx] += sumCr
			}
		}
		rows := uint32(rowHi[dy] - rowLo[dy])
		for dx := 0; dx < n; dx++ {
			count := rows * uint32(colHi[dx]-colLo[dx])
			half := count / 2
			r, g, bl := color.YCbCrToRGB(uint8((ys[dx]+half)/count), uint8((cbs[dx]+half)/count), uint8((crs[dx]+half)/count))
			i := (dy*n + dx) * 3
			c.rgb[i], c.rgb[i+1], c.rgb[i+2] = r, g, bl
			c.grey[dy*n+dx] = greyOf(r, g, bl)
		}
	}
}

// resample4 box-filters 8-bit RGBA pixels (premultiplied or not) straight
// from their slice. Compositing over white is linear in the pixel values
// (premultiplied: c + 255 - a; straight: (c*a + 255*(255-a)) / 255), so it
// is applied to the cell sums rather than to every pixel.
func resample4(pix []uint8, stride int, premultiplied bool, c *canon, colLo, colHi, rowLo, rowHi []int) {
	const n = canonSize
	var sums [n * 4]uint64 // R, G, B (times a when straight), and 255-a
	for dy := 0; dy < n; dy++ {
		sums = [n * 4]uint64{}
		for sy := rowLo[dy]; sy < rowHi[dy]; sy++ {
			row := pix[sy*stride:]
			for dx := 0; dx < n; dx++ {
				var r, g, bl, missing uint64
				for sx := colLo[dx]; sx < colHi[dx]; sx++ {
					p := row[sx*4 : sx*4+4 : sx*4+4]
					a := uint64(p[3])
					if premultiplied {
						r += uint64(p[0])
						g += uint64(p[1])
						bl += uint64(p[2])
					} else {
						r += uint64(p[0]) * a
						g += uint64(p[1]) * a
						bl += uint64(p[2]) * a
					}
					missing += 255 - a
				}
				s := sums[dx*4 : dx*4+4 : dx*4+4]
				s[0] += r
				s[1] += g
				s[2] += bl
				s[3] += missing
			}
		}
		rows := uint64(rowHi[dy] - rowLo[dy])
		for dx := 0; dx < n; dx++ {
			count := rows * uint64(colHi[dx]-colLo[dx])
			s := sums[dx*4 : dx*4+4 : dx*4+4]
			var rgb [3]uint8
			for k := 0; k < 3; k++ {
				v := s[k]
				if premultiplied {
					v += s[3]
				} else {
					v = (v + 255*s[3] + 127) / 255
				}
				rgb[k] = uint8(min((v+count/2)/count, 255))
			}
			i := (dy*n + dx) * 3
			c.rgb[i], c.rgb[i+1], c.rgb[i+2] = rgb[0], rgb[1], rgb[2]
			c.grey[dy*n+dx] = greyOf(rgb[0], rgb[1], rgb[2])
		}
	}
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
