package mosaic

import (
	"context"
	"errors"
	"io/fs"
	"os"
)

// Reject is an input row that could not be accepted, with a reason a person
// understands. It never carries the row's content: rows can hold SSNs and bank
// accounts, and rejects are written to a file beside the report.
type Reject struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// Emitter receives what a reader makes of each row: exactly one Accept or one
// Reject per row read, so that read = accepted + rejected always holds. A
// snapshot row of osquery that expands into several HostRows is still one row
// read; readers call AcceptMany for it.
type Emitter interface {
	Accept(Record) error
	AcceptMany([]Record) error
	Reject(Reject) error
}

// Hasher turns a sensitive value into a keyed hash. field names the kind of
// value (ssn, date_of_birth, account_number, routing_number, wallet_address)
// so equal values of different kinds never collide. Readers normalise the
// value (digits only for an SSN, say) before hashing, so that equality linking
// still works. An empty value hashes to "".
type Hasher interface {
	Hash(field, value string) string
}

// File is one input file of a bundle, as the bundle walker found it.
type File struct {
	Path string // relative to the bundle folder, with forward slashes
	Abs  string // absolute path on disk
	Kind Kind
}

// Open opens the file for reading, with the errors every reader gives: a
// missing file is ENOTFOUND, any other failure EINVALID, both naming Path.
func (f File) Open() (*os.File, error) {
	file, err := os.Open(f.Abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, WrapError(ENOTFOUND, err, "%s does not exist", f.Path)
	}
	if err != nil {
		return nil, WrapError(EINVALID, err, "cannot open %s", f.Path)
	}
	return file, nil
}

// Extractor reads one source format. Like OSV-SCALIBR's extractors, each
// source format lives in its own package behind this small interface.
type Extractor interface {
	// Kinds lists the kinds of file this extractor reads.
	Kinds() []Kind
	// Extract streams the file, calling the emitter once per row. It returns
	// an error only when the file as a whole cannot be read (unreadable,
	// unknown format); a bad row is a Reject, never an error.
	Extract(ctx context.Context, f File, emit Emitter) error
}

// FileStats accounts for the rows of one file.
type FileStats struct {
	Path     string `json:"path"`
	Kind     Kind   `json:"kind"`
	Read     int    `json:"rows_read"`
	Accepted int    `json:"rows_accepted"`
	Rejected int    `json:"rows_rejected"`
}
