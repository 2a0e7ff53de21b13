// Package osquery reads osquery result logs written by the filesystem
// logger (osqueryd.results.log, JSON lines) into mosaic.HostRows, and ships
// the osquery pack whose results mosaic's endpoint detectors read (Pack).
//
// Differential lines ("action": "added" or "removed") give one row each; a
// snapshot line gives one row per row of its snapshot. Rows are tied to the
// query they answer by name (pack_<pack>_<query>) or by their columns.
//
// The rows name their laptop by decorations: osquery.conf should carry
//
//	"decorators": {"load": [
//	  "SELECT uuid AS host_uuid, hostname, hardware_serial AS serial_number FROM system_info;",
//	  "SELECT user AS username FROM logged_in_users WHERE user NOT IN ('', 'root', 'SYSTEM') ORDER BY time DESC LIMIT 1;"
//	]}
//
// so that serial_number and hostname join the laptop shipping log.
package osquery

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"io"
	"log/slog"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// DefaultMaxLine is the longest line accepted, in bytes. It is larger than
// Okta's because one snapshot line carries a whole table (every process of
// a host, say).
const DefaultMaxLine = 16 << 20

//go:embed pack/mosaic.conf
var pack []byte

// Pack returns mosaic's osquery pack (pack/mosaic.conf): the queries whose
// results the endpoint detectors read, for Windows, macOS and Linux. Load
// it in osquery.conf as "packs": {"mosaic": "/etc/osquery/packs/mosaic.conf"}
// so rows are logged as pack_mosaic_<query>.
func Pack() []byte { return bytes.Clone(pack) }

// Extractor reads osquery result logs. It holds only settings, so one
// Extractor may read several files at once.
type Extractor struct {
	log     *slog.Logger
	maxLine int
}

var _ mosaic.Extractor = (*Extractor)(nil)

// Option configures an Extractor.
type Option func(*Extractor)

// WithMaxLine sets the longest line accepted, in bytes. Longer lines are
// rejected and skipped without being held in memory.
func WithMaxLine(n int) Option {
	return func(x *Extractor) {
		if n > 0 {
			x.maxLine = n
		}
	}
}

// New returns an Extractor. A nil log discards log output.
func New(log *slog.Logger, opts ...Option) *Extractor {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	x := &Extractor{log: log, maxLine: DefaultMaxLine}
	for _, o := range opts {
		o(x)
	}
	return x
}

// Kinds returns the kind of file the Extractor reads.
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindOsquery} }

// Extract reads f and calls emit once per line: Accept for a differential
// row, AcceptMany for a snapshot's rows, Reject for a line it cannot read.
// It returns an error only when the file as a whole cannot be read or is
// not JSON lines, when ctx ends, or when emit fails.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	file, err := f.Open()
	if err != nil {
		return err
	}
	defer file.Close()

	began := time.Now()
	r := bufio.NewReaderSize(file, 64<<10)
	if b, _ := r.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		r.Discard(3)
	}
	switch first, err := firstByte(r); {
	case err != nil:
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", f.Path)
	case first == 0:
		x.log.DebugContext(ctx, "osquery file is empty", "file", f.Path)
		return nil
	case first != '{':
		return mosaic.Errorf(mosaic.EINVALID, "%s is not an osquery result log (expected JSON lines)", f.Path)
	}

	lines := &lineReader{r: r, max: x.maxLine}
	var rows, accepted, rejected int
	for {
		if rows%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		data, line, tooLong, err := lines.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", f.Path)
		}
		rows++
		var d decoded
		if tooLong > 0 {
			d = rejectLine("", tooLongReason(tooLong, x.maxLine))
		} else {
			d = decodeLine(data, f.Path, line)
		}
		if d.reason != "" {
			rejected++
			err = emit.Reject(mosaic.Reject{File: f.Path, Line: line, Column: d.column, Reason: d.reason})
		} else if accepted++; d.many {
			recs := make([]mosaic.Record, len(d.rows))
			for i, row := range d.rows {
				recs[i] = row
			}
			err = emit.AcceptMany(recs)
		} else {
			err = emit.Accept(d.rows[0])
		}
		if err != nil {
			return err
		}
	}
	x.log.DebugContext(ctx, "osquery file read", "file", f.Path, "rows", rows,
		"accepted", accepted, "rejected", rejected, "took", time.Since(began))
	return nil
}

// firstByte peeks past leading white space at the first byte of the file;
// 0 means the file is empty or blank. Blank prefixes longer than the
// buffer are left to the line reader, which skips blank lines.
func firstByte(r *bufio.Reader) (byte, error) {
	for n := 1; ; n *= 2 {
		if n > r.Size() {
			n = r.Size()
		}
		b, err := r.Peek(n)
		for _, c := range b {
			if !isSpace(c) {
				return c, nil
			}
		}
		switch {
		case err == io.EOF:
			return 0, nil
		case err != nil:
			return 0, err
		case n == r.Size():
			return '{', nil
		}
	}
}
