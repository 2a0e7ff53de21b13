package connector

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// A windowed connector reads its source in time windows: the APIs it polls
// (Microsoft Graph's sign-ins, Google's Reports API, Greenhouse's lists)
// filter by a start time but promise no order (Graph and Google list the
// newest first), so the cursor cannot move after each page. Within one
// window the connector follows the API's pages to the end, carrying the
// newest record time seen, and only when the window is exhausted does the
// next window start at that time. Mid-window the cursor holds the position
// of the next page, so a restart resumes there.
//
// Every window starts a little before the cursor (Graph's overlap, Google's
// lag, Greenhouse's overlap), so records the API shows a little after
// their time are still read; the sink de-duplicates what is read twice.

// WindowCursor is the saved position of a windowed connector. The position
// inside an open window is saved as "next" (a next link: Graph, Greenhouse)
// or "page_token" (a page token: Google), the names the cursors were first
// saved under, so that saved cursors still read.
type WindowCursor struct {
	Since     string `json:"since"`                // window start before the lag (RFC 3339)
	Phase     string `json:"phase,omitempty"`      // the list being read, when a window has several
	Next      string `json:"next,omitempty"`       // next link in the open window
	PageToken string `json:"page_token,omitempty"` // page token in the open window
	Max       string `json:"max,omitempty"`        // newest record time seen in the open window
}

// Stamp formats a record time as the cursor keeps it.
func Stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// LoadWindow loads the saved window cursor. An unreadable cursor (after a
// warning) or one without a window start starts a new window lookback
// before now. since is the cursor's window start, maxSeen the newest
// record time of the open window (zero when none).
func (c *Core) LoadWindow(ctx context.Context, now time.Time, lookback time.Duration) (cur WindowCursor, since, maxSeen time.Time, err error) {
	raw, err := c.Store.LoadCursor(ctx, c.name)
	if err != nil {
		return cur, since, maxSeen, c.Errorf("loading the cursor: %w", err)
	}
	if raw != "" && json.Unmarshal([]byte(raw), &cur) != nil {
		c.Warn("the saved cursor is unreadable; starting from the lookback window")
		cur = WindowCursor{}
	}
	since, err = time.Parse(time.RFC3339Nano, cur.Since)
	if err != nil {
		since = now.Add(-lookback)
		cur = WindowCursor{Since: Stamp(since)}
	}
	maxSeen, _ = time.Parse(time.RFC3339Nano, cur.Max)
	return cur, since, maxSeen, nil
}

// Open returns the cursor of an open window, with the newest record time
// seen so far.
func (w WindowCursor) Open(maxSeen time.Time) WindowCursor {
	if !maxSeen.IsZero() {
		w.Max = Stamp(maxSeen)
	}
	return w
}

// Closed returns the cursor of the next window once the one starting at
// since has been read to the end: it starts at the newest record time
// seen, or where this one started when nothing newer was seen.
func (w WindowCursor) Closed(since, maxSeen time.Time) WindowCursor {
	next := WindowCursor{Since: w.Since}
	if maxSeen.After(since) {
		next.Since = Stamp(maxSeen)
	}
	return next
}

// Encode returns the cursor as it is saved.
func (w WindowCursor) Encode() string {
	b, _ := json.Marshal(w)
	return string(b)
}

// Windows describes a source whose records are read as one list per window
// (Graph's sign-ins, Google's activities) to PollWindows.
type Windows struct {
	// Lag is how far before the cursor each window starts.
	Lag time.Duration
	// Lookback is where the first window starts; MaxPages bounds a poll.
	Lookback time.Duration
	MaxPages int
	// PageToken says the position in a window is a page token (saved as
	// page_token), not a next link (saved as next).
	PageToken bool
	// URL returns the request for the page at pos of the window starting
	// at from (the cursor less Lag); pos "" is its first page.
	URL func(from time.Time, pos string) string
	// Resumable, when set, reports whether a saved position may be used:
	// a next link on the API's host. Otherwise the window restarts.
	Resumable func(pos string) bool
	// OffHost ends the warning given when a saved position is not
	// Resumable ("is not on the Graph host").
	OffHost string
	// Refused reports whether the API's answer to a resumed position (an
	// HTTP status) means it expired, which restarts the window; the APIs
	// say so differently.
	Refused func(status int) bool
	// Page reads one response: the records as JSON lines, the newest
	// record time among them and the position of the next page ("" at the
	// end of the window).
	Page func(resp *Response) (lines []byte, newest time.Time, next string, err error)
}

func (w *Windows) pos(cur WindowCursor) string {
	if w.PageToken {
		return cur.PageToken
	}
	return cur.Next
}

func (w *Windows) withPos(cur WindowCursor, pos string) WindowCursor {
	if w.PageToken {
		cur.PageToken = pos
	} else {
		cur.Next = pos
	}
	return cur
}

func (w *Windows) posName() string {
	if w.PageToken {
		return "page token"
	}
	return "next link"
}

// PollWindows reads every page available now, as JSON lines: the window's
// pages to the end (or MaxPages), each ingested and followed by the saved
// cursor. It is the Poll of a connector that reads one list per window.
func (c *Core) PollWindows(ctx context.Context, w Windows) (res PollResult, err error) {
	started := c.Clock.Now()
	defer func() { c.Tracker.Done(started, res.CaughtUp, err) }()

	cur, since, maxSeen, err := c.LoadWindow(ctx, started, w.Lookback)
	if err != nil {
		return res, err
	}
	from := since.Add(-w.Lag)
	pos := w.pos(cur)
	resumed := pos != ""
	if pos != "" && w.Resumable != nil && !w.Resumable(pos) {
		c.Warn("the saved " + w.posName() + " " + w.OffHost + "; restarting the window")
		pos, resumed = "", false
	}
	for res.Pages < w.MaxPages {
		resp, err := c.Fetch.Get(ctx, w.URL(from, pos), nil)
		var he *HTTPError
		if resumed && errors.As(err, &he) && w.Refused(he.StatusCode) {
			c.Warn("the saved "+w.posName()+" was refused; restarting the window", "status", he.StatusCode)
			pos, resumed, maxSeen = "", false, time.Time{}
			continue
		}
		resumed = false
		if err != nil {
			return res, c.Errorf("%w", err)
		}
		res.Pages++
		lines, newest, next, err := w.Page(resp)
		if err != nil {
			return res, c.Errorf("%w", err)
		}
		if newest.After(maxSeen) {
			maxSeen = newest
		}
		nc := cur.Closed(since, maxSeen)
		if next != "" {
			nc = w.withPos(WindowCursor{Since: cur.Since}, next).Open(maxSeen)
		}
		if err := c.Ingest(ctx, &res, "application/x-ndjson", lines, nc.Encode(), newest); err != nil {
			return res, err
		}
		if next == "" {
			res.CaughtUp = true
			return res, nil
		}
		pos = next
	}
	return res, nil
}
