package photohash

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// Synthetic photos for the tests: a background painter, then a face on top.

type painter func(x, y int) color.RGBA

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }

// checks is a tablecloth of squares of side size.
func checks(size int, a, b color.RGBA) painter {
	return func(x, y int) color.RGBA {
		if (x/size+y/size)%2 == 0 {
			return a
		}
		return b
	}
}

// stripes are diagonal bands of the given period.
func stripes(period int, a, b color.RGBA) painter {
	return func(x, y int) color.RGBA {
		if ((x+y)/(period/2))%2 == 0 {
			return a
		}
		return b
	}
}

// motifs tiles a small flower-like motif (a disc and a cross) on a ground.
func motifs(cell int, ground, ink color.RGBA) painter {
	return func(x, y int) color.RGBA {
		cx, cy := x%cell-cell/2, y%cell-cell/2
		if cx*cx+cy*cy < cell*cell/16 {
			return ink
		}
		if (abs(cx) < cell/12 || abs(cy) < cell/12) && abs(cx) < cell*2/5 && abs(cy) < cell*2/5 {
			return ink
		}
		return ground
	}
}

// room is a wall with a soft light gradient and a few pieces of furniture:
// shelves, a picture frame, a plant, a window, placed by seed.
func room(w, h int, seed uint64) painter {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	wall := rgb(uint8(150+r.IntN(80)), uint8(140+r.IntN(80)), uint8(120+r.IntN(80)))
	type box struct {
		x0, y0, x1, y1 int
		c              color.RGBA
	}
	var boxes []box
	for i := 0; i < 14; i++ {
		bw, bh := w/12+r.IntN(w/5), h/14+r.IntN(h/5)
		x0, y0 := r.IntN(w), r.IntN(h)
		boxes = append(boxes, box{x0, y0, x0 + bw, y0 + bh, rgb(uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)))})
	}
	return func(x, y int) color.RGBA {
		for i := len(boxes) - 1; i >= 0; i-- {
			b := boxes[i]
			if x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1 {
				return b.c
			}
		}
		shade := float64(x+y) / float64(w+h) * 30
		return rgb(sub(wall.R, shade), sub(wall.G, shade), sub(wall.B, shade))
	}
}

// plainWall is a near-uniform wall with a soft vignette, as a passport
// booth's backdrop photographs.
func plainWall(w, h int, c color.RGBA) painter {
	return func(x, y int) color.RGBA {
		dx, dy := float64(x-w/2)/float64(w), float64(y-h/2)/float64(h)
		shade := (dx*dx + dy*dy) * 24
		return rgb(sub(c.R, shade), sub(c.G, shade), sub(c.B, shade))
	}
}

// face describes a head-and-shoulders sitter, in fractions of the photo.
type face struct {
	cx, cy, rx, ry float64 // head ellipse
	skin, shirt    color.RGBA
}

// portrait paints a background, then a head and shoulders, then adds
// sensor noise.
func portrait(w, h int, bg painter, f face, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	noise := rand.New(rand.NewPCG(seed, 7))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := bg(x, y)
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			if ex, ey := (fx-f.cx)/f.rx, (fy-f.cy)/f.ry; ex*ex+ey*ey <= 1 {
				c = f.skin
			}
			// Shoulders: a wide ellipse rising from the bottom edge.
			if ex, ey := (fx-f.cx)/(f.rx*2.6), (fy-1.05)/0.32; ex*ex+ey*ey <= 1 {
				c = f.shirt
			}
			n := noise.IntN(7) - 3
			img.SetRGBA(x, y, rgb(clamp(int(c.R)+n), clamp(int(c.G)+n), clamp(int(c.B)+n)))
		}
	}
	return img
}

var faces = []face{
	{0.50, 0.42, 0.17, 0.22, rgb(224, 172, 105), rgb(30, 40, 90)},
	{0.47, 0.45, 0.20, 0.25, rgb(141, 85, 36), rgb(200, 30, 30)},
	{0.53, 0.40, 0.15, 0.20, rgb(255, 219, 172), rgb(20, 120, 60)},
	{0.50, 0.47, 0.22, 0.27, rgb(198, 134, 66), rgb(240, 240, 240)},
	{0.45, 0.43, 0.18, 0.24, rgb(90, 60, 40), rgb(60, 60, 60)},
	{0.55, 0.44, 0.19, 0.23, rgb(241, 194, 125), rgb(120, 20, 120)},
}

func encodeJPEG(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// reencode round-trips img through JPEG at the given quality.
func reencode(t testing.TB, img image.Image, quality int) image.Image {
	t.Helper()
	out, err := jpeg.Decode(bytes.NewReader(encodeJPEG(t, img, quality)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// scale resizes img bilinearly to w x h.
func scale(img image.Image, w, h int) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		sy := (float64(y)+0.5)*float64(b.Dy())/float64(h) - 0.5
		y0 := int(math.Floor(sy))
		fy := sy - float64(y0)
		for x := 0; x < w; x++ {
			sx := (float64(x)+0.5)*float64(b.Dx())/float64(w) - 0.5
			x0 := int(math.Floor(sx))
			fx := sx - float64(x0)
			var acc [3]float64
			for _, s := range [4]struct {
				dx, dy int
				wt     float64
			}{{0, 0, (1 - fx) * (1 - fy)}, {1, 0, fx * (1 - fy)}, {0, 1, (1 - fx) * fy}, {1, 1, fx * fy}} {
				px := min(max(x0+s.dx, 0), b.Dx()-1) + b.Min.X
				py := min(max(y0+s.dy, 0), b.Dy()-1) + b.Min.Y
				r, g, bl, _ := img.At(px, py).RGBA()
				acc[0] += s.wt * float64(r>>8)
				acc[1] += s.wt * float64(g>>8)
				acc[2] += s.wt * float64(bl>>8)
			}
			out.SetRGBA(x, y, rgb(clamp(int(acc[0]+0.5)), clamp(int(acc[1]+0.5)), clamp(int(acc[2]+0.5))))
		}
	}
	return out
}

// crop cuts frac of the width and height off, split between the sides.
func crop(img image.Image, left, top, right, bottom float64) image.Image {
	b := img.Bounds()
	r := image.Rect(b.Min.X+int(left*float64(b.Dx())), b.Min.Y+int(top*float64(b.Dy())),
		b.Max.X-int(right*float64(b.Dx())), b.Max.Y-int(bottom*float64(b.Dy())))
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
}

func sub(v uint8, d float64) uint8 { return clamp(int(float64(v) - d)) }

func clamp(v int) uint8 { return uint8(min(max(v, 0), 255)) }

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func writeBytes(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }

// sparseDots is wallpaper with dots a fifth of the photo apart, shifted by
// (dx, dy): a crop moves each dot from one border tile into the next, so
// tile by tile two shots of it disagree.
func sparseDots(period int, dx, dy int, ground, ink color.RGBA) painter {
	return func(x, y int) color.RGBA {
		mx, my := (x+dx)%period-period/2, (y+dy)%period-period/2
		if mx*mx+my*my < period*period/12 {
			return ink
		}
		return ground
	}
}
