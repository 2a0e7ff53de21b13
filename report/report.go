// Package report writes a mosaic.Report for people and for machines: the
// versioned JSON document (described by the JSON Schema embedded here), a
// table for terminals, CSV for spreadsheets and a self-contained HTML page
// for case files. It also writes the rejects file that accounts for every
// input row mosaic could not accept.
package report

import (
	"bufio"
	"errors"
	"io"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Defaults for a terminal table.
const (
	DefaultWidth = 120
	DefaultLimit = 25
)

// Options shape a rendering.
type Options struct {
	// Width is the terminal width the table must fit in; 0 means
	// DefaultWidth. Only the table uses it.
	Width int
	// Limit caps the subjects (and clusters) the table lists; 0 or less
	// means all. Machine formats (json, csv) and the HTML page always list
	// every subject that passes MinScore: a silently cut report would hide
	// people. Callers that want the usual terminal cap use DefaultOptions.
	Limit int
	// MinScore drops subjects scoring below it, in every format, as the
	// contract's --min-score does. Clusters are kept whole.
	MinScore float64
	// Color adds ANSI colours to the table's levels.
	Color bool
}

// DefaultOptions are the terminal defaults: 120 columns, 25 rows.
func DefaultOptions() Options {
	return Options{Width: DefaultWidth, Limit: DefaultLimit}
}

// renderer writes one format.
type renderer func(w io.Writer, r *mosaic.Report, opts Options) error

// renderers is the read-only table of formats, in the order Formats lists.
var renderers = []struct {
	name   string
	render renderer
}{
	{"json", renderJSON},
	{"table", renderTable},
	{"csv", renderCSV},
	{"html", renderHTML},
}

// Formats lists the format names Render accepts.
func Formats() []string {
	names := make([]string, len(renderers))
	for i, f := range renderers {
		names[i] = f.name
	}
	return names
}

// Render writes r to w in format (json, table, csv or html). An unknown
// format is a *mosaic.Error with code EINVALID naming the valid ones; a
// failure to write is EINTERNAL.
func Render(w io.Writer, r *mosaic.Report, format string, opts Options) error {
	name := strings.ToLower(strings.TrimSpace(format))
	for _, f := range renderers {
		if f.name != name {
			continue
		}
		if r == nil {
			return mosaic.Errorf(mosaic.EINVALID, "no report to render")
		}
		bw := bufio.NewWriterSize(w, 64<<10)
		if err := f.render(bw, r, opts); err != nil {
			return asError(err, name)
		}
		if err := bw.Flush(); err != nil {
			return asError(err, name)
		}
		return nil
	}
	return mosaic.Errorf(mosaic.EINVALID, "unknown report format %q: use one of %s",
		format, strings.Join(Formats(), ", "))
}

// asError keeps a *mosaic.Error as it is and wraps anything else, which can
// only be a write or encoding failure.
func asError(err error, format string) error {
	var e *mosaic.Error
	if errors.As(err, &e) {
		return err
	}
	return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write the %s report", format)
}
