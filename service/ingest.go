package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path"
	"strings"
	"syscall"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/service/internal/jsonlines"
)

// IngestResult is the answer to an ingest call: every row read is
// accepted or rejected with a reason.
type IngestResult struct {
	RowsRead     int             `json:"rows_read"`
	RowsAccepted int             `json:"rows_accepted"`
	RowsRejected int             `json:"rows_rejected"`
	Rejects      []mosaic.Reject `json:"rejects"`
}

// csvKinds take CSV, or JSON lines with the same field names.
var csvKinds = map[mosaic.Kind]bool{
	mosaic.KindJobs: true, mosaic.KindApplications: true, mosaic.KindEmployees: true,
	mosaic.KindShipments: true, mosaic.KindPayroll: true, mosaic.KindNotes: true,
}

// Kinds lists the kinds the ingest API takes (not attachments, which have
// their own call).
func (s *Service) Kinds() []string {
	var out []string
	for k := range s.byKind {
		if k != mosaic.KindResume && k != mosaic.KindPhoto {
			out = append(out, string(k))
		}
	}
	return sortedStrings(out)
}

// Ingest reads one body of records of a kind, stores the accepted ones
// durably and queues them for detection. contentType says the format:
// text/csv for the CSV kinds, JSON lines or a JSON array otherwise (CSV
// kinds take JSON lines with the same field names too). source names who
// sent it (a token or connector name) for the sources page.
func (s *Service) Ingest(ctx context.Context, kind, contentType string, body io.Reader, source string) (*IngestResult, error) {
	return s.ingest(ctx, kind, contentType, body, source, nil)
}

// ingest is Ingest that, when pos is not nil, saves pos with the call's
// ingest-log entry (the watched folder's file positions).
func (s *Service) ingest(ctx context.Context, kind, contentType string, body io.Reader, source string, pos *opstore.Position) (*IngestResult, error) {
	k := mosaic.Kind(kind)
	x, ok := s.byKind[k]
	if !ok || k == mosaic.KindResume || k == mosaic.KindPhoto {
		return nil, mosaic.Errorf(mosaic.EINVALID, "unknown kind %q: send one of %s", kind, strings.Join(s.Kinds(), ", "))
	}
	mediaType := strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	n := s.ingestN.Add(1)
	name := fmt.Sprintf("ingest/%s/%s-%06d", kind, s.cfg.Now().UTC().Format("20060102T150405Z"), n)
	var lineMap []int // CSV line -> body line, when JSON lines became CSV
	var early []mosaic.Reject
	if csvKinds[k] {
		switch mediaType {
		case "text/csv", "application/csv", "":
			name += ".csv"
		case "application/x-ndjson", "application/jsonl", "application/json", "application/x-jsonlines":
			name += ".jsonl"
			var err error
			var converted []byte
			converted, lineMap, early, err = jsonlines.ToCSV(body, name)
			if err != nil {
				return nil, err
			}
			body = bytes.NewReader(converted)
		default:
			return nil, mosaic.Errorf(mosaic.EINVALID, "%s takes text/csv or application/x-ndjson, not %q", kind, contentType)
		}
	} else {
		switch mediaType {
		case "application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/plain", "":
		default:
			return nil, mosaic.Errorf(mosaic.EINVALID, "%s takes JSON (an array or JSON lines), not %q", kind, contentType)
		}
		name += ".jsonl"
		if k == mosaic.KindOsquery {
			name = strings.TrimSuffix(name, ".jsonl") + ".log"
		}
	}
	tmp, err := s.spool(body)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	res, recs, err := s.extract(ctx, x, mosaic.File{Path: name, Abs: tmp, Kind: k}, lineMap)
	if err != nil {
		return nil, err
	}
	if len(early) > 0 {
		res.Rejects = append(early, res.Rejects...)
		res.RowsRead += len(early)
		res.RowsRejected += len(early)
	}
	if err := s.keep(ctx, recs, res, source, kind, pos); err != nil {
		return nil, err
	}
	return res, nil
}

// Attachment stores a resume or photo sent as raw bytes; name is the
// record's resume_file or photo_file without "attachments/"
// ("resumes/A0001276.txt"). It may arrive before or after its record.
func (s *Service) Attachment(ctx context.Context, name string, body io.Reader, source string) (*IngestResult, error) {
	return s.attachment(ctx, name, body, source, nil)
}

// attachment is Attachment that saves pos with the ingest-log entry.
func (s *Service) attachment(ctx context.Context, name string, body io.Reader, source string, pos *opstore.Position) (*IngestResult, error) {
	clean := path.Clean("/" + name)[1:]
	dir, base := path.Split(clean)
	if clean != name || base == "" || strings.HasPrefix(base, ".") {
		return nil, mosaic.Errorf(mosaic.EINVALID, "attachment name %q: write FOLDER/FILE, e.g. resumes/A0001276.txt", name)
	}
	var k mosaic.Kind
	switch strings.TrimSuffix(dir, "/") {
	case "resumes":
		k = mosaic.KindResume
	case "photos":
		k = mosaic.KindPhoto
	default:
		return nil, mosaic.Errorf(mosaic.EINVALID, "attachment %q: the folder is resumes/ or photos/", name)
	}
	x, ok := s.byKind[k]
	if !ok {
		return nil, mosaic.Errorf(mosaic.EINVALID, "attachments of kind %s are not read", k)
	}
	tmp, err := s.spool(body)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	res, recs, err := s.extract(ctx, x, mosaic.File{Path: "attachments/" + clean, Abs: tmp, Kind: k}, nil)
	if err != nil {
		return nil, err
	}
	if err := s.keep(ctx, recs, res, source, string(k), pos); err != nil {
		return nil, err
	}
	return res, nil
}

// keep stores accepted records durably, logs the call and queues the
// records for detection. A position (pos not nil) is saved with the log
// entry, and failing to save them fails the call, so the caller reads the
// same rows again rather than skipping or double-counting them.
func (s *Service) keep(ctx context.Context, recs []mosaic.Record, res *IngestResult, source, kind string, pos *opstore.Position) error {
	if len(recs) > 0 {
		// Saved is durable: SQLite stages sign-ins in a working table that
		// survives a crash and is moved into place by the detection loop
		// from time to time (finishRecords), and by every read.
		if err := s.cfg.Store.SaveRecords(ctx, recs); err != nil {
			return s.storeError(ctx, err, "store the records")
		}
	}
	if err := s.cfg.Ops.LogIngestAt(ctx, opstore.Ingest{Source: source, Kind: kind, Read: res.RowsRead,
		Accepted: res.RowsAccepted, Rejected: res.RowsRejected, Rejects: res.Rejects}, pos); err != nil {
		if pos != nil {
			return s.storeError(ctx, err, "save the read position")
		}
		s.cfg.Log.Warn("cannot log an ingest call", "error", err)
	}
	if len(recs) > 0 {
		if err := s.enqueue(ctx, recs); err != nil {
			// The records are stored: sending them again changes nothing
			// and queues them, and a restart would read them anyway.
			s.cfg.Log.Error("ingest: cannot queue stored records for detection", "error", err)
			return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "the records were stored but could not be queued for detection (the queue is full or unreachable); send the call again shortly")
		}
	}
	return nil
}

// storeError turns a failure to store an ingest call's records into the
// error its caller is shown, and logs the cause for the operator. A full,
// locked, busy or unreachable store is EUNAVAILABLE (HTTP 503: nothing was
// kept, send again); any other store failure is not the caller's doing and
// is internal (500), whatever the store called it (a read-only database is
// not a bad request). The message names no file, server or query.
func (s *Service) storeError(ctx context.Context, err error, what string) error {
	s.cfg.Log.Error("ingest: cannot "+what, "error", err)
	switch code := mosaic.ErrorCode(err); {
	case ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "cannot %s: the call was cancelled or timed out first; send it again", what)
	case code == mosaic.EUNAVAILABLE || code == mosaic.ECONFLICT || errors.Is(err, syscall.ENOSPC) || isNetError(err):
		return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "cannot %s: the database is unavailable (full, busy or unreachable); nothing was kept, send the call again shortly", what)
	}
	// Cut the chain so the store's own code (EINVALID for a read-only
	// file, say) does not reach the caller; the text stays for the log.
	return mosaic.WrapError(mosaic.EINTERNAL, errors.New(err.Error()), "cannot %s", what)
}

func isNetError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

// spool copies a body to a temporary file: the readers stream files.
func (s *Service) spool(body io.Reader) (string, error) {
	f, err := os.CreateTemp(s.cfg.TempDir, "mosaic-ingest-*")
	if err != nil {
		return "", mosaic.WrapError(mosaic.EINTERNAL, err, "cannot create a temporary file for the request body")
	}
	_, err = io.Copy(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		if overBodyLimit(err) {
			return "", mosaic.WrapError(mosaic.ETOOLARGE, err, "the request body is over the size limit")
		}
		return "", mosaic.WrapError(mosaic.EINVALID, err, "cannot read the request body")
	}
	return f.Name(), nil
}

// collector is the emitter of one ingest call.
type collector struct {
	res     *IngestResult
	recs    []mosaic.Record
	lineMap []int
}

func (c *collector) line(n int) int {
	if c.lineMap != nil && n > 0 && n < len(c.lineMap) {
		return c.lineMap[n]
	}
	return n
}

func (c *collector) Accept(r mosaic.Record) error {
	c.res.RowsRead++
	c.res.RowsAccepted++
	c.recs = append(c.recs, c.relined(r))
	return nil
}

func (c *collector) AcceptMany(rs []mosaic.Record) error {
	c.res.RowsRead++
	c.res.RowsAccepted++
	for _, r := range rs {
		c.recs = append(c.recs, c.relined(r))
	}
	return nil
}

func (c *collector) Reject(r mosaic.Reject) error {
	c.res.RowsRead++
	c.res.RowsRejected++
	r.Line = c.line(r.Line)
	c.res.Rejects = append(c.res.Rejects, r)
	return nil
}

// relined points a record converted from JSON lines at its line in the
// body as sent, so its evidence cites the row the caller knows.
func (c *collector) relined(r mosaic.Record) mosaic.Record {
	if c.lineMap == nil {
		return r
	}
	switch v := r.(type) {
	case mosaic.Job:
		v.Origin.Line = c.line(v.Origin.Line)
		return v
	case mosaic.Application:
		v.Origin.Line = c.line(v.Origin.Line)
		return v
	case mosaic.Employee:
		v.Origin.Line = c.line(v.Origin.Line)
		return v
	case mosaic.Shipment:
		v.Origin.Line = c.line(v.Origin.Line)
		return v
	case mosaic.PayrollEvent:
		v.Origin.Line = c.line(v.Origin.Line)
		return v
	case mosaic.Note:
		v.Origin.Line = c.line(v.Origin.Line)
		return v
	}
	return r
}

func (s *Service) extract(ctx context.Context, x mosaic.Extractor, f mosaic.File, lineMap []int) (*IngestResult, []mosaic.Record, error) {
	c := &collector{res: &IngestResult{Rejects: []mosaic.Reject{}}, lineMap: lineMap}
	if err := x.Extract(ctx, f, c); err != nil {
		return nil, nil, err
	}
	return c.res, c.recs, nil
}
