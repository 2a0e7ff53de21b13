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

// Connector pulls sign-ins.
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
	if err := connector.RequireClientID("graph", cfg.ClientID); err != nil {
		return nil, err
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
	core, err := connector.NewCore(connector.CoreConfig{Prefix: "graph", Name: cfg.Name, Kind: Kind,
		BaseURL: cfg.BaseURL, HTTP: cfg.HTTP, Rows: "sign-ins"}, sink, store, log)
	if err != nil {
		return nil, err
	}
	cfg.ClientSecret, err = connector.SecretFrom(cfg.ClientSecret, cfg.ClientSecretFile, cfg.ClientSecretEnv, "Graph client secret")
	if err != nil {
		return nil, err
	}
	tokens := connector.ClientCredentialsCache(&clientcredentials.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret.Reveal(), TokenURL: cfg.TokenURL, Scopes: cfg.Scopes,
	}, core.Fetch.Client())
	core.Fetch.Authorize = tokens.Authorize
	core.Fetch.Unauthorized = tokens.Invalidate
	return &Connector{cfg: cfg, core: core}, nil
}

// Name returns the source name.
func (c *Connector) Name() string { return c.core.Name() }

// Status reports the connector's state.
func (c *Connector) Status() connector.Status {
	return c.core.Status()
}

// windowURL is the first page of the window starting at from.
func (c *Connector) windowURL(from time.Time) string {
	filter := "createdDateTime ge " + from.UTC().Truncate(time.Second).Format(time.RFC3339)
	return c.core.Base + "/v1.0/auditLogs/signIns?$filter=" + escape(filter) + "&$top=" + strconv.Itoa(c.cfg.PageSize)
}

// escape is query escaping with %20 for spaces, as OData expects.
func escape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// Poll reads every sign-in available now.
func (c *Connector) Poll(ctx context.Context) (connector.PollResult, error) {
	return c.core.PollWindows(ctx, connector.Windows{
		Lag: c.cfg.Overlap, Lookback: c.cfg.Lookback, MaxPages: c.cfg.MaxPages,
		URL: func(from time.Time, next string) string {
			if next != "" {
				return next // an @odata.nextLink is the whole request
			}
			return c.windowURL(from)
		},
		Resumable: func(next string) bool { return connector.SameOrigin(c.core.Base, next) },
		OffHost:   "is not on the Graph host",
		// An expired or refused skiptoken is a 4xx other than 429.
		Refused: func(status int) bool {
			return status >= 400 && status < 500 && status != http.StatusTooManyRequests
		},
		Page: c.page,
	})
}

// page reads one signIns page.
func (c *Connector) page(resp *connector.Response) ([]byte, time.Time, string, error) {
	var page struct {
		Value    []json.RawMessage `json:"value"`
		NextLink string            `json:"@odata.nextLink"`
	}
	if err := json.Unmarshal(resp.Body, &page); err != nil {
		return nil, time.Time{}, "", fmt.Errorf("the signIns page is not a Graph collection: %w", err)
	}
	if page.NextLink != "" && !connector.SameOrigin(c.core.Base, page.NextLink) {
		return nil, time.Time{}, "", errors.New("refusing an @odata.nextLink off the Graph host")
	}
	body, newest, err := lines(page.Value)
	return body, newest, page.NextLink, err
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
