// Package csvbundle reads the six CSV exports of a bundle (jobs,
// applications, employees, shipments, payroll, notes) into mosaic's records.
//
// Files are streamed row by row; no row longer than 1 MiB is ever held. Each
// data row gives exactly one Accept or one Reject, so rows read = accepted +
// rejected. Sensitive columns (SSN, date of birth, bank and wallet numbers)
// are normalised and replaced by keyed hashes as they are read; their plain
// values reach no record, log or reject.
package csvbundle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// ctxCheckEvery is how many rows are read between checks for cancellation.
const ctxCheckEvery = 256

// Extractor reads the CSV files of a bundle. It is safe for concurrent use:
// each Extract call keeps its own state.
type Extractor struct {
	hasher  mosaic.Hasher
	mapping *Mapping
	log     *slog.Logger
}

var _ mosaic.Extractor = (*Extractor)(nil)

// New returns an Extractor that hashes sensitive values with h and reads
// files and columns as m maps them (nil: the contract's names). log may be
// nil.
func New(h mosaic.Hasher, m *Mapping, log *slog.Logger) *Extractor {
	if m == nil {
		m = DefaultMapping()
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Extractor{hasher: h, mapping: m, log: log}
}

// Kinds returns the six CSV kinds.
func (x *Extractor) Kinds() []mosaic.Kind { return slices.Clone(csvKinds) }

// Extract streams f, calling emit once per data row. It returns an error
// only when the file as a whole cannot be read: it does not exist, it has no
// header, or a required column is missing from the header (EINVALID, naming
// the file and the columns). A bad row is a Reject, never an error. An error
// from emit stops the file and is returned as it is.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	switch f.Kind {
	case mosaic.KindJobs:
		return extract(ctx, x, f, emit, jobSchema)
	case mosaic.KindApplications:
		return extract(ctx, x, f, emit, applicationSchema)
	case mosaic.KindEmployees:
		return extract(ctx, x, f, emit, employeeSchema)
	case mosaic.KindShipments:
		return extract(ctx, x, f, emit, shipmentSchema)
	case mosaic.KindPayroll:
		return extract(ctx, x, f, emit, payrollSchema)
	case mosaic.KindNotes:
		return extract(ctx, x, f, emit, noteSchema)
	}
	return mosaic.Errorf(mosaic.EINVALID, "%s: the CSV reader does not read files of kind %q", f.Path, f.Kind)
}

func extract[R mosaic.Record](ctx context.Context, x *Extractor, f mosaic.File, emit mosaic.Emitter, s *schema[R]) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if x.hasher == nil {
		return mosaic.Errorf(mosaic.EINTERNAL, "csvbundle: no hasher, so sensitive columns cannot be kept")
	}
	file, err := f.Open()
	if err != nil {
		return err
	}
	defer file.Close()

	rows := newRowReader(file, maxRowBytes)
	p, err := newRowParser(f.Path, rows, s, x.mapping.forKind(s.kind), x.hasher)
	if err != nil {
		return err
	}
	if len(p.match.ignored) > 0 {
		x.log.Warn("csv columns ignored", "file", f.Path, "columns", strings.Join(p.match.ignored, ", "))
	}
	if len(p.match.absent) > 0 {
		x.log.Warn("mapped csv columns not found", "file", f.Path, "columns", strings.Join(p.match.absent, "; "))
	}
	for _, gap := range identityGaps(f.Path, s.kind, s.names(), p.match) {
		x.log.Warn(gap)
	}

	var read, rejected int
	for {
		if read%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rw, err := rows.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "%s: reading stopped after line %d", f.Path, rows.line)
		}
		read++
		rec, reject, ok := p.parse(rw)
		if ok {
			err = emit.Accept(rec)
		} else {
			rejected++
			err = emit.Reject(reject)
		}
		if err != nil {
			return err
		}
	}
	if p.placeholderSSNs > 0 {
		x.log.Warn("placeholder SSNs treated as absent", "file", f.Path, "rows", p.placeholderSSNs)
	}
	x.log.Debug("csv file read", "file", f.Path, "kind", s.kind, "rows", read, "rejected", rejected)
	return nil
}

// readHeader reads the first row and checks it can name columns.
func readHeader(file string, rows *rowReader) ([]string, error) {
	hdr, err := rows.next()
	if errors.Is(err, io.EOF) {
		return nil, mosaic.Errorf(mosaic.EINVALID, "%s is empty: a CSV export starts with a header row", file)
	}
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", file)
	}
	if hdr.tooLong {
		return nil, mosaic.Errorf(mosaic.EINVALID, "%s: the header row is longer than 1 MiB; is this a CSV export?", file)
	}
	if hdr.problem != "" {
		return nil, mosaic.Errorf(mosaic.EINVALID, "%s: the header row is not valid CSV: column %d %s", file, hdr.badField+1, hdr.problem)
	}
	// Excel may write "sep=," above the header to name the separator.
	if len(hdr.fields) == 2 && strings.EqualFold(strings.TrimSpace(hdr.fields[0]), "sep=") && hdr.fields[1] == "" {
		return readHeader(file, rows)
	}
	// The fields are only valid until the next row is read.
	return slices.Clone(hdr.fields), nil
}

func missingColumnsError(file string, header, missing []string) error {
	noun := "column is"
	if len(missing) > 1 {
		noun = "columns are"
	}
	hint := ""
	if len(header) == 1 {
		// One column holding them all: the file is not comma-separated.
		switch {
		case strings.Contains(header[0], ";"):
			hint = "; the file seems to separate values with semicolons: export it with commas"
		case strings.Contains(header[0], "\t"):
			hint = "; the file seems to separate values with tabs: export it with commas"
		}
	}
	return mosaic.Errorf(mosaic.EINVALID, "%s: required %s missing from the header: %s%s", file, noun, strings.Join(missing, ", "), hint)
}

func fieldName(header []string, i int) string {
	if i < len(header) {
		return strings.TrimSpace(header[i])
	}
	return fmt.Sprintf("#%d", i+1)
}
