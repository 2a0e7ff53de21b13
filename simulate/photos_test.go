package simulate

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"
)

func TestRingPhotosShareBackground(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, photoW, photoH))
	corner := func(pp *photoPainter, pattern int) []byte {
		if pattern >= 0 {
			pp.patternBackground(pattern)
		} else {
			pp.plainBackground()
		}
		pp.face()
		return append([]byte(nil), img.Pix[:4*photoW*8]...) // top rows: background only
	}
	a := corner(&photoPainter{img: img, r: rand.New(rand.NewPCG(1, 1))}, 42)
	b := corner(&photoPainter{img: img, r: rand.New(rand.NewPCG(2, 2))}, 42)
	c := corner(&photoPainter{img: img, r: rand.New(rand.NewPCG(3, 3))}, -1)
	diff := func(x, y []byte) int {
		d := 0
		for i := range x {
			if v := int(x[i]) - int(y[i]); v > 40 || v < -40 {
				d++
			}
		}
		return d
	}
	// The same pattern with a different face and crop is close; a plain wall is far.
	if diff(a, c) <= diff(a, b) {
		t.Errorf("ring backgrounds differ by %d, ring vs plain by %d", diff(a, b), diff(a, c))
	}
}

func BenchmarkPhoto(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, photoW, photoH))
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &onePNGBuffer{}}
	i := 0
	for b.Loop() {
		i++
		pp := &photoPainter{img: img, r: rand.New(rand.NewPCG(uint64(i), 1))}
		pp.plainBackground()
		pp.face()
		buf.Reset()
		if i%3 == 0 {
			enc.Encode(&buf, img)
		} else {
			jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
		}
	}
}
