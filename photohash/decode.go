package photohash

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"

	"golang.org/x/image/webp"

	"github.com/mosaic-sec/mosaic"
)

// Limits on what FromFile will decode. An application photo is a few
// megapixels; a header declaring more is a decompression bomb (a few bytes
// of PNG can declare 20000x20000 pixels and 1.6 GB of RGBA).
const (
	MaxPixels    = 40_000_000
	MaxFileBytes = 64 << 20
)

// FromFile decodes a JPEG, PNG or WebP photo and fingerprints it. A missing file
// is ENOTFOUND; an empty, corrupt, oversized or unsupported file is
// EINVALID with a reason a person understands. It never panics.
func FromFile(path string) (Fingerprint, error) {
	data, err := readPhoto(path)
	if err != nil {
		return Fingerprint{}, err
	}
	img, err := decode(path, data)
	if err != nil {
		return Fingerprint{}, err
	}
	return FromImage(img), nil
}

func readPhoto(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, mosaic.WrapError(mosaic.ENOTFOUND, err, "photo %s: file not found", path)
	}
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "photo %s: cannot open file", path)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "photo %s: cannot read file", path)
	}
	if info.IsDir() {
		return nil, mosaic.Errorf(mosaic.EINVALID, "photo %s: is a folder, not an image", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "photo %s: cannot read file", path)
	}
	if len(data) == 0 {
		return nil, mosaic.Errorf(mosaic.EINVALID, "photo %s: file is empty", path)
	}
	if len(data) > MaxFileBytes {
		return nil, mosaic.Errorf(mosaic.EINVALID, "photo %s: file is larger than %d MiB", path, MaxFileBytes>>20)
	}
	return data, nil
}

// decode checks the header before decoding, so a decompression bomb is
// refused before any pixel memory is allocated.
func decode(path string, data []byte) (img image.Image, err error) {
	// The standard decoders return errors on bad input; this guard only
	// keeps the promise that a hostile file cannot crash a scan.
	defer func() {
		if r := recover(); r != nil {
			img = nil
			err = mosaic.WrapError(mosaic.EINVALID, fmt.Errorf("decoder panic: %v", r), "photo %s: corrupt image", path)
		}
	}()

	var decodeConfig func(io.Reader) (image.Config, error)
	var decodeImage func(io.Reader) (image.Image, error)
	var format string
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8")):
		format, decodeConfig, decodeImage = "JPEG", jpeg.DecodeConfig, jpeg.Decode
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		format, decodeConfig, decodeImage = "PNG", png.DecodeConfig, png.Decode
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		format, decodeConfig, decodeImage = "WebP", webp.DecodeConfig, webp.Decode
	case isHEIC(data):
		return nil, mosaic.Errorf(mosaic.EINVALID, "photo %s: HEIC photos are not read (no pure-Go decoder); export as JPEG", path)
	default:
		return nil, mosaic.Errorf(mosaic.EINVALID, "photo %s: not a JPEG, PNG or WebP image", path)
	}

	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "photo %s: corrupt %s header (%s)", path, format, reason(err))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, mosaic.Errorf(mosaic.EINVALID, "photo %s: %s declares no pixels (%dx%d)", path, format, cfg.Width, cfg.Height)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > MaxPixels {
		return nil, mosaic.Errorf(mosaic.EINVALID, "photo %s: %s declares %dx%d pixels (%.0f megapixels), over the %d megapixel limit",
			path, format, cfg.Width, cfg.Height, float64(px)/1e6, MaxPixels/1_000_000)
	}

	img, err = decodeImage(bytes.NewReader(data))
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "photo %s: corrupt %s image (%s)", path, format, reason(err))
	}
	return img, nil
}

// isHEIC reports an ISO media file ("ftyp" box) of the HEIF family: iPhone
// photos (HEIC) and AVIF. No maintained pure-Go decoder reads them.
func isHEIC(data []byte) bool {
	if len(data) < 12 || string(data[4:8]) != "ftyp" {
		return false
	}
	switch string(data[8:12]) {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1", "avif", "avis":
		return true
	}
	return false
}

// reason says in words what a decoder error means.
func reason(err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "file is truncated"
	default:
		return err.Error()
	}
}
