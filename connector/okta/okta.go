// Package okta pulls the Okta System Log (GET /api/v1/logs) in polling mode.
//
// Protocol, as Okta documents it for polling: the first request carries
// since=<start>, sortOrder=ASCENDING and limit; every response carries a
// `Link: <...>; rel="next"` header, also when the page is empty, and that
// URL is where the next request goes. An empty page means caught up; the
// connector keeps the next link as its cursor and polls it again later.
// The cursor is that URL, saved after each page has been ingested. Pages go
// to the sink as they came (a JSON array of LogEvent objects), kind "okta".
//
// Requests carry `Authorization: SSWS <token>`; the token comes from a file
// or an environment variable and is never logged. X-Rate-Limit-Remaining: 0
// makes the next request wait until X-Rate-Limit-Reset; 429 and 5xx are
// retried after the reset (or with backoff).
package okta

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic/connector"
)

// Kind is the ingest kind pages are handed over as.
const Kind = "okta"

// Config configures a Connector.
type Config struct {
	// Name is the source name (cursor key, status); default "okta".
	Name string
	// BaseURL is the org URL, e.g. https://example.okta.com.
	BaseURL string
	// TokenFile or TokenEnv hold the API token (file first).
	TokenFile, TokenEnv string
	// Token, when not empty, is used instead of TokenFile/TokenEnv.
	Token connector.Secret
	// Lookback is how far back the first poll starts (default 24 h).
	Lookback time.Duration
	// Limit is the page size (default 1000, Okta's maximum).
	Limit int
	// MaxPages bounds one poll (default 1000); the poll then reports that
	// it has not caught up and Run goes on at once.
	MaxPages int
	HTTP     connector.HTTPOptions
}

// Connector pulls the Okta System Log.
type Connector struct {
	cfg     Config
	base    string
	sink    connector.Sink
	store   connector.CursorStore
	log     *slog.Logger
	fetch   *connector.Fetcher
	clock   connector.Clock
	tracker *connector.Tracker
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.StatusReporter = (*Connector)(nil)
)

// New returns a Connector. It reads the token now, so a missing token is a
// start-up error.
func New(cfg Config, sink connector.Sink, store connector.CursorStore, log *slog.Logger) (*Connector, error) {
	if cfg.Name == "" {
		cfg.Name = "okta"
	}
	if cfg.Lookback <= 0 {
		cfg.Lookback = 24 * time.Hour
	}
	if cfg.Limit <= 0 || cfg.Limit > 1000 {
		cfg.Limit = 1000
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 1000
	}
	if log == nil {
		log = slog.Default()
	}
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%w: okta: the base URL %q is not an http(s) URL", connector.ErrConfig, cfg.BaseURL)
	}
	if cfg.Token.Empty() {
		cfg.Token, err = connector.ReadSecret(cfg.TokenFile, cfg.TokenEnv, "Okta API token")
		if err != nil {
			return nil, err
		}
	}
	log = log.With("connector", cfg.Name)
	cfg.HTTP.Log = log
	f := connector.NewFetcher(cfg.HTTP)
	token := cfg.Token
	f.Authorize = func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "SSWS "+token.Reveal())
		return nil
	}
	return &Connector{
		cfg: cfg, base: u.String(), sink: sink, store: store, log: log, fetch: f,
		clock: f.Clock(), tracker: connector.NewTracker(cfg.Name, Kind, f.Clock()),
	}, nil
}

// Name returns the source name.
func (c *Connector) Name() string { return c.cfg.Name }

// Status reports the connector's state.
func (c *Connector) Status() connector.Status { return c.tracker.Status() }

// firstURL is the request that starts polling.
func (c *Connector) firstURL(now time.Time) string {
	q := url.Values{}
	q.Set("since", now.Add(-c.cfg.Lookback).UTC().Format("2006-01-02T15:04:05.000Z"))
	q.Set("sortOrder", "ASCENDING")
	q.Set("limit", strconv.Itoa(c.cfg.Limit))
	return c.base + "/api/v1/logs?" + q.Encode()
}

// validCursor accepts only a logs URL on the configured org.
func (c *Connector) validCursor(s string) bool {
	u, err := url.Parse(s)
	return err == nil && connector.SameOrigin(c.base, s) && strings.HasSuffix(u.Path, "/api/v1/logs")
}

// Poll fetches every page available now.
func (c *Connector) Poll(ctx context.Context) (res connector.PollResult, err error) {
	started := c.clock.Now()
	defer func() { c.tracker.Done(started, res.CaughtUp, err) }()

	cursor, err := c.store.LoadCursor(ctx, c.cfg.Name)
	if err != nil {
		return res, fmt.Errorf("okta: loading the cursor: %w", err)
	}
	next := cursor
	switch {
	case next == "":
		next = c.firstURL(started)
	case !c.validCursor(next):
		c.log.Warn("okta: the saved cursor is not a System Log URL of this org; starting over from the lookback window")
		next = c.firstURL(started)
	}
	hdr := http.Header{"Accept": {"application/json"}}
	for res.Pages < c.cfg.MaxPages {
		resp, err := c.fetch.Get(ctx, next, hdr)
		if err != nil {
			return res, fmt.Errorf("okta: %w", err)
		}
		res.Pages++
		var events []json.RawMessage
		if err := json.Unmarshal(resp.Body, &events); err != nil {
			return res, fmt.Errorf("okta: the System Log page is not a JSON array: %w", err)
		}
		link := connector.NextLink(resp.Header)
		if link != "" && !c.validCursor(link) {
			return res, fmt.Errorf("okta: refusing a next link off the org (%s)", hostOf(link))
		}
		if link == "" {
			// Polling mode always returns one; without it, poll the same
			// URL again next time.
			link = next
		}
		if len(events) == 0 {
			res.CaughtUp = true
			if link != cursor {
				if _, err := connector.Commit(ctx, c.sink, c.store, c.cfg.Name, Kind, "application/json", nil, link); err != nil {
					return res, fmt.Errorf("okta: %w", err)
				}
			}
			return res, nil
		}
		ir, err := connector.Commit(ctx, c.sink, c.store, c.cfg.Name, Kind, "application/json", resp.Body, link)
		res.RowsRead += ir.RowsRead
		res.RowsAccepted += ir.RowsAccepted
		res.RowsRejected += ir.RowsRejected
		if err != nil {
			return res, fmt.Errorf("okta: %w", err)
		}
		newest := newestPublished(events)
		if newest.After(res.CursorAt) {
			res.CursorAt = newest
		}
		c.tracker.Page(ir.RowsAccepted, newest)
		if ir.RowsRejected > 0 {
			c.log.Warn("okta: the sink rejected events", "rejected", ir.RowsRejected, "read", ir.RowsRead)
		}
		cursor, next = link, link
	}
	return res, nil
}

func newestPublished(events []json.RawMessage) time.Time {
	var newest time.Time
	for _, e := range events {
		var v struct {
			Published string `json:"published"`
		}
		if json.Unmarshal(e, &v) != nil {
			continue
		}
		if t, err := time.Parse(time.RFC3339Nano, v.Published); err == nil && t.After(newest) {
			newest = t
		}
	}
	return newest
}

func hostOf(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "unparseable"
	}
	return u.Host
}
