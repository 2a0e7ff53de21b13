package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"sync"

	"github.com/mosaic-sec/mosaic"
)

// rejectsHeader names the columns of the rejects file.
var rejectsHeader = []string{"file", "line", "column", "reason"}

// WriteRejects writes rejects as CSV (file,line,column,reason, with a header
// row), the file written beside the report.
func WriteRejects(w io.Writer, rejects []mosaic.Reject) error {
	rw := NewRejectWriter(w)
	for _, r := range rejects {
		if err := rw.Write(r); err != nil {
			return err
		}
	}
	return rw.Flush()
}

// RejectWriter streams rejects as CSV while a scan runs, so a bundle with
// millions of bad rows never holds them in memory. The header is written
// with the first reject, or by Flush when there was none. It is safe for
// concurrent use by several readers.
type RejectWriter struct {
	mu     sync.Mutex
	cw     *csv.Writer
	header bool
	row    []string
}

// NewRejectWriter returns a RejectWriter writing to w. Call Flush at the end.
func NewRejectWriter(w io.Writer) *RejectWriter {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &RejectWriter{cw: cw, row: make([]string, len(rejectsHeader))}
}

// Write adds one reject. Rejects carry reasons, never row content, but the
// file and column names come from the bundle, so they are cleaned like any
// other untrusted cell.
func (rw *RejectWriter) Write(r mosaic.Reject) error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if err := rw.writeHeader(); err != nil {
		return err
	}
	rw.row[0] = csvCell(r.File)
	rw.row[1] = strconv.Itoa(r.Line)
	rw.row[2] = csvCell(r.Column)
	rw.row[3] = csvCell(r.Reason)
	if err := rw.cw.Write(rw.row); err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write the rejects file")
	}
	return nil
}

// Flush writes out buffered rejects (and the header, if nothing was written)
// and reports any write error so far.
func (rw *RejectWriter) Flush() error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if err := rw.writeHeader(); err != nil {
		return err
	}
	rw.cw.Flush()
	if err := rw.cw.Error(); err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write the rejects file")
	}
	return nil
}

func (rw *RejectWriter) writeHeader() error {
	if rw.header {
		return nil
	}
	if err := rw.cw.Write(rejectsHeader); err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write the rejects file")
	}
	rw.header = true
	return nil
}
