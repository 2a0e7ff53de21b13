package photohash

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

const testW, testH = 360, 480

// backdrops are the patterned backgrounds a ring might reuse.
func backdrops() map[string]painter {
	return map[string]painter{
		"checks":  checks(40, rgb(30, 60, 160), rgb(230, 230, 230)),
		"gingham": checks(24, rgb(200, 30, 30), rgb(240, 240, 230)),
		"stripes": stripes(30, rgb(40, 140, 60), rgb(230, 220, 120)),
		"motifs":  motifs(48, rgb(240, 230, 200), rgb(120, 40, 90)),
		"room":    room(testW, testH, 2),
		"room-b":  room(testW, testH, 11),
	}
}

func find(t *testing.T, photos ...Photo) []Match {
	t.Helper()
	ms, err := FindMatches(context.Background(), photos, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestDifferentFacesSameBackdropMatch(t *testing.T) {
	for name, bg := range backdrops() {
		t.Run(name, func(t *testing.T) {
			var photos []Photo
			for i, f := range faces[:4] {
				img := portrait(testW, testH, bg, f, uint64(i))
				photos = append(photos, Photo{ID: fmt.Sprint(name, i), FP: FromImage(img)})
			}
			ms := find(t, photos...)
			// Four sitters on one backdrop: every pair, as a background match.
			if len(ms) != 6 {
				t.Fatalf("got %d matches, want 6: %+v", len(ms), ms)
			}
			for _, m := range ms {
				if m.Kind != KindBackground || m.Similarity < 0.5 || m.A >= m.B {
					t.Errorf("unexpected match %+v", m)
				}
			}
		})
	}
}

func TestReencodedScaledCroppedStillMatch(t *testing.T) {
	variants := []struct {
		name string
		make func(t *testing.T, img image.Image) image.Image
	}{
		{"jpeg q90", func(t *testing.T, img image.Image) image.Image { return reencode(t, img, 90) }},
		{"jpeg q35", func(t *testing.T, img image.Image) image.Image { return reencode(t, img, 35) }},
		{"scaled 0.8", func(t *testing.T, img image.Image) image.Image { return scale(img, testW*4/5, testH*4/5) }},
		{"scaled 1.3 + jpeg", func(t *testing.T, img image.Image) image.Image {
			return reencode(t, scale(img, testW*13/10, testH*13/10), 70)
		}},
		{"cropped 2%", func(t *testing.T, img image.Image) image.Image { return crop(img, 0.02, 0.02, 0, 0.01) }},
		{"cropped 3% + scaled + jpeg", func(t *testing.T, img image.Image) image.Image {
			return reencode(t, scale(crop(img, 0.01, 0.03, 0.02, 0), 300, 400), 60)
		}},
	}
	for name, bg := range backdrops() {
		base := portrait(testW, testH, bg, faces[0], 1)
		other := portrait(testW, testH, bg, faces[2], 2)
		for _, v := range variants {
			t.Run(name+"/"+v.name, func(t *testing.T) {
				// The same photo re-encoded, and another sitter on the
				// re-encoded backdrop.
				for _, img := range []image.Image{base, other} {
					ms := find(t, Photo{ID: "orig", FP: FromImage(base)}, Photo{ID: "copy", FP: FromImage(v.make(t, img))})
					if len(ms) != 1 {
						t.Fatalf("got %d matches, want 1", len(ms))
					}
				}
			})
		}
	}
}

func TestPlainWallsNeverMatch(t *testing.T) {
	walls := map[string]painter{
		"white":      plainWall(testW, testH, rgb(250, 250, 250)),
		"grey":       plainWall(testW, testH, rgb(200, 200, 205)),
		"light-blue": plainWall(testW, testH, rgb(190, 215, 240)),
	}
	var photos []Photo
	for name, wall := range walls {
		for i, f := range faces {
			img := reencode(t, portrait(testW, testH, wall, f, uint64(i)), 85)
			fp := FromImage(img)
			if !fp.Plain {
				t.Errorf("%s wall, face %d: Plain = false (variance %.1f, edges %.3f)", name, i, fp.Variance, fp.EdgeDensity)
			}
			photos = append(photos, Photo{ID: fmt.Sprint(name, i), FP: fp})
		}
	}
	if ms := find(t, photos...); len(ms) != 0 {
		t.Fatalf("plain walls matched: %+v", ms)
	}
}

func TestSamePhotoOnPlainWallMatches(t *testing.T) {
	img := portrait(testW, testH, plainWall(testW, testH, rgb(245, 245, 245)), faces[1], 1)
	ms := find(t, Photo{ID: "a", FP: FromImage(img)}, Photo{ID: "b", FP: FromImage(reencode(t, scale(img, 270, 360), 50))})
	if len(ms) != 1 || ms[0].Kind != KindSamePhoto {
		t.Fatalf("got %+v, want one same_photo match", ms)
	}
}

func TestDifferentBackdropsDoNotMatch(t *testing.T) {
	var photos []Photo
	for name, bg := range backdrops() {
		// The same sitter on every backdrop: only the backdrop differs.
		photos = append(photos, Photo{ID: name, FP: FromImage(portrait(testW, testH, bg, faces[0], 1))})
	}
	// Same geometry, other colours; same colours, other geometry.
	photos = append(photos,
		Photo{ID: "checks-green", FP: FromImage(portrait(testW, testH, checks(40, rgb(30, 140, 60), rgb(230, 230, 230)), faces[0], 1))},
		Photo{ID: "checks-small", FP: FromImage(portrait(testW, testH, checks(16, rgb(30, 60, 160), rgb(230, 230, 230)), faces[0], 1))},
		Photo{ID: "stripes-wide", FP: FromImage(portrait(testW, testH, stripes(80, rgb(40, 140, 60), rgb(230, 220, 120)), faces[0], 1))},
	)
	if ms := find(t, photos...); len(ms) != 0 {
		t.Fatalf("different backdrops matched: %+v", ms)
	}
}

func TestFindMatchesRejectsBadInput(t *testing.T) {
	fp := FromImage(portrait(64, 64, checks(8, rgb(0, 0, 0), rgb(255, 255, 255)), faces[0], 1))
	broken := fp
	broken.Texture = broken.Texture[:3]
	huge := Fingerprint{Border: make([]uint64, 100), Texture: make([]uint64, 100), Tiles: make([]TileStats, 100)}
	tests := []struct {
		name   string
		photos []Photo
	}{
		{"duplicate id", []Photo{{ID: "a", FP: fp}, {ID: "a", FP: fp}}},
		{"empty id", []Photo{{ID: "", FP: fp}}},
		{"ragged fingerprint", []Photo{{ID: "a", FP: fp}, {ID: "b", FP: broken}}},
		{"too many tiles", []Photo{{ID: "a", FP: huge}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FindMatches(context.Background(), tt.photos, Options{})
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
	}
}

func TestFindMatchesEdgeCases(t *testing.T) {
	ctx := context.Background()
	if ms, err := FindMatches(ctx, nil, Options{}); err != nil || len(ms) != 0 {
		t.Fatalf("nil input: %v %v", ms, err)
	}
	// Zero fingerprints (photos that could not be read) match nothing.
	ms, err := FindMatches(ctx, []Photo{{ID: "a"}, {ID: "b"}}, Options{})
	if err != nil || len(ms) != 0 {
		t.Fatalf("zero fingerprints: %v %v", ms, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	fp := FromImage(portrait(64, 64, checks(8, rgb(0, 0, 0), rgb(255, 255, 255)), faces[0], 1))
	if _, err := FindMatches(cancelled, []Photo{{ID: "a", FP: fp}, {ID: "b", FP: fp}}, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err = %v", err)
	}
}

// TestIndexFindsWhatBruteForceFinds checks the banded index against a
// comparison of every pair, on fingerprints with planted near-copies.
func TestIndexFindsWhatBruteForceFinds(t *testing.T) {
	photos := syntheticPhotos(3000, 7)
	opts := Options{}.withDefaults()
	got, err := FindMatches(context.Background(), photos, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want []Match
	for i := range photos {
		for j := i + 1; j < len(photos); j++ {
			if m, ok := compare(&photos[i], &photos[j], opts); ok {
				want = append(want, m)
			}
		}
	}
	key := func(m Match) string { return m.A + "|" + m.B + "|" + m.Kind }
	gk, wk := make([]string, len(got)), make([]string, len(want))
	for i, m := range got {
		gk[i] = key(m)
	}
	for i, m := range want {
		wk[i] = key(m)
	}
	slices.Sort(gk)
	slices.Sort(wk)
	if len(want) < 100 {
		t.Fatalf("only %d planted matches: the generator is broken", len(want))
	}
	if !slices.Equal(gk, wk) {
		t.Fatalf("index found %d matches, brute force %d", len(got), len(want))
	}
}

// syntheticPhotos makes n fingerprints: independent random ones, with
// groups that share a backdrop (border tiles a few bits apart) or a whole
// photo (up to maxIndexedDistance bits apart).
func syntheticPhotos(n int, seed uint64) []Photo {
	r := rand.New(rand.NewPCG(seed, seed))
	flip := func(h uint64, k int) uint64 {
		for i := 0; i < k; i++ {
			h ^= 1 << r.IntN(64)
		}
		return h
	}
	random := func() Fingerprint {
		fp := Fingerprint{Whole: r.Uint64(), Border: make([]uint64, len(BorderTiles)), Texture: make([]uint64, len(BorderTiles)), Tiles: make([]TileStats, len(BorderTiles))}
		for k := range fp.Border {
			fp.Border[k], fp.Texture[k] = r.Uint64(), r.Uint64()
			c := [3]uint8{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256))}
			fp.Tiles[k] = TileStats{Mean: c, Dark: c, Light: c, Textured: r.IntN(4) > 0}
		}
		for i := range fp.Thumb {
			fp.Thumb[i] = uint8(r.IntN(256))
		}
		fp.Plain = r.IntN(10) == 0
		return fp
	}
	photos := make([]Photo, 0, n)
	var last Fingerprint
	for i := 0; i < n; i++ {
		fp := random()
		switch {
		case i > 0 && r.IntN(8) == 0: // same backdrop as the previous photo
			for k := range fp.Border {
				fp.Border[k] = flip(last.Border[k], r.IntN(8))
				fp.Texture[k] = last.Texture[k]
				fp.Tiles[k] = last.Tiles[k]
			}
			fp.Plain = false
		case i > 0 && r.IntN(16) == 0: // same photo as the previous one
			fp = last
			fp.Whole = flip(last.Whole, r.IntN(maxIndexedDistance+1))
		}
		photos = append(photos, Photo{ID: fmt.Sprintf("P%05d", i), FP: fp})
		last = fp
	}
	return photos
}

func TestHashBandsCoverDistance(t *testing.T) {
	// Pigeonhole: any two hashes at most maxIndexedDistance apart share a
	// band within one bit.
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 2000; trial++ {
		a := r.Uint64()
		b := a
		for bits.OnesCount64(a^b) < maxIndexedDistance {
			b ^= 1 << r.IntN(64)
		}
		ok := false
		for band := 0; band < bandCount; band++ {
			if bits.OnesCount64((a^b)>>(band*bandBits)&(1<<bandBits-1)) <= 1 {
				ok = true
			}
		}
		if !ok {
			t.Fatalf("%x and %x share no band", a, b)
		}
	}
}

// doorFrame is a plain wall with a thin dark frame running the full
// height of the photo at column x: the corner of a room or a door edge,
// behind a great many honest photos.
func doorFrame(w, h int, c color.RGBA, x int) painter {
	wall := plainWall(w, h, c)
	return func(px, py int) color.RGBA {
		if px >= x && px < x+w/30 {
			return rgb(sub(c.R, 40), sub(c.G, 40), sub(c.B, 40))
		}
		return wall(px, py)
	}
}

// withHair adds a mass of dark hair to a sitter that reaches the top edge
// and, long and off centre, one side of the photo.
func withHair(img *image.RGBA, f face, hair color.RGBA) *image.RGBA {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			ex, ey := (fx-f.cx)/(f.rx*1.5), (fy-f.cy+0.1)/(f.ry*1.6)
			if ex*ex+ey*ey <= 1 && (fy < f.cy-f.ry*0.5 || fx < f.cx-f.rx*0.9 || fx > f.cx+f.rx*0.9) {
				img.SetRGBA(x, y, hair)
			}
		}
	}
	return img
}

// TestSilhouetteAndDoorFrameNeverMatch: portraits of different people on
// walls with a door frame at the same place, their hair reaching the top
// edge and their shoulders the lower sides. The tiles that agree show the
// sitters' silhouettes and one straight line, not a shared backdrop.
func TestSilhouetteAndDoorFrameNeverMatch(t *testing.T) {
	hair := []color.RGBA{rgb(20, 16, 14), rgb(50, 35, 25), rgb(95, 62, 38)}
	var photos []Photo
	for wi, wall := range []color.RGBA{rgb(245, 245, 245), rgb(220, 222, 225)} {
		for i, f := range faces {
			// The frame on the left for some, on the right (opposite long
			// hair) for others.
			bg := doorFrame(testW, testH, wall, []int{testW / 12, testW * 11 / 12}[i%2])
			img := withHair(portrait(testW, testH, bg, f, uint64(10*wi+i)), f, hair[i%len(hair)])
			photos = append(photos, Photo{ID: fmt.Sprint("wall", wi, "-", i), FP: FromImage(reencode(t, img, 85))})
		}
	}
	for _, m := range find(t, photos...) {
		if m.Kind == KindBackground {
			t.Errorf("silhouettes on plain walls matched as one backdrop: %+v", m)
		}
	}
}

// Wallpaper with sparse dots, shot with the pattern shifted under the
// frame, matches through the side strips; the same sitters on pale plain
// walls do not.
func TestSparseDotsShiftedStillMatch(t *testing.T) {
	ground, ink := rgb(190, 120, 150), rgb(100, 145, 85) // nearly one grey
	var photos []Photo
	for i, f := range faces[:4] {
		bg := sparseDots(testW/6, i*17, i*11, ground, ink)
		photos = append(photos, Photo{ID: fmt.Sprint("dots", i), FP: FromImage(portrait(testW, testH, bg, f, uint64(i)))})
	}
	ms := find(t, photos...)
	if len(ms) != 6 {
		t.Fatalf("got %d matches, want all 6 pairs: %+v", len(ms), ms)
	}
	for _, m := range ms {
		if m.Kind != KindBackground {
			t.Errorf("unexpected match %+v", m)
		}
	}
	var walls []Photo
	for i, f := range faces[:4] {
		bg := plainWall(testW, testH, rgb(uint8(225+5*i), 230, 228))
		walls = append(walls, Photo{ID: fmt.Sprint("wall", i), FP: FromImage(portrait(testW, testH, bg, f, uint64(i)))})
	}
	if ms := find(t, walls...); len(ms) != 0 {
		t.Fatalf("sitters on plain walls matched: %+v", ms)
	}
}

// Heads framed close, reaching into the outer strips of pale walls, are
// sitters, not backdrops: two people of one colouring do not match.
func TestCloseFramedSittersOnPaleWallsDoNotMatch(t *testing.T) {
	hair := rgb(150, 110, 60)
	var photos []Photo
	for i, cx := range []float64{0.47, 0.50, 0.53, 0.49} {
		f := face{cx, 0.40, 0.44, 0.30, hair, rgb(uint8(40+50*i), 60, uint8(160-30*i))}
		wall := plainWall(testW, testH, rgb(uint8(228+6*i), 230, 232))
		photos = append(photos, Photo{ID: fmt.Sprint("close", i), FP: FromImage(reencode(t, portrait(testW, testH, wall, f, uint64(i)), 85))})
	}
	if ms := find(t, photos...); len(ms) != 0 {
		t.Fatalf("close-framed sitters matched as a backdrop: %+v", ms)
	}
}
