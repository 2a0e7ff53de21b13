package photohash

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
)

// FuzzDecode feeds hostile bytes to the photo decoders: nothing panics
// (decode turns a decoder panic into an error), a header over the limits is
// refused before decoding, and what decodes fingerprints.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"testdata/portrait.webp", "testdata/portrait-lossless.webp"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	img := image.NewGray(image.Rect(0, 0, 16, 12))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 13)
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	f.Add(bytes.Clone(b.Bytes()))
	b.Reset()
	_ = jpeg.Encode(&b, img, nil)
	f.Add(bytes.Clone(b.Bytes()))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = decode("fuzz", data, func(px int64, decodeImage func() (image.Image, error)) error {
			if px > MaxPixels {
				t.Fatalf("%d pixels passed the header check", px)
			}
			if px > 1<<20 {
				return nil // a legal size, but too slow to decode in a fuzz run
			}
			img, err := decodeImage()
			if err == nil {
				FromImage(img)
			}
			return nil
		})
	})
}
