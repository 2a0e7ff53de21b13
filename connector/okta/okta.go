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
	cfg  Config
	core *connector.Core
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
	core, err := connector.NewCore(connector.CoreConfig{Prefix: "okta", Name: cfg.Name, Kind: Kind,
		BaseURL: cfg.BaseURL, HTTP: cfg.HTTP, Rows: "events"}, sink, store, log)
	if err != nil {
		return nil, err
	}
	cfg.Token, err = connector.SecretFrom(cfg.Token, cfg.TokenFile, cfg.TokenEnv, "Okta API token")
	if err != nil {
		return nil, err
	}
	token := cfg.Token
	core.Fetch.Authorize = func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "SSWS "+token.Reveal())
		return nil
	}
	return &Connector{cfg: cfg, core: core}, nil
}

// Name returns the source name.
func (c *Connector) Name() string { return c.core.Name() }

// Status reports the connector's state.
func (c *Connector) Status() connector.Status { return c.core.Status() }

// firstURL is the request that starts polling.
func (c *Connector) firstURL(now time.Time) string {
	q := url.Values{}
	q.Set("since", now.Add(-c.cfg.Lookback).UTC().Format("2006-01-02T15:04:05.000Z"))
	q.Set("sortOrder", "ASCENDING")
	q.Set("limit", strconv.Itoa(c.cfg.Limit))
	return c.core.Base + "/api/v1/logs?" + q.Encode()
}

// validCursor accepts only a logs URL on the configured org.
func (c *Connector) validCursor(s string) bool {
	u, err := url.Parse(s)
	return err == nil && connector.SameOrigin(c.core.Base, s) && strings.HasSuffix(u.Path, "/api/v1/logs")
}

// Poll fetches every page available now.
func (c *Connector) Poll(ctx context.Context) (res connector.PollResult, err error) {
	started := c.core.Clock.Now()
	defer func() { c.core.Tracker.Done(started, res.CaughtUp, err) }()

	cursor, err := c.core.Store.LoadCursor(ctx, c.cfg.Name)
	if err != nil {
		return res, fmt.Errorf("okta: loading the cursor: %w", err)
	}
	next := cursor
	switch {
	case next == "":
		next = c.firstURL(started)
	case !c.validCursor(next):
		c.core.Warn("the saved cursor is not a System Log URL of this org; starting over from the lookback window")
		next = c.firstURL(started)
	}
	hdr := http.Header{"Accept": {"application/json"}}
	for res.Pages < c.cfg.MaxPages {
		resp, err := c.core.Fetch.Get(ctx, next, hdr)
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
				// Nothing to ingest: only the cursor moves.
				if err := c.core.Ingest(ctx, &res, "application/json", nil, link, time.Time{}); err != nil {
					return res, err
				}
			}
			return res, nil
		}
		if err := c.core.Ingest(ctx, &res, "application/json", resp.Body, link, newestPublished(events)); err != nil {
			return res, err
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
