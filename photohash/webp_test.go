package photohash

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// The fixtures are portrait(160, 200, room(160, 200, 3), faces[0], 11)
// written as PNG and converted by libwebp's cwebp: -lossless, and -q 80.

// TestWebPLosslessSameFingerprint: a lossless WebP decodes to the very
// pixels of the photo, so its fingerprint is the photo's.
func TestWebPLosslessSameFingerprint(t *testing.T) {
	want := FromImage(portrait(160, 200, room(160, 200, 3), faces[0], 11))
	got, err := FromFile(filepath.Join("testdata", "portrait-lossless.webp"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("lossless WebP fingerprint differs from the photo's")
	}
}

// TestWebPLossyMatchesPhoto: the same photo as JPEG and as lossy WebP is
// found as one photo, as a JPEG re-encode would be.
func TestWebPLossyMatchesPhoto(t *testing.T) {
	img := portrait(160, 200, room(160, 200, 3), faces[0], 11)
	dir := t.TempDir()
	jpg := filepath.Join(dir, "a.jpg")
	if err := os.WriteFile(jpg, encodeJPEG(t, img, 90), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := FromFile(jpg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := FromFile(filepath.Join("testdata", "portrait.webp"))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := FindMatches(context.Background(), []Photo{{ID: "jpeg", FP: a}, {ID: "webp", FP: b}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 {
		t.Fatalf("matches %+v, want the JPEG and the WebP matched", ms)
	}
}

func TestHEICRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "IMG_0001.HEIC")
	if err := os.WriteFile(p, []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := FromFile(p)
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(mosaic.ErrorMessage(err), "HEIC photos are not read (no pure-Go decoder); export as JPEG") {
		t.Fatalf("HEIC: %v", err)
	}
}

func TestWebPCorrupt(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "portrait.webp"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cut.webp")
	if err := os.WriteFile(p, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FromFile(p); mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Fatalf("truncated WebP: %v", err)
	}
}
