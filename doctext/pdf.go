package doctext

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/mosaic-sec/mosaic"
)

// maxWasmPages bounds the memory one PDFium instance may grow to
// (64 KiB pages: 512 MiB). A resume needs a few tens of MiB; a PDF that
// asks for more fails inside the sandbox instead of taking the host's.
const maxWasmPages = 8192

// engine compiles PDFium (about 5 MB of WebAssembly) the first time a PDF
// is read. Compiling costs seconds of CPU, so a process does it once and
// keeps the compiled module: this is the package's only package-level
// state, set once and never changed. It shares nothing between documents:
// each gets a fresh instance with its own memory, discarded after
// (ReuseWorkers false), so one document cannot affect the next. The
// instance sees no file system: documents are passed as bytes.
var engine = sync.OnceValues(func() (pdfium.Pool, error) {
	n := min(max(runtime.GOMAXPROCS(0), 1), 4)
	return webassembly.Init(webassembly.Config{
		MinIdle:  0,
		MaxIdle:  n,
		MaxTotal: n,
		// WithCloseOnContextDone lets Kill interrupt a call that runs too
		// long; exception handling is what the bundled module needs.
		RuntimeConfig: wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithCloseOnContextDone(true).
			WithMemoryLimitPages(maxWasmPages),
		FSConfig: wazero.NewFSConfig(), // no mounts
		Stdout:   io.Discard,
		Stderr:   io.Discard,
	})
})

// pdfText reads the text of every page, joining the lines the layout
// wrapped. It gives up at Timeout (or the caller's deadline), killing the
// instance, and turns a panic anywhere in the binding into an error.
func pdfText(ctx context.Context, name string, data []byte) (string, error) {
	pool, err := engine()
	if err != nil {
		return "", mosaic.WrapError(mosaic.EINTERNAL, err, "%s: the PDF reader cannot start", name)
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return "", timeoutError(name, ctx)
		}
		return "", mosaic.WrapError(mosaic.EINTERNAL, err, "%s: the PDF reader cannot start", name)
	}
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1) // buffered: a killed reader never blocks
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r = result{err: mosaic.WrapError(mosaic.EINVALID, fmt.Errorf("panic: %v", p), "%s: the PDF cannot be read (it is malformed)", name)}
			}
			done <- r
		}()
		r.text, r.err = readPDF(ctx, inst, name, data)
	}()
	select {
	case r := <-done:
		_ = inst.Close()
		return r.text, r.err
	case <-ctx.Done():
		// Kill cancels the instance's context: wazero stops the running
		// call, the goroutine returns an error nobody reads, and the pool
		// discards the instance.
		_ = inst.Kill()
		return "", timeoutError(name, ctx)
	}
}

func timeoutError(name string, ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return mosaic.Errorf(mosaic.EINVALID, "%s: reading the PDF took longer than %s; the file is too complex or malformed", name, Timeout)
	}
	return mosaic.WrapError(mosaic.EINVALID, ctx.Err(), "%s: reading the PDF was cancelled", name)
}

func readPDF(ctx context.Context, inst pdfium.Pdfium, name string, data []byte) (string, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return "", openError(name, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", mosaic.WrapError(mosaic.EINVALID, err, "%s: the PDF's pages cannot be read (%s)", name, err)
	}
	if count.PageCount > MaxPages {
		return "", mosaic.Errorf(mosaic.EINVALID, "%s: the PDF has %d pages; a resume is read only up to %d", name, count.PageCount, MaxPages)
	}
	var b strings.Builder
	for i := range count.PageCount {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		page, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}},
			Mode: requests.GetPageTextStructuredModeRects,
		})
		if err != nil {
			return "", mosaic.WrapError(mosaic.EINVALID, err, "%s: page %d cannot be read (%s)", name, i+1, err)
		}
		width, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}},
		})
		if err != nil {
			return "", mosaic.WrapError(mosaic.EINVALID, err, "%s: page %d cannot be read (%s)", name, i+1, err)
		}
		spans := make([]span, 0, len(page.Rects))
		for _, r := range page.Rects {
			if r == nil {
				continue
			}
			p := r.PointPosition
			spans = append(spans, span{text: r.Text, left: p.Left, right: p.Right, top: p.Top, bottom: p.Bottom})
		}
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(reflow(spans, float64(width.PageWidth)))
		if b.Len() > MaxTextBytes {
			break // FromBytes reports the length
		}
	}
	return b.String(), nil
}

func openError(name string, err error) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return mosaic.WrapError(mosaic.EINVALID, err, "%s: the PDF is password-protected; export it without a password", name)
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return mosaic.WrapError(mosaic.EINVALID, err, "%s: the PDF's encryption is not supported", name)
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile):
		return mosaic.WrapError(mosaic.EINVALID, err, "%s: not a valid PDF (it is corrupt or truncated)", name)
	}
	return mosaic.WrapError(mosaic.EINVALID, err, "%s: the PDF cannot be opened (%s)", name, err)
}
