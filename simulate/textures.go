package simulate

import (
	"bytes"
	"embed"
	"image"
	_ "image/gif" // decoders for LoadTextures
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Real surfaces for backdrops. A synthetic gingham is easy: two inks, one
// period. Real cloth, stone, brick and paper are stochastic, and two walls
// of one colour differ only in their pattern, which is what a backdrop
// matcher must learn to see. The crops in textures/ come from Debian
// packages (see textures/README.md); LoadTextures reads a larger folder
// extracted by textures/fetch.sh.

//go:embed textures/*.jpg
var builtinTextureFiles embed.FS

// textureMaxSide bounds a texture's side after loading: a photo is 96x120
// pixels and a backdrop is drawn at 0.4-1.6 texture pixels per photo
// pixel, so larger images only cost memory.
const textureMaxSide = 192

// textureMinSide: smaller images (icons, trims) cannot fill a backdrop
// without repeating visibly.
const textureMinSide = 64

// textureMinStdDev is the least grey-level spread of a usable texture: a
// flat image is a plain wall, which plainBackground already paints.
const textureMinStdDev = 6

// maxTextures bounds how many textures a folder contributes, so that a
// game's thousands of textures keep memory small (192x192 RGB each).
const maxTextures = 400

// Texture is one decoded surface, stored as RGB rows.
type Texture struct {
	Name string
	W, H int
	Pix  []uint8
}

// Textures is a set of real surfaces to draw backdrops from. Nil means
// synthetic backdrops only, as before there were real ones.
type Textures struct {
	items []*Texture
}

// Len returns the number of textures.
func (t *Textures) Len() int {
	if t == nil {
		return 0
	}
	return len(t.items)
}

// BuiltinTextures returns the small set of crops committed with the
// simulator, so tests and CI have real surfaces without a network.
func BuiltinTextures() (*Textures, error) {
	names, err := fs.Glob(builtinTextureFiles, "textures/*.jpg")
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot list the built-in textures")
	}
	set := &Textures{}
	for _, n := range names {
		f, err := builtinTextureFiles.Open(n)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot open %s", n)
		}
		tex, ok, err := decodeTexture(f, strings.TrimSuffix(filepath.Base(n), ".jpg"))
		f.Close()
		if err != nil {
			return nil, err
		}
		if ok {
			set.items = append(set.items, tex)
		}
	}
	return set, nil
}

// LoadTextures reads every JPEG, PNG and GIF image under dir (other files
// are skipped), in name order, keeping up to maxTextures that are large and
// structured enough to fill a backdrop. "builtin" names the committed crops.
func LoadTextures(dir string) (*Textures, error) {
	if dir == "builtin" {
		return BuiltinTextures()
	}
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".jpg", ".jpeg", ".png", ".gif":
			if !d.IsDir() {
				paths = append(paths, path)
			}
		}
		return nil
	})
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the texture folder %s", dir)
	}
	sort.Strings(paths)
	// A folder of thousands keeps an even sample: every k-th image.
	step := max(1, len(paths)/(2*maxTextures))
	set := &Textures{}
	for i := 0; i < len(paths) && len(set.items) < maxTextures; i += step {
		f, err := os.Open(paths[i])
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot open texture %s", paths[i])
		}
		rel, _ := filepath.Rel(dir, paths[i])
		tex, ok, err := decodeTexture(f, rel)
		f.Close()
		if err != nil || !ok {
			continue // an unreadable or unsuitable image is not a texture
		}
		set.items = append(set.items, tex)
	}
	if len(set.items) == 0 {
		return nil, mosaic.Errorf(mosaic.EINVALID, "no usable texture images (JPEG, PNG or GIF, %d pixels or more, not flat) under %s", textureMinSide, dir)
	}
	return set, nil
}

// decodeTexture decodes one image, box-filters it down to textureMaxSide
// and reports whether it is usable.
func decodeTexture(r io.Reader, name string) (*Texture, bool, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<26))
	if err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot read texture %s", name)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot decode texture %s", name)
	}
	if cfg.Width < textureMinSide || cfg.Height < textureMinSide || cfg.Width > 8192 || cfg.Height > 8192 {
		return nil, false, nil
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, false, mosaic.WrapError(mosaic.EINVALID, err, "cannot decode texture %s", name)
	}
	b := img.Bounds()
	f := max(1, (max(b.Dx(), b.Dy())+textureMaxSide-1)/textureMaxSide)
	tex := &Texture{Name: name, W: b.Dx() / f, H: b.Dy() / f}
	tex.Pix = make([]uint8, tex.W*tex.H*3)
	var gSum, gSq float64
	for y := 0; y < tex.H; y++ {
		for x := 0; x < tex.W; x++ {
			var s [3]uint32
			for dy := 0; dy < f; dy++ {
				for dx := 0; dx < f; dx++ {
					r, g, bb, _ := img.At(b.Min.X+x*f+dx, b.Min.Y+y*f+dy).RGBA()
					s[0] += r >> 8
					s[1] += g >> 8
					s[2] += bb >> 8
				}
			}
			i := (y*tex.W + x) * 3
			n := uint32(f * f)
			for k := range 3 {
				tex.Pix[i+k] = uint8(s[k] / n)
			}
			grey := 0.299*float64(tex.Pix[i]) + 0.587*float64(tex.Pix[i+1]) + 0.114*float64(tex.Pix[i+2])
			gSum += grey
			gSq += grey * grey
		}
	}
	n := float64(tex.W * tex.H)
	mean := gSum / n
	if math.Sqrt(math.Max(0, gSq/n-mean*mean)) < textureMinStdDev {
		return nil, false, nil
	}
	return tex, true, nil
}

// view is how a texture is laid behind a sitter: photo pixel (x, y) shows
// texture point (x, y) rotated by angle, scaled by scale texture pixels
// per photo pixel and shifted by (dx, dy). The texture repeats mirrored,
// so no seam is drawn. gain and offset re-light it.
type view struct {
	tex          *Texture
	scale, angle float64
	dx, dy       float64
	gain, offset float64
	// tint multiplies each channel: the same stone under warmer light.
	tint [3]float64
}

// at returns the colour of photo pixel (x, y), bilinearly sampled.
func (v *view) at(x, y int) [3]float64 {
	cs, sn := math.Cos(v.angle), math.Sin(v.angle)
	fx, fy := float64(x)-photoW/2, float64(y)-photoH/2
	u := (fx*cs-fy*sn)*v.scale + v.dx
	w := (fx*sn+fy*cs)*v.scale + v.dy
	t := v.tex
	x0, y0 := math.Floor(u), math.Floor(w)
	ax, ay := u-x0, w-y0
	var out [3]float64
	for k := 0; k < 4; k++ {
		px, py := int(x0)+k%2, int(y0)+k/2
		wgt := (1 - ax) * (1 - ay)
		switch k {
		case 1:
			wgt = ax * (1 - ay)
		case 2:
			wgt = (1 - ax) * ay
		case 3:
			wgt = ax * ay
		}
		i := (mirror(py, t.H)*t.W + mirror(px, t.W)) * 3
		for c := range 3 {
			out[c] += wgt * float64(t.Pix[i+c])
		}
	}
	for c := range 3 {
		tint := v.tint[c]
		if tint == 0 {
			tint = 1
		}
		out[c] = out[c]*v.gain*tint + v.offset
	}
	return out
}

// mirror folds any integer coordinate into [0, n) by mirrored repeat.
func mirror(i, n int) int {
	p := 2 * n
	i %= p
	if i < 0 {
		i += p
	}
	if i >= n {
		i = p - 1 - i
	}
	return i
}
