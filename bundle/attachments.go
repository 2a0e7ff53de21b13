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
)

// MaxResumeBytes bounds the text read from one resume: longer files are
// rejected rather than read whole.
const MaxResumeBytes = 1 << 20

// Attachments reads resumes (text) and photos (JPEG or PNG). One file is one
// row. A photo that cannot be decoded is a rejected row, never a crash.
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
		head := make([]byte, 8)
		n, _ := io.ReadFull(fh, head)
		head = head[:n]
		if !bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}) && !bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")) {
			return reject("not a JPEG or PNG image (the first bytes do not match either format)")
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
	switch strings.ToLower(path.Ext(f.Path)) {
	case ".txt", ".md", ".text", "":
	case ".pdf", ".docx", ".doc", ".rtf":
		return reject("resumes in " + path.Ext(f.Path) + " are not read yet; export them as text (.txt)")
	default:
		return reject("unknown attachment type " + path.Ext(f.Path) + " (resumes are read as .txt, photos as .jpg or .png)")
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
