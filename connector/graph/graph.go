// Package graph pulls Microsoft Entra ID sign-ins from Microsoft Graph
// (GET /v1.0/auditLogs/signIns) and hands them to the sink as JSON lines of
// kind "entra", one Graph signIn object per line, as the API returned it.
//
// Protocol notes:
//   - Auth: OAuth 2.0 client credentials against the tenant's token URL
//     (https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token), scope
//     https://graph.microsoft.com/.default; the app needs AuditLog.Read.All.
//     The client secret comes from a file or an environment variable.
//   - Query: $filter=createdDateTime ge {cursor − overlap} and $top. The
//     v1.0 list documents $filter, $top and $skiptoken; it does not promise
//     $orderby, and returns the newest first. So the connector does not rely
//     on any order: within one window it follows @odata.nextLink to the end,
//     carrying the newest createdDateTime seen, and only when the window is
//     exhausted does the cursor move to that time. Mid-window, the cursor
//     holds the nextLink, so a restart resumes there (an expired skiptoken
//     restarts the window; the sink de-duplicates on id).
//   - Late events: each window starts Overlap (default 10 min) before the
//     cursor, so sign-ins that Graph shows a little after their
//     createdDateTime are still read; anything later than that is missed.
//   - Throttling: 429 and 503/504 are retried after Retry-After.
package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/mosaic-sec/mosaic/connector"
)

// Kind is the ingest kind of the sign-ins.
const Kind = "entra"

// Config configures a Connector.
type Config struct {
	Name     string // source name, default "entra"
	BaseURL  string // default https://graph.microsoft.com
	TenantID string // used for the token URL when TokenURL is ""
	TokenURL string // default https://login.microsoftonline.com/{TenantID}/oauth2/v2.0/token
	ClientID string
	// ClientSecretFile or ClientSecretEnv hold the client secret.
	ClientSecretFile, ClientSecretEnv string
	ClientSecret                      connector.Secret // when set, used instead
	Scopes                            []string         // default https://graph.microsoft.com/.default
	// Overlap is how far before the cursor each window starts (default 10 min).
	Overlap time.Duration
	// Lookback is where the first poll starts (default 24 h back).
	Lookback time.Duration
	PageSize int // $top, default 500
	MaxPages int // per poll, default 1000
	HTTP     connector.HTTPOptions
}

// cursor is the saved position.
type cursor struct {
	Since string `json:"since"`          // window start before the overlap (RFC 3339)
	Next  string `json:"next,omitempty"` // @odata.nextLink while a window is open
	Max   string `json:"max,omitempty"`  // newest createdDateTime seen in the open window
}

// Connector pulls sign-ins.
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

// New returns a Connector; it reads the client secret now.
func New(cfg Config, sink connector.Sink, store connector.CursorStore, log *slog.Logger) (*Connector, error) {
	if cfg.Name == "" {
		cfg.Name = "entra"
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://graph.microsoft.com"
	}
	if cfg.TokenURL == "" {
		if cfg.TenantID == "" {
			return nil, fmt.Errorf("%w: graph: a tenant id or a token URL is needed", connector.ErrConfig)
		}
		cfg.TokenURL = "https://login.microsoftonline.com/" + url.PathEscape(cfg.TenantID) + "/oauth2/v2.0/token"
	}
	if cfg.ClientID == "" {
		return nil, fmt.Errorf("%w: graph: no client id", connector.ErrConfig)
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{"https://graph.microsoft.com/.default"}
	}
	if cfg.Overlap <= 0 {
		cfg.Overlap = 10 * time.Minute
	}
	if cfg.Lookback <= 0 {
		cfg.Lookback = 24 * time.Hour
	}
	if cfg.PageSize <= 0 || cfg.PageSize > 1000 {
		cfg.PageSize = 500
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 1000
	}
	if log == nil {
		log = slog.Default()
	}
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%w: graph: the base URL %q is not an http(s) URL", connector.ErrConfig, cfg.BaseURL)
	}
	if cfg.ClientSecret.Empty() {
		cfg.ClientSecret, err = connector.ReadSecret(cfg.ClientSecretFile, cfg.ClientSecretEnv, "Graph client secret")
		if err != nil {
			return nil, err
		}
	}
	log = log.With("connector", cfg.Name)
	cfg.HTTP.Log = log
	f := connector.NewFetcher(cfg.HTTP)
	tokens := connector.ClientCredentialsCache(&clientcredentials.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret.Reveal(), TokenURL: cfg.TokenURL, Scopes: cfg.Scopes,
	}, f.Client())
	f.Authorize = tokens.Authorize
	f.Unauthorized = tokens.Invalidate
	return &Connector{cfg: cfg, base: u.String(), sink: sink, store: store, log: log, fetch: f,
		clock: f.Clock(), tracker: connector.NewTracker(cfg.Name, Kind, f.Clock())}, nil
}

// Name returns the source name.
func (c *Connector) Name() string { return c.cfg.Name }

// Status reports the connector's state.
func (c *Connector) Status() connector.Status { return c.tracker.Status() }

func (c *Connector) windowURL(since time.Time) string {
	from := since.Add(-c.cfg.Overlap).UTC().Truncate(time.Second).Format(time.RFC3339)
	filter := "createdDateTime ge " + from
	return c.base + "/v1.0/auditLogs/signIns?$filter=" + escape(filter) + "&$top=" + strconv.Itoa(c.cfg.PageSize)
}

// escape is query escaping with %20 for spaces, as OData expects.
func escape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// Poll reads every sign-in available now.
func (c *Connector) Poll(ctx context.Context) (res connector.PollResult, err error) {
	started := c.clock.Now()
	defer func() { c.tracker.Done(started, res.CaughtUp, err) }()

	raw, err := c.store.LoadCursor(ctx, c.cfg.Name)
	if err != nil {
		return res, fmt.Errorf("graph: loading the cursor: %w", err)
	}
	var cur cursor
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &cur); err != nil {
			c.log.Warn("graph: the saved cursor is unreadable; starting from the lookback window")
			cur = cursor{}
		}
	}
	since, err := time.Parse(time.RFC3339Nano, cur.Since)
	if err != nil {
		since = started.Add(-c.cfg.Lookback)
		cur = cursor{Since: since.UTC().Format(time.RFC3339Nano)}
	}
	maxSeen, _ := time.Parse(time.RFC3339Nano, cur.Max)
	next := cur.Next
	resumed := next != ""
	if next != "" && !connector.SameOrigin(c.base, next) {
		c.log.Warn("graph: the saved next link is not on the Graph host; restarting the window")
		next, resumed = "", false
	}
	if next == "" {
		next = c.windowURL(since)
	}
	for res.Pages < c.cfg.MaxPages {
		resp, err := c.fetch.Get(ctx, next, nil)
		var he *connector.HTTPError
		if resumed && errors.As(err, &he) && he.StatusCode >= 400 && he.StatusCode < 500 && he.StatusCode != http.StatusTooManyRequests {
			// An expired or refused skiptoken: read the window again.
			c.log.Warn("graph: the saved next link was refused; restarting the window", "status", he.StatusCode)
			next, resumed, maxSeen = c.windowURL(since), false, time.Time{}
			continue
		}
		resumed = false
		if err != nil {
			return res, fmt.Errorf("graph: %w", err)
		}
		res.Pages++
		var page struct {
			Value    []json.RawMessage `json:"value"`
			NextLink string            `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(resp.Body, &page); err != nil {
			return res, fmt.Errorf("graph: the signIns page is not a Graph collection: %w", err)
		}
		if page.NextLink != "" && !connector.SameOrigin(c.base, page.NextLink) {
			return res, fmt.Errorf("graph: refusing an @odata.nextLink off the Graph host")
		}
		body, newest, err := lines(page.Value)
		if err != nil {
			return res, fmt.Errorf("graph: %w", err)
		}
		if newest.After(maxSeen) {
			maxSeen = newest
		}
		nc := cursor{Since: cur.Since}
		if page.NextLink != "" {
			nc.Next = page.NextLink
			if !maxSeen.IsZero() {
				nc.Max = maxSeen.UTC().Format(time.RFC3339Nano)
			}
		} else if maxSeen.After(since) {
			nc.Since = maxSeen.UTC().Format(time.RFC3339Nano)
		}
		enc, _ := json.Marshal(nc)
		ir, err := connector.Commit(ctx, c.sink, c.store, c.cfg.Name, Kind, "application/x-ndjson", body, string(enc))
		res.RowsRead += ir.RowsRead
		res.RowsAccepted += ir.RowsAccepted
		res.RowsRejected += ir.RowsRejected
		if err != nil {
			return res, fmt.Errorf("graph: %w", err)
		}
		if newest.After(res.CursorAt) {
			res.CursorAt = newest
		}
		if len(body) > 0 {
			c.tracker.Page(ir.RowsAccepted, newest)
		}
		if ir.RowsRejected > 0 {
			c.log.Warn("graph: the sink rejected sign-ins", "rejected", ir.RowsRejected, "read", ir.RowsRead)
		}
		if page.NextLink == "" {
			res.CaughtUp = true
			return res, nil
		}
		next = page.NextLink
	}
	return res, nil
}

// lines turns the value array into JSON lines and finds the newest
// createdDateTime. A sign-in without an id is still passed on: the sink
// rejects it with a reason, so nothing vanishes silently here.
func lines(items []json.RawMessage) ([]byte, time.Time, error) {
	var out []byte
	var newest time.Time
	for _, it := range items {
		var v struct {
			CreatedDateTime string `json:"createdDateTime"`
		}
		if err := json.Unmarshal(it, &v); err != nil {
			return nil, newest, fmt.Errorf("a sign-in is not a JSON object: %w", err)
		}
		if t, err := time.Parse(time.RFC3339Nano, v.CreatedDateTime); err == nil && t.After(newest) {
			newest = t
		}
		compact, err := connector.CompactJSON(it)
		if err != nil {
			return nil, newest, err
		}
		out = append(out, compact...)
		out = append(out, '\n')
	}
	return out, newest, nil
}
