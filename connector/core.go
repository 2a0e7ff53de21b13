package connector

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// CoreConfig is what NewCore needs of a connector's settings.
type CoreConfig struct {
	// Prefix names the connector in errors and log messages ("graph",
	// "google workspace").
	Prefix string
	// Name is the source name (cursor key, status); Kind the ingest kind.
	Name, Kind string
	// BaseURL is the API's http(s) URL.
	BaseURL string
	HTTP    HTTPOptions
	// Rows names the records in the warning logged when the sink rejects
	// some ("sign-ins"). "" logs none, for a connector that has already
	// warned about the records it knows the sink will reject.
	Rows string
}

// Core is what every connector of this module holds: its sink and cursor
// store, the guarded fetcher, the clock and the status tracker. It gives
// the connector its Name and Status, and commits pages (Ingest) and loads
// window cursors (LoadWindow) the same way for all of them.
type Core struct {
	// Base is the API's base URL without a trailing slash.
	Base    string
	Sink    Sink
	Store   CursorStore
	Log     *slog.Logger // tagged with the connector's name
	Fetch   *Fetcher
	Clock   Clock
	Tracker *Tracker

	prefix, name, kind, rows string
}

// NewCore checks the base URL and builds the fetcher; its log is log (or
// slog.Default()) tagged with the connector's name. New of each connector
// calls it once its own settings are checked, and then sets the fetcher's
// Authorize hook.
func NewCore(cc CoreConfig, sink Sink, store CursorStore, log *slog.Logger) (*Core, error) {
	if log == nil {
		log = slog.Default()
	}
	u, err := url.Parse(strings.TrimRight(cc.BaseURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%w: %s: the base URL %q is not an http(s) URL", ErrConfig, cc.Prefix, cc.BaseURL)
	}
	log = log.With("connector", cc.Name)
	cc.HTTP.Log = log
	f := NewFetcher(cc.HTTP)
	return &Core{Base: u.String(), Sink: sink, Store: store, Log: log, Fetch: f, Clock: f.Clock(),
		Tracker: NewTracker(cc.Name, cc.Kind, f.Clock()),
		prefix:  cc.Prefix, name: cc.Name, kind: cc.Kind, rows: cc.Rows}, nil
}

// Name returns the source name.
func (c *Core) Name() string { return c.name }

// Status reports the connector's state.
func (c *Core) Status() Status { return c.Tracker.Status() }

// Errorf is fmt.Errorf with the connector's prefix ("graph: ...").
func (c *Core) Errorf(format string, args ...any) error {
	return fmt.Errorf(c.prefix+": "+format, args...)
}

// Warn logs a warning with the connector's prefix.
func (c *Core) Warn(msg string, args ...any) { c.Log.Warn(c.prefix+": "+msg, args...) }

// Ingest commits one page (see Commit: the sink first, then the cursor)
// and counts it in res and the status: rows, the newest record time of the
// page (zero when unknown) and, when the body is not empty, one page.
func (c *Core) Ingest(ctx context.Context, res *PollResult, contentType string, body []byte, cursor string, newest time.Time) error {
	ir, err := Commit(ctx, c.Sink, c.Store, c.name, c.kind, contentType, body, cursor)
	res.RowsRead += ir.RowsRead
	res.RowsAccepted += ir.RowsAccepted
	res.RowsRejected += ir.RowsRejected
	if err != nil {
		return c.Errorf("%w", err)
	}
	if newest.After(res.CursorAt) {
		res.CursorAt = newest
	}
	if len(body) > 0 {
		c.Tracker.Page(ir.RowsAccepted, newest)
	}
	if ir.RowsRejected > 0 && c.rows != "" {
		c.Warn("the sink rejected "+c.rows, "rejected", ir.RowsRejected, "read", ir.RowsRead)
	}
	return nil
}

// SecretFrom returns s when it is set, else the credential ReadSecret
// loads from file or env: a Config may hold the secret itself or say
// where it is.
func SecretFrom(s Secret, file, env, what string) (Secret, error) {
	if !s.Empty() {
		return s, nil
	}
	return ReadSecret(file, env, what)
}

// RequireClientID is the check of an OAuth 2.0 client credentials
// connector's client id.
func RequireClientID(prefix, clientID string) error {
	if clientID == "" {
		return fmt.Errorf("%w: %s: no client id", ErrConfig, prefix)
	}
	return nil
}
