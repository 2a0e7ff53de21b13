// Package connector pulls records from live systems (Okta, Microsoft Graph,
// Google Workspace, Greenhouse) into mosaic for `mosaic serve`.
//
// A connector polls its source, hands each page of raw records to a Sink
// exactly as the ingest API would take them, and then saves its position in
// a CursorStore. The order is the invariant everything else rests on:
//
//	fetch page → Sink.Ingest (returns once the rows are durably stored) → SaveCursor
//
// A crash between the last two steps re-fetches at most one page on restart,
// which the sink de-duplicates on natural keys (event ids); a crash anywhere
// else loses nothing. The connectors live in sub-packages (okta, graph,
// gworkspace, greenhouse); this package holds the interfaces, the loop that
// runs a connector (Run), the shared HTTP machinery (rate limits, retries,
// a dial-time guard against private addresses) and secret loading.
package connector

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// Sink takes a page of raw records exactly as the ingest API would (kind:
// "okta", "entra", "google_workspace", "applications", "candidates"...;
// contentType "application/x-ndjson", "application/json" or "text/csv"). It
// returns only after the accepted rows are durably stored; re-sending the
// same rows changes nothing (records de-duplicate on natural keys / event
// ids).
type Sink interface {
	Ingest(ctx context.Context, kind, contentType string, body []byte) (IngestResult, error)
}

// IngestResult counts the rows of one Ingest call.
type IngestResult struct{ RowsRead, RowsAccepted, RowsRejected int }

// CursorStore persists a connector's position; LoadCursor returns "" when
// none was saved.
type CursorStore interface {
	LoadCursor(ctx context.Context, source string) (string, error)
	SaveCursor(ctx context.Context, source, cursor string) error
}

// Connector is one source. Poll fetches all pages available now, ingests
// each and saves the cursor after each ingested page.
type Connector interface {
	Name() string
	Poll(ctx context.Context) (PollResult, error)
}

// StatusReporter is implemented by every connector of this module; the
// service shows it in GET /api/v1/status.
type StatusReporter interface {
	Status() Status
}

// Status is what a connector reports about itself.
//
// CursorAt is the time up to which the source's records are in: the start of
// the last poll that reached the end of what the source had (nothing newer
// existed then), or, while a backlog is being worked through, the newest
// record time ingested. LagSeconds is the time from CursorAt to now.
type Status struct {
	Name, Kind string
	CursorAt   time.Time
	LagSeconds float64
	LastError  string
	LastPollAt time.Time
	Pages      int64
	Rows       int64
}

// PollResult sums up one poll.
type PollResult struct {
	Pages        int       // pages fetched (empty ones included)
	RowsRead     int       // rows handed to the sink
	RowsAccepted int       // rows the sink stored
	RowsRejected int       // rows the sink rejected
	CaughtUp     bool      // the poll reached the end of what the source had
	CursorAt     time.Time // newest record time seen (zero when none)
}

// Clock lets tests control time: every wait in this module (rate-limit
// resets, Retry-After, backoff, the poll interval) goes through Sleep.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done, whichever comes first, and
	// returns ctx.Err() in the second case.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx is done.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ClockOrSystem returns c, or SystemClock when c is nil.
func ClockOrSystem(c Clock) Clock {
	if c == nil {
		return SystemClock{}
	}
	return c
}

// RunOptions tunes RunWith. Zero values take the defaults noted.
type RunOptions struct {
	Every      time.Duration // pause between successful polls (default 1 min)
	MinBackoff time.Duration // first pause after a failed poll (default 5 s)
	MaxBackoff time.Duration // longest pause after failures (default 15 min)
	Clock      Clock         // default SystemClock
	Log        *slog.Logger  // default slog.Default()
	// Polls stops the loop after this many polls when > 0 (for tests).
	Polls int
}

// Run polls c every `every` until ctx is done, backing off exponentially
// (with jitter) after a failed poll. It returns ctx's error.
func Run(ctx context.Context, c Connector, every time.Duration, log *slog.Logger) error {
	return RunWith(ctx, c, RunOptions{Every: every, Log: log})
}

// RunWith is Run with every knob exposed.
func RunWith(ctx context.Context, c Connector, o RunOptions) error {
	if o.Every <= 0 {
		o.Every = time.Minute
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 5 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 15 * time.Minute
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
	clock := ClockOrSystem(o.Clock)
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("connector", c.Name())
	failures := 0
	for n := 0; o.Polls <= 0 || n < o.Polls; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := c.Poll(ctx)
		wait := o.Every
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			failures++
			wait = Backoff(o.MinBackoff, o.MaxBackoff, failures)
			log.Warn("poll failed", "err", err, "failures", failures, "retry_in", wait.String(),
				"pages", res.Pages, "rows_accepted", res.RowsAccepted)
		default:
			if failures > 0 {
				log.Info("poll recovered", "after_failures", failures)
			}
			failures = 0
			log.Debug("poll done", "pages", res.Pages, "rows_read", res.RowsRead,
				"rows_accepted", res.RowsAccepted, "rows_rejected", res.RowsRejected, "caught_up", res.CaughtUp)
			if !res.CaughtUp {
				// More is waiting (a page budget ran out): go on at once.
				wait = 0
			}
		}
		if o.Polls > 0 && n+1 >= o.Polls {
			break
		}
		if err := clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Backoff returns the pause before retry number attempt (1-based): min
// doubled per attempt, capped at max, with up to 25% random jitter taken
// off so that many connectors do not retry in step.
func Backoff(min, max time.Duration, attempt int) time.Duration {
	d := min
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	if d <= 0 {
		return 0
	}
	return d - time.Duration(rand.Int64N(int64(d)/4+1))
}

// Commit hands one page to the sink and only then saves the cursor: the
// ordering every connector relies on. It returns the sink's counts. An empty
// body skips the sink; the cursor is still saved when it is not "".
func Commit(ctx context.Context, sink Sink, store CursorStore, source, kind, contentType string, body []byte, cursor string) (IngestResult, error) {
	var res IngestResult
	if len(body) > 0 {
		var err error
		res, err = sink.Ingest(ctx, kind, contentType, body)
		if err != nil {
			return res, &StageError{Stage: "ingest", Err: err}
		}
	}
	if cursor == "" {
		return res, nil
	}
	if err := store.SaveCursor(ctx, source, cursor); err != nil {
		return res, &StageError{Stage: "save cursor", Err: err}
	}
	return res, nil
}

// StageError says which step of a poll failed.
type StageError struct {
	Stage string
	Err   error
}

func (e *StageError) Error() string { return e.Stage + ": " + e.Err.Error() }
func (e *StageError) Unwrap() error { return e.Err }

// Tracker keeps a connector's Status; it is safe for concurrent use.
type Tracker struct {
	mu    sync.Mutex
	st    Status
	clock Clock
	// complete is the time up to which everything is in (see Status).
	complete time.Time
}

// NewTracker returns a Tracker for a connector.
func NewTracker(name, kind string, clock Clock) *Tracker {
	return &Tracker{st: Status{Name: name, Kind: kind}, clock: ClockOrSystem(clock)}
}

// Page records one ingested page: rows stored and the newest record time in
// it (zero when unknown).
func (t *Tracker) Page(rows int, newest time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.st.Pages++
	t.st.Rows += int64(rows)
	if newest.After(t.complete) {
		t.complete = newest
	}
}

// Done records the end of a poll that started at started.
func (t *Tracker) Done(started time.Time, caughtUp bool, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.st.LastPollAt = t.clock.Now()
	if err != nil {
		t.st.LastError = err.Error()
		return
	}
	t.st.LastError = ""
	if caughtUp && started.After(t.complete) {
		t.complete = started
	}
}

// Status returns a copy of the status, lag computed now.
func (t *Tracker) Status() Status {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.st
	st.CursorAt = t.complete
	if !t.complete.IsZero() {
		st.LagSeconds = t.clock.Now().Sub(t.complete).Seconds()
		if st.LagSeconds < 0 {
			st.LagSeconds = 0
		}
	}
	return st
}

// ErrConfig marks a connector configuration that cannot work.
var ErrConfig = errors.New("connector configuration")
