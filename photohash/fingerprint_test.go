package photohash

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pngWithSize rewrites the IHDR of a valid PNG to declare w x h pixels,
// with a correct CRC, as a decompression bomb would.
func pngWithSize(t *testing.T, w, h uint32) []byte {
	data := encodePNG(t, image.NewGray(image.Rect(0, 0, 1, 1)))
	// Signature (8) + length (4) + "IHDR" (4), then width and height.
	binary.BigEndian.PutUint32(data[16:], w)
	binary.BigEndian.PutUint32(data[20:], h)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

func TestFromFileRejectsBadFiles(t *testing.T) {
	img := portrait(120, 160, checks(10, rgb(10, 10, 10), rgb(250, 250, 250)), faces[0], 1)
	jpg := encodeJPEG(t, img, 80)
	png := encodePNG(t, img)
	badCRC := bytes.Clone(png)
	badCRC[29] ^= 0xff // the IHDR checksum
	bomb := pngWithSize(t, 20000, 20000)

	tests := []struct {
		name, file string
		data       []byte
		code       string
		reason     string
	}{
		{"zero bytes", "empty.jpg", nil, mosaic.EINVALID, "empty"},
		{"truncated JPEG", "cut.jpg", jpg[:len(jpg)/2], mosaic.EINVALID, "truncated"},
		{"JPEG header only", "head.jpg", jpg[:4], mosaic.EINVALID, "JPEG"},
		{"truncated PNG", "cut.png", png[:len(png)/2], mosaic.EINVALID, "truncated"},
		{"PNG with bad CRC", "crc.png", badCRC, mosaic.EINVALID, "checksum"},
		{"decompression bomb", "bomb.png", bomb, mosaic.EINVALID, "megapixel limit"},
		{"zero width", "zero.png", pngWithSize(t, 0, 10), mosaic.EINVALID, "PNG"},
		{"text file", "notes.jpg", []byte("not an image at all"), mosaic.EINVALID, "not a JPEG, PNG or WebP"},
		{"GIF", "anim.gif", []byte("GIF89a\x01\x00\x01\x00"), mosaic.EINVALID, "not a JPEG, PNG or WebP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromFile(writeFile(t, tt.file, tt.data))
			if mosaic.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %s", err, tt.code)
			}
			if !strings.Contains(mosaic.ErrorMessage(err), tt.reason) {
				t.Errorf("message %q does not say %q", mosaic.ErrorMessage(err), tt.reason)
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		_, err := FromFile(filepath.Join(t.TempDir(), "nope.jpg"))
		if mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
			t.Fatalf("err = %v, want ENOTFOUND", err)
		}
	})
	t.Run("folder", func(t *testing.T) {
		_, err := FromFile(t.TempDir())
		if mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
}

func TestFromFileMatchesFromImage(t *testing.T) {
	img := portrait(200, 260, motifs(30, rgb(240, 230, 200), rgb(120, 40, 90)), faces[1], 3)
	for name, data := range map[string][]byte{"a.png": encodePNG(t, img), "a.jpg": encodeJPEG(t, img, 90)} {
		fp, err := FromFile(writeFile(t, name, data))
		if err != nil {
			t.Fatal(err)
		}
		ms := find(t, Photo{ID: "file", FP: fp}, Photo{ID: "image", FP: FromImage(img)})
		if len(ms) != 1 || ms[0].Kind != KindSamePhoto {
			t.Errorf("%s: got %+v, want a same_photo match", name, ms)
		}
	}
}

// TestFromImageHostile feeds images no decoder would produce; none may
// panic, and the empty ones are Plain.
func TestFromImageHostile(t *testing.T) {
	offset := image.NewRGBA(image.Rect(-50, 1000, 30, 1090))
	for i := range offset.Pix {
		offset.Pix[i] = uint8(i * 7)
	}
	transparent := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	paletted := image.NewPaletted(image.Rect(0, 0, 33, 17), color.Palette{color.Black, color.White})
	for i := range paletted.Pix {
		paletted.Pix[i] = uint8(i % 2)
	}
	tests := []struct {
		name      string
		img       image.Image
		wantPlain bool
	}{
		{"nil", nil, true},
		{"empty", image.NewRGBA(image.Rect(0, 0, 0, 0)), true},
		{"one pixel", image.NewGray(image.Rect(0, 0, 1, 1)), true},
		{"one row", image.NewGray(image.Rect(0, 0, 5000, 1)), true},
		{"transparent", transparent, true},
		{"offset bounds", offset, false},
		{"paletted", paletted, false},
		{"16-bit", image.NewRGBA64(image.Rect(0, 0, 7, 300)), true},
		{"cmyk", image.NewCMYK(image.Rect(0, 0, 20, 20)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fp := FromImage(tt.img)
			if fp.Plain != tt.wantPlain {
				t.Errorf("Plain = %v, want %v", fp.Plain, tt.wantPlain)
			}
			if len(fp.Border) != len(BorderTiles) || len(fp.Texture) != len(BorderTiles) || len(fp.Tiles) != len(BorderTiles) {
				t.Errorf("ragged fingerprint")
			}
		})
	}
}

// TestSamplePhotos reports what the matcher finds in the contract sample.
// It asserts nothing about the matches: the sample is not a tuning set.
func TestSamplePhotos(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "contract", "sample", "attachments", "photos")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("contract sample photos not available at %s: %v", dir, err)
	}
	var photos []Photo
	plain := 0
	for _, e := range entries {
		if ext := strings.ToLower(filepath.Ext(e.Name())); ext != ".jpg" && ext != ".jpeg" && ext != ".png" {
			continue
		}
		fp, err := FromFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if fp.Plain {
			plain++
		}
		photos = append(photos, Photo{ID: e.Name(), FP: fp})
	}
	ms := find(t, photos...)
	byKind := map[string]int{}
	for _, m := range ms {
		byKind[m.Kind]++
	}
	t.Logf("%d photos (%d plain), %d matches %v", len(photos), plain, len(ms), byKind)
	// Group into connected components for a readable summary.
	parent := map[string]string{}
	var root func(string) string
	root = func(s string) string {
		if p, ok := parent[s]; ok && p != s {
			r := root(p)
			parent[s] = r
			return r
		}
		return s
	}
	for _, m := range ms {
		for _, id := range []string{m.A, m.B} {
			if _, ok := parent[id]; !ok {
				parent[id] = id
			}
		}
		parent[root(m.A)] = root(m.B)
	}
	groups := map[string][]string{}
	for id := range parent {
		groups[root(id)] = append(groups[root(id)], id)
	}
	for _, g := range groups {
		sort.Strings(g)
		t.Logf("group of %d: %s", len(g), strings.Join(g, " "))
	}
	if testing.Verbose() {
		for _, m := range ms {
			t.Logf("%s %s %s d=%d sim=%.2f", m.A, m.B, m.Kind, m.Distance, m.Similarity)
		}
	}
}
