// Package okta reads Okta System Log exports: LogEvent objects exactly as
// GET /api/v1/logs returns them, either one JSON array per file (a page of
// the API) or JSON lines. Every event becomes a mosaic.SignIn, whatever its
// type; the detectors decide which events they use.
//
// The reader checks every event fully (a line cut short is rejected, never
// half-read) but decodes only the fields mosaic keeps, on several cores,
// and emits events in file order.
//
// Layouts, told apart by the first bytes: JSON lines; a JSON array (or
// several, one page after another), compact or pretty-printed; and objects
// pretty-printed one after another (jq '.[]' output). In an array a bad
// element costs only itself when its brackets balance; when the array
// itself breaks (a missing comma) the rest of the file is one reject.
//
// A file whose first JSON objects carry none of uuid, published and
// eventType (Entra or Google logs put in the okta folder, say) is an error,
// not a reject per line.
package okta

import (
	"bufio"
	"context"
	"log/slog"
	"runtime"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// DefaultMaxLine is the longest event accepted, in bytes. Real LogEvents
// are 1-5 KB; anything near this limit is not one.
const DefaultMaxLine = 4 << 20

// Extractor reads Okta System Log files. It holds only settings, so one
// Extractor may read several files at once.
type Extractor struct {
	log     *slog.Logger
	maxLine int
	workers int
}

var _ mosaic.Extractor = (*Extractor)(nil)

// Option configures an Extractor.
type Option func(*Extractor)

// WithMaxLine sets the longest line (or array element) accepted, in bytes.
// Longer ones are rejected and skipped without being held in memory.
func WithMaxLine(n int) Option {
	return func(x *Extractor) {
		if n > 0 {
			x.maxLine = n
		}
	}
}

// WithWorkers sets how many goroutines decode events. The default is
// GOMAXPROCS; 1 decodes on the caller's goroutine.
func WithWorkers(n int) Option {
	return func(x *Extractor) {
		if n > 0 {
			x.workers = n
		}
	}
}

// New returns an Extractor. A nil log discards log output.
func New(log *slog.Logger, opts ...Option) *Extractor {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	x := &Extractor{log: log, maxLine: DefaultMaxLine, workers: runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		o(x)
	}
	return x
}

// Kinds returns the kind of file the Extractor reads.
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindOkta} }

// Extract reads f and calls emit once per event: Accept with a
// mosaic.SignIn, or Reject with the reason. It returns an error only when
// the file as a whole cannot be read, is not an Okta export, or emit fails.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	file, err := f.Open()
	if err != nil {
		return err
	}
	defer file.Close()

	began := time.Now()
	r := bufio.NewReaderSize(file, 64<<10)
	l, skipped, err := sniff(r)
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", f.Path)
	}
	var src source
	switch l {
	case layoutEmpty:
		x.log.DebugContext(ctx, "okta file is empty", "file", f.Path)
		return nil
	case layoutLines:
		src = &lineSource{r: r, max: x.maxLine, line: skipped}
	case layoutArray, layoutSequence:
		src = &valueSource{r: r, max: x.maxLine, line: 1 + skipped, sequence: l == layoutSequence}
	default:
		return notOkta(f)
	}

	counts, err := x.run(ctx, src, f, emit)
	if err != nil {
		return err
	}
	x.log.DebugContext(ctx, "okta file read", "file", f.Path, "accepted", counts.accepted,
		"rejected", counts.rejected, "took", time.Since(began))
	return nil
}

func notOkta(f mosaic.File) error {
	return mosaic.Errorf(mosaic.EINVALID, "%s is not an Okta System Log export (expected a JSON array or JSON lines)", f.Path)
}
