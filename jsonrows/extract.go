package jsonrows

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// Decoded is what a reader made of one row: records to accept (none, one
// or several), or a reason to reject it.
type Decoded struct {
	// Records are accepted. An accepted row may give no record at all: a
	// service principal's sign-in is read and valid, but it is no person's
	// (the row still counts as read and accepted).
	Records []mosaic.Record
	// Reason, when set, rejects the row; Column names the field at fault.
	Reason, Column string
	// Foreign marks a valid JSON object with none of the format's fields:
	// some other log put in this folder.
	Foreign bool
}

// Reject returns a Decoded that rejects the row.
func Reject(column, reason string) Decoded { return Decoded{Column: column, Reason: reason} }

// Accept returns a Decoded that accepts the row with the given records.
func Accept(recs ...mosaic.Record) Decoded { return Decoded{Records: recs} }

// Format describes one log format to Extract.
type Format struct {
	// Name says what the file should have been, for errors: "a Microsoft
	// Entra ID sign-in log".
	Name     string
	PageKeys []string
	MaxValue int
	// Decode judges one row. It must not keep row.Data, which the next
	// row reuses.
	Decode func(row Row) Decoded
}

// MaxDepth bounds how deep one event nests objects and arrays; a deeper
// one is rejected before it is decoded. Sign-in events nest four levels
// (an Azure record's properties.location.geoCoordinates), inventories
// five.
const MaxDepth = 32

// DepthOver reports whether the JSON text b nests objects and arrays
// deeper than max, by its brackets and strings alone: one pass, nothing
// decoded (malformed text is left to the decoder).
func DepthOver(b []byte, max int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > max {
				return true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return false
}

// foreignLimit is how many foreign objects, with no event of the format
// before them, make a file "not this format".
const foreignLimit = 3

// pendingLimit bounds the rejects held back while unsure of the format.
const pendingLimit = 1000

// Extract reads f with format and calls emit once per row: Accept (or
// AcceptMany when a row gives other than one record), or Reject. It returns
// an error only when the file as a whole cannot be read, is not in the
// format, or emit fails.
func Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter, format Format, log *slog.Logger) error {
	file, err := f.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	began := time.Now()
	r := NewReader(file, Options{PageKeys: format.PageKeys, MaxValue: format.MaxValue})
	e := &emitter{file: f, format: format, emit: emit}
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, ErrNotJSON) {
			return e.notOurs()
		}
		if err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", f.Path)
		}
		var d Decoded
		switch {
		case row.Reject != "":
			d = Decoded{Reason: row.Reject}
		case DepthOver(row.Data, MaxDepth):
			d = Decoded{Reason: "JSON nested deeper than the limit of " + strconv.Itoa(MaxDepth) + " levels"}
		default:
			d = format.Decode(row)
		}
		if err := e.row(row.Line, d); err != nil {
			return err
		}
	}
	if err := e.end(); err != nil {
		return err
	}
	if log != nil {
		log.DebugContext(ctx, "log file read", "file", f.Path, "format", format.Name,
			"accepted", e.accepted, "rejected", e.rejected, "took", time.Since(began))
	}
	return nil
}

// emitter hands rows to the caller's Emitter. Until a row looks like the
// format it holds rejects back: a file whose first objects are all valid
// JSON without any of the format's fields is some other log, and one clear
// error says so better than a reject per line.
type emitter struct {
	file    mosaic.File
	format  Format
	emit    mosaic.Emitter
	sure    bool
	pending []mosaic.Reject
	foreign int

	accepted, rejected int
}

func (e *emitter) notOurs() error {
	return mosaic.Errorf(mosaic.EINVALID, "%s is not %s", e.file.Path, e.format.Name)
}

func (e *emitter) row(line int, d Decoded) error {
	if d.Reason == "" {
		if err := e.flush(); err != nil {
			return err
		}
		e.accepted++
		if len(d.Records) == 1 {
			return e.emit.Accept(d.Records[0])
		}
		return e.emit.AcceptMany(d.Records)
	}
	rej := mosaic.Reject{File: e.file.Path, Line: line, Column: d.Column, Reason: d.Reason}
	if !e.sure {
		switch {
		case d.Foreign:
			if e.foreign++; e.foreign >= foreignLimit {
				return e.notOurs()
			}
		case d.Column != "":
			// An event of the format with a bad field: the file is ours.
			if err := e.flush(); err != nil {
				return err
			}
		}
	}
	if !e.sure {
		e.pending = append(e.pending, rej)
		if len(e.pending) < pendingLimit {
			return nil
		}
		return e.flush()
	}
	e.rejected++
	return e.emit.Reject(rej)
}

// flush emits the held-back rejects and stops holding.
func (e *emitter) flush() error {
	e.sure = true
	for _, rej := range e.pending {
		e.rejected++
		if err := e.emit.Reject(rej); err != nil {
			return err
		}
	}
	e.pending = nil
	return nil
}

func (e *emitter) end() error {
	if !e.sure && e.foreign > 0 {
		return e.notOurs()
	}
	return e.flush()
}
