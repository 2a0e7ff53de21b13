package simulate

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"

	"github.com/mosaic-sec/mosaic"
)

const photoW, photoH = 96, 120

// skinTones span the range of human skin, light to deep.
var skinTones = []color.RGBA{
	{255, 224, 196, 255}, {241, 194, 167, 255}, {224, 172, 138, 255}, {198, 134, 98, 255},
	{170, 110, 75, 255}, {141, 85, 54, 255}, {110, 65, 40, 255}, {82, 50, 32, 255}, {234, 192, 134, 255},
}

var hairColors = []color.RGBA{{20, 16, 14, 255}, {50, 35, 25, 255}, {95, 62, 38, 255}, {160, 120, 70, 255}, {200, 170, 110, 255}, {120, 120, 120, 255}, {150, 60, 35, 255}}

// plainWalls are what honest photos have behind them: walls and the white
// or grey of passport-style photos.
var plainWalls = []color.RGBA{{245, 245, 245, 255}, {235, 235, 238, 255}, {220, 222, 225, 255}, {250, 248, 240, 255}, {214, 228, 240, 255}, {232, 222, 205, 255}, {200, 205, 210, 255}, {225, 235, 225, 255}}

// photoPainter draws one photo; all randomness comes from r.
type photoPainter struct {
	img *image.RGBA
	r   randSource
	// textures, when set, are real surfaces some backdrops are drawn on
	// (see realBackdrop).
	textures *Textures
}

func (pp *photoPainter) set(x, y int, c color.RGBA) {
	if x < 0 || y < 0 || x >= photoW || y >= photoH {
		return
	}
	i := pp.img.PixOffset(x, y)
	pp.img.Pix[i], pp.img.Pix[i+1], pp.img.Pix[i+2], pp.img.Pix[i+3] = c.R, c.G, c.B, 255
}

func shade(c color.RGBA, d int) color.RGBA {
	clamp := func(v int) uint8 { return uint8(max(0, min(255, v))) }
	return color.RGBA{clamp(int(c.R) + d), clamp(int(c.G) + d), clamp(int(c.B) + d), 255}
}

// plainBackground: a wall, possibly with a soft gradient or a door edge.
func (pp *photoPainter) plainBackground() {
	r := pp.r
	base := pick(r, plainWalls)
	base = shade(base, between(r, -12, 8))
	style := r.IntN(4)
	edge := between(r, 10, 86)
	noise := newGrain(r)
	for y := 0; y < photoH; y++ {
		for x := 0; x < photoW; x++ {
			c := base
			switch style {
			case 1:
				c = shade(base, -y/8)
			case 2:
				c = shade(base, (x-photoW/2)/10)
			case 3:
				if x > edge && x < edge+3 {
					c = shade(base, -30)
				}
			}
			pp.set(x, y, shade(c, noise.next()))
		}
	}
}

// patternBackground paints a ring's backdrop: the same tablecloth, tiles or
// room behind every persona, shifted a little as crops differ.
func (pp *photoPainter) patternBackground(pattern int) {
	pr := rand.New(rand.NewPCG(uint64(pattern), 77))
	kind := pr.IntN(4)
	c1 := color.RGBA{uint8(pr.IntN(200)), uint8(pr.IntN(200)), uint8(pr.IntN(200)), 255}
	c2 := color.RGBA{uint8(120 + pr.IntN(135)), uint8(120 + pr.IntN(135)), uint8(120 + pr.IntN(135)), 255}
	cell := 6 + pr.IntN(8)
	dx, dy := pp.r.IntN(4), pp.r.IntN(4)
	bright := pp.r.IntN(13) - 6
	noise := newGrain(pp.r)
	for y := 0; y < photoH; y++ {
		for x := 0; x < photoW; x++ {
			X, Y := x+dx, y+dy
			var c color.RGBA
			switch kind {
			case 0: // gingham tablecloth
				a, b := (X/cell)%2 == 0, (Y/cell)%2 == 0
				switch {
				case a && b:
					c = c1
				case a || b:
					c = color.RGBA{uint8((int(c1.R) + int(c2.R)) / 2), uint8((int(c1.G) + int(c2.G)) / 2), uint8((int(c1.B) + int(c2.B)) / 2), 255}
				default:
					c = c2
				}
			case 1: // diagonal stripes
				if ((X+Y)/cell)%2 == 0 {
					c = c1
				} else {
					c = c2
				}
			case 2: // tiled dots, like wallpaper
				mx, my := X%(cell*2)-cell, Y%(cell*2)-cell
				if mx*mx+my*my < cell*cell/3 {
					c = c1
				} else {
					c = c2
				}
			default: // a room: shelf lines on a wall, a window block
				c = c2
				if Y%(cell*3) < 2 {
					c = c1
				}
				if X > photoW-30 && Y < 45 {
					c = color.RGBA{200, 225, 245, 255}
				}
			}
			pp.set(x, y, shade(c, bright+noise.next()))
		}
	}
}

// face draws a head and shoulders: a blob that is a face to the eye and
// different for every person.
func (pp *photoPainter) face() {
	r := pp.r
	skin := shade(pick(r, skinTones), between(r, -10, 10))
	hair := pick(r, hairColors)
	shirt := color.RGBA{uint8(r.IntN(220)), uint8(r.IntN(220)), uint8(r.IntN(220)), 255}
	// People differ in haircut and glasses as much as in colouring: with
	// colouring alone, thousands of applicants drew sitters so alike that
	// their photos passed for copies of one photo. (Framing stays within a
	// passport photo's: see docs/linking.md on close framing.)
	cx := float64(photoW/2 + between(r, -5, 5))
	cy := float64(52 + between(r, -5, 5))
	rx := float64(between(r, 20, 25))
	ry := rx * (1.2 + r.Float64()*0.15)
	hairLen := r.Float64() * 0.9
	fringe := -ry * 0.35 // where the hair ends above the forehead
	switch r.IntN(4) {
	case 0:
		fringe = -ry * 0.1 // a fringe down to the brows
	case 1:
		fringe = -ry * 0.6 // a high hairline
	}
	glasses := chance(r, 0.25)
	// Only the box around head and shoulders can change.
	top := max(0, int(cy-ry-12))
	for y := top; y < photoH; y++ {
		for x := 0; x < photoW; x++ {
			fx, fy := float64(x)-cx, float64(y)-cy
			// shoulders
			sy := float64(y) - (cy + ry + 18)
			if sy > -10 && (fx*fx)/(48*48)+(sy*sy)/(30*30) < 1 {
				pp.set(x, y, shirt)
			}
			// neck
			if fy > ry*0.6 && fy < ry+12 && fx > -rx*0.4 && fx < rx*0.4 {
				pp.set(x, y, shade(skin, -15))
			}
			// hair behind and above
			hx, hy := fx/(rx+5), (fy+4)/(ry+6)
			if hx*hx+hy*hy < 1 && (fy < fringe || fy < ry*hairLen && (fx < -rx*0.8 || fx > rx*0.8)) {
				pp.set(x, y, hair)
			}
			// face
			ex, ey := fx/rx, fy/ry
			if ex*ex+ey*ey < 1 && fy > fringe {
				pp.set(x, y, shade(skin, int(-12*ex*ex)))
			}
		}
	}
	eyeY := int(cy - ry*0.1)
	eyeDX := int(rx * 0.42)
	for _, ex := range []int{int(cx) - eyeDX, int(cx) + eyeDX} {
		for y := eyeY - 1; y <= eyeY+1; y++ {
			for x := ex - 2; x <= ex+2; x++ {
				pp.set(x, y, color.RGBA{30, 25, 25, 255})
			}
		}
	}
	if glasses {
		frame := color.RGBA{25, 25, 30, 255}
		for _, ex := range []int{int(cx) - eyeDX, int(cx) + eyeDX} {
			for x := ex - 6; x <= ex+6; x++ {
				pp.set(x, eyeY-5, frame)
				pp.set(x, eyeY+5, frame)
			}
			for y := eyeY - 5; y <= eyeY+5; y++ {
				pp.set(ex-6, y, frame)
				pp.set(ex+6, y, frame)
			}
		}
		for x := int(cx) - eyeDX + 6; x <= int(cx)+eyeDX-6; x++ {
			pp.set(x, eyeY-1, frame)
		}
	}
	mouthY := int(cy + ry*0.5)
	for x := int(cx) - int(rx*0.3); x <= int(cx)+int(rx*0.3); x++ {
		pp.set(x, mouthY, shade(skin, -60))
	}
}

// writePhotos writes a JPEG or PNG for each application with a photo. A
// person's face is the same on every application; ring members with the
// photo_background technique share their ring's backdrop. Each person has
// their own random stream, so people are drawn in parallel and the files
// are the same whatever the scheduling.
func (w *world) writePhotos(ctx context.Context, dir string, progress Progress) (int64, error) {
	var todo []int
	for _, p := range w.people {
		for _, ai := range p.apps {
			if w.apps[ai].photo {
				todo = append(todo, p.idx)
				break
			}
		}
	}
	type scratch struct {
		img       *image.RGBA
		jpg, png  bytes.Buffer
		pngEncode png.Encoder
	}
	// One scratch set per concurrent job; the pool keeps them across people.
	pool := sync.Pool{New: func() any {
		return &scratch{img: image.NewRGBA(image.Rect(0, 0, photoW, photoH)),
			pngEncode: png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &onePNGBuffer{}}}
	}}
	labels := make([]backdropLabel, len(todo))
	var written atomic.Int64
	_, err := parallel(ctx, len(todo), "photos", progress, func(k int) error {
		s := pool.Get().(*scratch)
		defer pool.Put(s)
		p := w.people[todo[k]]
		pp := &photoPainter{img: s.img, r: rand.New(rand.NewPCG(uint64(w.cfg.Seed), uint64(p.idx)<<8|streamPhotos))}
		pp.textures = w.cfg.Textures
		label := backdropLabel{kind: "plain"}
		switch {
		case p.tags.has(techPhotoBackground) && pp.textures.Len() > 0 && w.rings[p.ring].pattern%4 != 0:
			label = pp.ringTexture(w.rings[p.ring].pattern)
		case p.tags.has(techPhotoBackground):
			pp.patternBackground(w.rings[p.ring].pattern)
			label.kind = "ring_synthetic"
		case pp.textures.Len() > 0:
			label = pp.honestBackdrop(uint64(w.cfg.Seed), studioCount(w.cfg.Applicants))
		default:
			pp.plainBackground()
		}
		labels[k] = label
		pp.face()
		s.jpg.Reset()
		s.png.Reset()
		for _, ai := range p.apps {
			a := &w.apps[ai]
			if !a.photo {
				continue
			}
			buf := &s.jpg
			var err error
			if a.png {
				buf = &s.png
				if buf.Len() == 0 {
					err = s.pngEncode.Encode(buf, s.img)
				}
			} else if buf.Len() == 0 {
				err = jpeg.Encode(buf, s.img, &jpeg.Options{Quality: 85})
			}
			if err != nil {
				return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot encode photo for %s", a.id)
			}
			_, photo := w.appFiles(a)
			path := dir + "/" + photo
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write %s", path)
			}
			written.Add(1)
		}
		return nil
	})
	if err != nil || w.cfg.Textures.Len() == 0 {
		return written.Load(), err
	}
	return written.Load(), w.writeBackdropTruth(dir, todo, labels)
}

// onePNGBuffer keeps one worker's PNG encoder state between photos: the
// compressor is large and allocating it per photo dominated the cost.
type onePNGBuffer struct{ b *png.EncoderBuffer }

func (o *onePNGBuffer) Get() *png.EncoderBuffer  { return o.b }
func (o *onePNGBuffer) Put(b *png.EncoderBuffer) { o.b = b }

// grain is sensor noise in -2..2: a xorshift, far cheaper per pixel than
// the main random source, seeded from it so photos stay deterministic.
type grain struct{ s uint32 }

func newGrain(r randSource) *grain { return &grain{s: uint32(r.Uint64()) | 1} }

func (g *grain) next() int {
	g.s ^= g.s << 13
	g.s ^= g.s >> 17
	g.s ^= g.s << 5
	return int(g.s%5) - 2
}
