package simulate

import (
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"
)

// Backdrops on real surfaces, drawn when Config.Textures is set.
//
// The world they describe: a ring photographs every persona in front of
// one cloth (a tablecloth, a sheet pinned to a wall), hung the same way
// each time but never framed quite alike, so the cloth shifts, scales,
// turns a few degrees and is re-lit from photo to photo. Honest people
// stand in front of whatever wall they have: most plain, some brick,
// stone, wood, paper or plaster, each a different wall. And many strangers
// share a photo studio's backdrop, which links nobody.

// Shares of honest people by backdrop, when textures are set.
const (
	studioShare       = 0.08
	texturedWallShare = 0.30
)

// studioCount gives a company one photo studio per 400 applicants (at
// least two), so that a studio serves some 30 strangers at any size: more
// than the largest ring, as busy studios are.
func studioCount(applicants int) int { return max(2, applicants/400) }

// backdropLabel says what is behind one person's photo, for
// truth_backdrops.csv: the evaluation's label, never an export.
type backdropLabel struct {
	kind    string // plain, wall, studio, ring_texture or ring_synthetic
	texture string // the texture's name, for wall, studio and ring_texture
	group   int    // the studio or ring pattern, -1 otherwise
}

// ringTexture paints a ring's cloth. The ring's pattern number fixes the
// cloth and how it hangs (style); this photo's random source varies the
// framing and the light.
func (pp *photoPainter) ringTexture(pattern int) backdropLabel {
	pr := rand.New(rand.NewPCG(uint64(pattern), 78))
	tex := pp.textures.items[pr.IntN(len(pp.textures.items))]
	base := view{
		tex:   tex,
		scale: 0.55 + 0.6*pr.Float64(),
		angle: (pr.Float64() - 0.5) * 0.3,
		dx:    pr.Float64() * float64(tex.W),
		dy:    pr.Float64() * float64(tex.H),
	}
	style := pr.IntN(3)
	side := pr.IntN(2)
	wallW := 5 + pr.IntN(8)
	foldAmp, foldPeriod := 1.5+2*pr.Float64(), 30+20*pr.Float64()
	wall := pick(pr, plainWalls)

	r := pp.r
	v := base
	v.scale *= 1 + (r.Float64()-0.5)*0.16 // framing: ±8%
	v.angle += (r.Float64() - 0.5) * 0.1  // ±3 degrees
	v.dx += float64(between(r, -8, 8)) * v.scale
	v.dy += float64(between(r, -8, 8)) * v.scale
	v.gain = 0.8 + 0.4*r.Float64()
	v.offset = float64(between(r, -12, 12))
	for c := range v.tint {
		v.tint[c] = 0.95 + 0.1*r.Float64()
	}
	noise := newGrain(r)
	for y := 0; y < photoH; y++ {
		for x := 0; x < photoW; x++ {
			if style == 1 && ((side == 0 && x < wallW) || (side == 1 && x >= photoW-wallW)) {
				// The cloth hangs off centre: a strip of the wall shows.
				pp.set(x, y, shade(wall, noise.next()))
				continue
			}
			sx := x
			if style == 2 {
				// A draped cloth folds: rows sway sideways.
				sx += int(math.Round(foldAmp * math.Sin(2*math.Pi*float64(y)/foldPeriod)))
			}
			pp.setRGB(x, y, v.at(sx, y), noise.next())
		}
	}
	return backdropLabel{kind: "ring_texture", texture: tex.Name, group: pattern}
}

// honestBackdrop paints an honest person's backdrop: a plain wall, a
// textured wall of their own, or one of the company's photo studios.
func (pp *photoPainter) honestBackdrop(seed uint64, studios int) backdropLabel {
	r := pp.r
	u := r.Float64()
	switch {
	case u < studioShare:
		s := r.IntN(studios)
		sr := rand.New(rand.NewPCG(seed, uint64(s)<<8|79))
		tex := pp.textures.items[sr.IntN(len(pp.textures.items))]
		v := view{tex: tex, scale: 0.6 + 0.6*sr.Float64(), dx: sr.Float64() * float64(tex.W), dy: sr.Float64() * float64(tex.H)}
		// A studio frames alike: a few pixels of shift, a little light.
		v.dx += float64(between(r, -3, 3))
		v.dy += float64(between(r, -3, 3))
		v.gain = 0.9 + 0.2*r.Float64()
		pp.paintView(&v)
		return backdropLabel{kind: "studio", texture: tex.Name, group: s}
	case u < studioShare+texturedWallShare:
		tex := pp.textures.items[r.IntN(len(pp.textures.items))]
		v := view{
			tex:   tex,
			scale: 0.4 + 1.2*r.Float64(),
			angle: (r.Float64() - 0.5) * 0.2,
			dx:    r.Float64() * float64(2*tex.W),
			dy:    r.Float64() * float64(2*tex.H),
			gain:  0.75 + 0.5*r.Float64(),
		}
		for c := range v.tint {
			v.tint[c] = 0.9 + 0.2*r.Float64()
		}
		pp.paintView(&v)
		return backdropLabel{kind: "wall", texture: tex.Name, group: -1}
	}
	pp.plainBackground()
	return backdropLabel{kind: "plain", group: -1}
}

func (pp *photoPainter) paintView(v *view) {
	if v.gain == 0 {
		v.gain = 1
	}
	noise := newGrain(pp.r)
	for y := 0; y < photoH; y++ {
		for x := 0; x < photoW; x++ {
			pp.setRGB(x, y, v.at(x, y), noise.next())
		}
	}
}

func (pp *photoPainter) setRGB(x, y int, c [3]float64, grain int) {
	clamp := func(v float64) uint8 { return uint8(max(0, min(255, math.Round(v)+float64(grain)))) }
	pp.set(x, y, color.RGBA{clamp(c[0]), clamp(c[1]), clamp(c[2]), 255})
}

// writeBackdropTruth writes truth_backdrops.csv: what is behind each
// application's photo, for measuring the backdrop matcher (a label for
// evaluation only, like truth.csv).
func (w *world) writeBackdropTruth(dir string, todo []int, labels []backdropLabel) error {
	t, err := createTable(dir+"/truth_backdrops.csv", "application_id", "backdrop", "texture", "group")
	if err != nil {
		return err
	}
	for k, pi := range todo {
		l := labels[k]
		group := ""
		if l.group >= 0 {
			group = strconv.Itoa(l.group)
		}
		for _, ai := range w.people[pi].apps {
			if a := &w.apps[ai]; a.photo {
				if err := t.row(a.id, l.kind, l.texture, group); err != nil {
					t.close()
					return err
				}
			}
		}
	}
	return t.close()
}
