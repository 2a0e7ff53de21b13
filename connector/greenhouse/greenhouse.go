// Package greenhouse pulls applications and candidates from the Greenhouse
// Harvest API v3 (v1/v2 were retired on 31 August 2026) and hands them to
// the sink as mosaic's applications CSV (kind "applications", text/csv).
//
// What the connector relies on, from Greenhouse's public v3 guides
// (harvestdocs.greenhouse.io: Authentication, Pagination, List endpoints,
// Standardizations, Rate limiting):
//   - Auth: OAuth 2.0 client credentials. POST https://auth.greenhouse.io/token
//     with HTTP Basic client_id:client_secret and the form
//     grant_type=client_credentials (plus sub=<Greenhouse user id> when
//     configured); API calls carry Authorization: Bearer <token>.
//   - Lists: GET https://harvest.greenhouse.io/v3/applications and
//     /v3/candidates, filtered with updated_at=gte|<ISO 8601>, ids= or
//     candidate_ids= (at most 50 ids), per_page (1-500). Pagination is by
//     cursor: follow the Link header's rel="next" URL as given, which must
//     be the only query parameter; no next link means the last page.
//   - Rate limits: X-RateLimit-Limit/Remaining/Reset headers; 429 with
//     Retry-After.
//
// Assumptions (the field-level v3 reference was not available to check;
// everything that depends on them is in mapping.go):
//   - A list response body is a JSON array of objects.
//   - An application has id, candidate_id, job_id (or v1-style jobs[]),
//     prospect, applied_at, created_at, updated_at and either a source
//     object {id, public_name} or only source_id.
//   - A candidate has id, first_name, last_name, updated_at and arrays
//     email_addresses, phone_numbers, addresses, website_addresses,
//     social_media_addresses of {value, type}.
//
// A poll has two phases: applications updated since the cursor (with their
// candidates fetched by ids), then candidates updated since the cursor
// (with their applications fetched by candidate_ids), so a changed phone
// number reaches mosaic even when the application itself did not change.
// Each window starts Overlap before the cursor; the sink de-duplicates on
// application_id. The cursor (JSON) holds the window start, the phase, the
// next link within the phase and the newest updated_at seen; it moves to
// that newest time only when both phases have been read to the end.
package greenhouse

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

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/mosaic-sec/mosaic/connector"
)

// Kind is the ingest kind the rows are handed over as.
const Kind = "applications"

// maxIDs is how many ids a v3 list filter takes.
const maxIDs = 50

// Config configures a Connector.
type Config struct {
	Name     string // source name, default "greenhouse"
	BaseURL  string // default https://harvest.greenhouse.io
	TokenURL string // default https://auth.greenhouse.io/token
	ClientID string
	// ClientSecretFile or ClientSecretEnv hold the client secret.
	ClientSecretFile, ClientSecretEnv string
	ClientSecret                      connector.Secret // when set, used instead
	// UserID is the Greenhouse user the token acts as (the sub parameter);
	// empty uses the credential's own service user.
	UserID   string
	Overlap  time.Duration // default 5 min
	Lookback time.Duration // first poll, default 30 days back
	PerPage  int           // default 500
	MaxPages int           // per poll, default 1000
	HTTP     connector.HTTPOptions
}

const (
	phaseApplications = "applications"
	phaseCandidates   = "candidates"
)

// Connector pulls Greenhouse.
type Connector struct {
	cfg  Config
	core *connector.Core
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.StatusReporter = (*Connector)(nil)
)

// New returns a Connector; it reads the client secret now.
func New(cfg Config, sink connector.Sink, store connector.CursorStore, log *slog.Logger) (*Connector, error) {
	if cfg.Name == "" {
		cfg.Name = "greenhouse"
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://harvest.greenhouse.io"
	}
	if cfg.TokenURL == "" {
		cfg.TokenURL = "https://auth.greenhouse.io/token"
	}
	if err := connector.RequireClientID("greenhouse", cfg.ClientID); err != nil {
		return nil, err
	}
	if cfg.Overlap <= 0 {
		cfg.Overlap = 5 * time.Minute
	}
	if cfg.Lookback <= 0 {
		cfg.Lookback = 30 * 24 * time.Hour
	}
	if cfg.PerPage <= 0 || cfg.PerPage > 500 {
		cfg.PerPage = 500
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 1000
	}
	core, err := connector.NewCore(connector.CoreConfig{Prefix: "greenhouse", Name: cfg.Name, Kind: Kind,
		BaseURL: cfg.BaseURL, HTTP: cfg.HTTP, Rows: "application rows"}, sink, store, log)
	if err != nil {
		return nil, err
	}
	cfg.ClientSecret, err = connector.SecretFrom(cfg.ClientSecret, cfg.ClientSecretFile, cfg.ClientSecretEnv, "Greenhouse client secret")
	if err != nil {
		return nil, err
	}
	cc := &clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret.Reveal(),
		TokenURL: cfg.TokenURL, AuthStyle: oauth2.AuthStyleInHeader}
	if cfg.UserID != "" {
		cc.EndpointParams = url.Values{"sub": {cfg.UserID}}
	}
	tokens := connector.ClientCredentialsCache(cc, core.Fetch.Client())
	core.Fetch.Authorize = tokens.Authorize
	core.Fetch.Unauthorized = tokens.Invalidate
	return &Connector{cfg: cfg, core: core}, nil
}

// Name returns the source name.
func (c *Connector) Name() string { return c.core.Name() }

// Status reports the connector's state.
func (c *Connector) Status() connector.Status { return c.core.Status() }

func (c *Connector) listURL(resource string, params url.Values) string {
	params.Set("per_page", strconv.Itoa(c.cfg.PerPage))
	return c.core.Base + "/v3/" + resource + "?" + params.Encode()
}

func (c *Connector) windowURL(phase string, since time.Time) string {
	from := since.Add(-c.cfg.Overlap).UTC().Truncate(time.Second).Format(time.RFC3339)
	return c.listURL(phase, url.Values{"updated_at": {"gte|" + from}})
}

// page fetches one list page and its next link.
func (c *Connector) page(ctx context.Context, u string, into any) (string, error) {
	resp, err := c.core.Fetch.Get(ctx, u, nil)
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(resp.Body, into); err != nil {
		return "", fmt.Errorf("a v3 list page is not a JSON array: %w", err)
	}
	next := connector.NextLink(resp.Header)
	if next != "" && !connector.SameOrigin(c.core.Base, next) {
		return "", fmt.Errorf("refusing a next link off the Harvest host")
	}
	return next, nil
}

// all fetches every page of a list.
func all[T any](ctx context.Context, c *Connector, u string) ([]T, error) {
	var out []T
	for u != "" {
		var items []T
		next, err := c.page(ctx, u, &items)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		u = next
	}
	return out, nil
}

// byIDs fetches a resource by a list of ids, 50 at a time.
func byIDs[T any](ctx context.Context, c *Connector, resource, param string, ids []string) ([]T, error) {
	var out []T
	for len(ids) > 0 {
		n := min(len(ids), maxIDs)
		items, err := all[T](ctx, c, c.listURL(resource, url.Values{param: {strings.Join(ids[:n], ",")}}))
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		ids = ids[n:]
	}
	return out, nil
}

// Poll reads both phases of the current window. Its window is that of
// connector.Windows, read as two lists in turn: the cursor's phase says
// which, and the window closes when the second is read to the end. Unlike
// a one-list window, restarting a phase keeps the newest time seen, which
// may come from the phase already read.
func (c *Connector) Poll(ctx context.Context) (res connector.PollResult, err error) {
	started := c.core.Clock.Now()
	defer func() { c.core.Tracker.Done(started, res.CaughtUp, err) }()

	cur, since, maxSeen, err := c.core.LoadWindow(ctx, started, c.cfg.Lookback)
	if err != nil {
		return res, err
	}
	if cur.Phase != phaseCandidates {
		cur.Phase = phaseApplications
	}
	next := cur.Next
	resumed := next != ""
	if next != "" && !connector.SameOrigin(c.core.Base, next) {
		next, resumed = "", false
	}
	if next == "" {
		next = c.windowURL(cur.Phase, since)
	}
	for res.Pages < c.cfg.MaxPages {
		rows, link, newest, err := c.phasePage(ctx, cur.Phase, next)
		var he *connector.HTTPError
		if resumed && errors.As(err, &he) && he.StatusCode >= 400 && he.StatusCode < 500 && he.StatusCode != http.StatusTooManyRequests {
			c.core.Warn("the saved next link was refused; restarting the phase", "status", he.StatusCode)
			next, resumed = c.windowURL(cur.Phase, since), false
			continue
		}
		resumed = false
		if err != nil {
			return res, fmt.Errorf("greenhouse: %s: %w", cur.Phase, err)
		}
		res.Pages++
		if newest.After(maxSeen) {
			maxSeen = newest
		}
		nc := connector.WindowCursor{Since: cur.Since, Phase: cur.Phase, Next: link}
		done := false
		switch {
		case link != "":
		case cur.Phase == phaseApplications:
			nc.Phase = phaseCandidates
		default:
			done = true
		}
		if done {
			nc = cur.Closed(since, maxSeen)
		} else {
			nc = nc.Open(maxSeen)
		}
		var body []byte
		if len(rows) > 0 {
			body, err = encodeCSV(rows)
			if err != nil {
				return res, fmt.Errorf("greenhouse: %w", err)
			}
		}
		if err := c.core.Ingest(ctx, &res, "text/csv", body, nc.Encode(), newest); err != nil {
			return res, err
		}
		if done {
			res.CaughtUp = true
			return res, nil
		}
		cur.Phase = nc.Phase
		next = link
		if next == "" {
			next = c.windowURL(cur.Phase, since)
		}
	}
	return res, nil
}

// phasePage reads one page of the phase's list and what it needs from the
// other resource, and returns the CSV rows, the next link and the newest
// updated_at of the page's own records.
func (c *Connector) phasePage(ctx context.Context, phase, u string) ([]Row, string, time.Time, error) {
	var newest time.Time
	note := func(s string) {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil && t.After(newest) {
			newest = t
		}
	}
	switch phase {
	case phaseApplications:
		var apps []Application
		link, err := c.page(ctx, u, &apps)
		if err != nil {
			return nil, "", newest, err
		}
		var ids []string
		seen := map[string]bool{}
		for _, a := range apps {
			note(a.UpdatedAt)
			if id := a.CandidateID.String(); id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		cands, err := byIDs[Candidate](ctx, c, "candidates", "ids", ids)
		if err != nil {
			return nil, "", newest, err
		}
		return c.rows(apps, cands), link, newest, nil
	default:
		var cands []Candidate
		link, err := c.page(ctx, u, &cands)
		if err != nil {
			return nil, "", newest, err
		}
		var ids []string
		for _, cd := range cands {
			note(cd.UpdatedAt)
			ids = append(ids, cd.ID.String())
		}
		apps, err := byIDs[Application](ctx, c, "applications", "candidate_ids", ids)
		if err != nil {
			return nil, "", newest, err
		}
		return c.rows(apps, cands), link, newest, nil
	}
}

func (c *Connector) rows(apps []Application, cands []Candidate) []Row {
	byID := make(map[string]*Candidate, len(cands))
	for i := range cands {
		byID[cands[i].ID.String()] = &cands[i]
	}
	var out []Row
	skipped := 0
	for _, a := range apps {
		row, ok := MapApplication(a, byID[a.CandidateID.String()])
		if !ok {
			skipped++
			continue
		}
		out = append(out, row)
	}
	if skipped > 0 {
		c.core.Log.Debug("greenhouse: prospects without a job left out", "count", skipped)
	}
	return out
}
