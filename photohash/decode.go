package photohash

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"sync/atomic"

	"golang.org/x/image/webp"
	"golang.org/x/sync/semaphore"

	"github.com/mosaic-sec/mosaic"
)

// Limits on what FromFile will decode. An application photo is a few
// megapixels; a header declaring more is a decompression bomb (a few bytes
// of PNG can declare 20000x20000 pixels and 1.6 GB of RGBA).
// MaxDimension bounds either side: a 40000x1000 strip is within MaxPixels
// but no photo of a face.
const (
	MaxPixels    = 40_000_000
	MaxDimension = 12_000
	MaxFileBytes = 64 << 20
)

// DefaultPixelBudget is how many pixels a Decoder holds decoded at once,
// across all its callers: one photo at MaxPixels, or many small ones. A
// decoded pixel costs up to 4 bytes, and fingerprinting about as much
// again, so this bounds photo decoding to some 400 MB whatever the number
// of cores (without it, 16 workers each decoding a 36-megapixel PNG took
// 3.9 GB).
const DefaultPixelBudget = 48_000_000

// Decoder decodes and fingerprints photos with a bound on the pixels held
// decoded at once by all its callers together, taken from each image's
// header before any pixel is decoded. One Decoder serves a whole process;
// it is safe for concurrent use.
type Decoder struct {
	sem    *semaphore.Weighted
	budget int64

	// inFlight and peak count the pixels held, for tests and for the
	// limits documentation.
	inFlight, peak atomic.Int64
}

// NewDecoder returns a Decoder that holds at most budget pixels decoded at
// once (DefaultPixelBudget when budget <= 0).
func NewDecoder(budget int64) *Decoder {
	if budget <= 0 {
		budget = DefaultPixelBudget
	}
	return &Decoder{sem: semaphore.NewWeighted(budget), budget: budget}
}

// FromFile decodes a JPEG, PNG or WebP photo and fingerprints it, waiting
// while other callers hold the pixel budget. A missing file is ENOTFOUND;
// an empty, corrupt, oversized or unsupported file is EINVALID with a
// reason a person understands. It never panics.
func (d *Decoder) FromFile(ctx context.Context, path string) (Fingerprint, error) {
	data, err := readPhoto(path)
	if err != nil {
		return Fingerprint{}, err
	}
	var fp Fingerprint
	err = decode(path, data, func(px int64, decodeImage func() (image.Image, error)) error {
		// An image larger than the budget (the budget was set below
		// MaxPixels) waits for the whole of it.
		w := min(px, d.budget)
		if err := d.sem.Acquire(ctx, w); err != nil {
			return err
		}
		defer d.sem.Release(w)
		n := d.inFlight.Add(px)
		defer d.inFlight.Add(-px)
		for {
			p := d.peak.Load()
			if n <= p || d.peak.CompareAndSwap(p, n) {
				break
			}
		}
		img, err := decodeImage()
		if err != nil {
			return err
		}
		fp = FromImage(img)
		return nil
	})
	return fp, err
}

// FromFile decodes and fingerprints one photo with a Decoder of its own:
// for a single photo. Many photos decoded concurrently share one Decoder,
// so that their pixels are bounded together.
func FromFile(path string) (Fingerprint, error) {
	return NewDecoder(0).FromFile(context.Background(), path)
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
// refused before any pixel memory is allocated, and then calls use with the
// declared pixel count and the decoding itself, so that the caller can wait
// for room before any pixel is decoded.
func decode(path string, data []byte, use func(pixels int64, decodeImage func() (image.Image, error)) error) (err error) {
	// The standard decoders return errors on bad input; this guard only
	// keeps the promise that a hostile file cannot crash a scan.
	defer func() {
		if r := recover(); r != nil {
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
		return mosaic.Errorf(mosaic.EINVALID, "photo %s: HEIC photos are not read (no pure-Go decoder); export as JPEG", path)
	default:
		return mosaic.Errorf(mosaic.EINVALID, "photo %s: not a JPEG, PNG or WebP image", path)
	}

	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "photo %s: corrupt %s header (%s)", path, format, reason(err))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return mosaic.Errorf(mosaic.EINVALID, "photo %s: %s declares no pixels (%dx%d)", path, format, cfg.Width, cfg.Height)
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > MaxPixels {
		return mosaic.Errorf(mosaic.EINVALID, "photo %s: %s declares %dx%d pixels (%.0f megapixels), over the %d megapixel limit",
			path, format, cfg.Width, cfg.Height, float64(px)/1e6, MaxPixels/1_000_000)
	}

	if cfg.Width > MaxDimension || cfg.Height > MaxDimension {
		return mosaic.Errorf(mosaic.EINVALID, "photo %s: %s declares %dx%d pixels, over the limit of %d pixels a side",
			path, format, cfg.Width, cfg.Height, MaxDimension)
	}
	return use(px, func() (image.Image, error) {
		img, err := decodeImage(bytes.NewReader(data))
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "photo %s: corrupt %s image (%s)", path, format, reason(err))
		}
		return img, nil
	})
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
