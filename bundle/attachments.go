package bundle

import (
	"bytes"
	"context"
	"io"
	"os"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/doctext"
)

// MaxResumeBytes bounds the text read from one resume: longer files are
// rejected rather than read whole. PDF and DOCX resumes are bounded the same
// (doctext.MaxTextBytes), and also in file size, pages and time.
const MaxResumeBytes = 1 << 20

// Attachments reads resumes (text, PDF, DOCX) and photos (JPEG, PNG or
// WebP). One file is one row. A photo or document that cannot be decoded is
// a rejected row, never a crash.
type Attachments struct {
	// Fingerprint, when set, decodes a photo into its perceptual
	// fingerprint; an error rejects the photo with the error's message.
	Fingerprint func(path string) (any, error)
}

var _ mosaic.Extractor = Attachments{}

// Kinds implements mosaic.Extractor.
func (Attachments) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindResume, mosaic.KindPhoto} }

// Extract implements mosaic.Extractor.
func (a Attachments) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	origin := mosaic.Origin{File: f.Path, Line: 1}
	appID := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
	reject := func(reason string) error {
		return emit.Reject(mosaic.Reject{File: f.Path, Line: 1, Reason: reason})
	}
	fh, err := os.Open(f.Abs)
	if err != nil {
		return reject("cannot open the file: " + err.Error())
	}
	defer fh.Close()
	if f.Kind == mosaic.KindPhoto {
		head := make([]byte, 16)
		n, _ := io.ReadFull(fh, head)
		head = head[:n]
		if why, refused := photoRefused(head); refused {
			return reject(why)
		}
		if !bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}) && !bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")) && !isWebP(head) {
			return reject("not a JPEG, PNG or WebP image (the first bytes match none of them)")
		}
		photo := mosaic.Photo{ApplicationID: appID, Path: f.Path, Origin: origin}
		if a.Fingerprint != nil {
			fp, err := a.Fingerprint(f.Abs)
			if err != nil {
				return reject("the image cannot be read: " + mosaic.ErrorMessage(err))
			}
			photo.Fingerprint = fp
		}
		return emit.Accept(photo)
	}
	ext := strings.ToLower(path.Ext(f.Path))
	switch {
	case ext == ".txt", ext == ".md", ext == ".text", ext == "":
	case doctext.Reads(ext):
		text, err := doctext.Text(ctx, f.Abs)
		if err != nil {
			return reject(mosaic.ErrorMessage(err))
		}
		return emit.Accept(mosaic.Resume{ApplicationID: appID, Path: f.Path, Text: text, Origin: origin})
	default:
		if why, refused := doctext.Refused(ext); refused {
			return reject(why)
		}
		return reject("unknown attachment type " + path.Ext(f.Path) + " (resumes are read as .txt, .pdf or .docx, photos as .jpg, .png or .webp)")
	}
	data, err := io.ReadAll(io.LimitReader(fh, MaxResumeBytes+1))
	if err != nil {
		return reject("cannot read the file: " + err.Error())
	}
	if len(data) > MaxResumeBytes {
		return reject("resume longer than 1 MiB of text")
	}
	if !utf8.Valid(data) {
		return reject("resume is not valid UTF-8 text")
	}
	return emit.Accept(mosaic.Resume{ApplicationID: appID, Path: f.Path, Text: string(data), Origin: origin})
}

// isWebP reports a RIFF container of WebP.
func isWebP(head []byte) bool {
	return len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP"
}

// photoRefused names photo formats that are recognised but not read:
// HEIC/HEIF (iPhone photos) and AVIF, for which no maintained pure-Go
// decoder exists. They are ISO media files: a "ftyp" box whose brand says
// which.
func photoRefused(head []byte) (string, bool) {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return "", false
	}
	switch string(head[8:12]) {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1":
		return "HEIC photos are not read (no pure-Go decoder); export as JPEG", true
	case "avif", "avis":
		return "AVIF photos are not read (no pure-Go decoder); export as JPEG", true
	}
	return "", false
}
