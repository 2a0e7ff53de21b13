package photohash

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkFromImage fingerprints a decoded 480x640 portrait.
func BenchmarkFromImage(b *testing.B) {
	img := portrait(480, 640, motifs(48, rgb(240, 230, 200), rgb(120, 40, 90)), faces[0], 1)
	b.ReportAllocs()
	for b.Loop() {
		FromImage(img)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "photos/s")
}

// BenchmarkFromFile decodes and fingerprints a 480x640 JPEG.
func BenchmarkFromFile(b *testing.B) {
	img := portrait(480, 640, room(480, 640, 3), faces[1], 1)
	path := filepath.Join(b.TempDir(), "p.jpg")
	if err := writeBytes(path, encodeJPEG(b, img, 85)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromFile(path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "photos/s")
}

// BenchmarkFromFileSmall decodes and fingerprints a 96x120 JPEG, the
// smallest photo a generated company holds.
func BenchmarkFromFileSmall(b *testing.B) {
	img := portrait(96, 120, checks(8, rgb(30, 60, 160), rgb(230, 230, 230)), faces[2], 1)
	path := filepath.Join(b.TempDir(), "small.jpg")
	if err := writeBytes(path, encodeJPEG(b, img, 85)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromFile(path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "photos/s")
}

// BenchmarkFromFilePNG decodes and fingerprints a 240x320 PNG.
func BenchmarkFromFilePNG(b *testing.B) {
	img := portrait(240, 320, motifs(30, rgb(240, 230, 200), rgb(120, 40, 90)), faces[3], 1)
	path := filepath.Join(b.TempDir(), "p.png")
	if err := writeBytes(path, encodePNG(b, img)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromFile(path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "photos/s")
}

func BenchmarkFindMatches(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		photos := syntheticPhotos(n, 11)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var matches int
			for b.Loop() {
				ms, err := FindMatches(context.Background(), photos, Options{})
				if err != nil {
					b.Fatal(err)
				}
				matches = len(ms)
			}
			b.ReportMetric(float64(matches), "matches")
		})
	}
}
