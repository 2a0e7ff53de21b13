package photohash

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.Gray{Y: 1})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDecoderBoundsPixelsAcrossWorkers: many workers decoding at once
// through one Decoder never hold more than its pixel budget (here room for
// two of the photos), whatever the number of workers.
func TestDecoderBoundsPixelsAcrossWorkers(t *testing.T) {
	dir := t.TempDir()
	const side = 600
	var paths []string
	for i := range 12 {
		p := filepath.Join(dir, string(rune('a'+i))+".png")
		writePNG(t, p, side, side)
		paths = append(paths, p)
	}
	d := NewDecoder(2*side*side + side)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.FromFile(t.Context(), p); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if peak := d.peak.Load(); peak > 2*side*side || peak < side*side {
		t.Errorf("peak %d pixels decoded at once, budget %d", peak, 2*side*side+side)
	}
	if d.inFlight.Load() != 0 {
		t.Errorf("%d pixels still counted", d.inFlight.Load())
	}
}

// TestDecoderRejectsLongSides: a side over MaxDimension is rejected from
// the header, before any pixel is decoded, even within MaxPixels.
func TestDecoderRejectsLongSides(t *testing.T) {
	p := filepath.Join(t.TempDir(), "strip.png")
	writePNG(t, p, MaxDimension+1, 2)
	d := NewDecoder(0)
	_, err := d.FromFile(t.Context(), p)
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(err.Error(), "pixels a side") {
		t.Fatalf("strip: %v", err)
	}
	if d.peak.Load() != 0 {
		t.Errorf("%d pixels decoded", d.peak.Load())
	}
}
