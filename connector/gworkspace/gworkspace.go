// Package gworkspace pulls Google Workspace login activity from the Admin
// SDK Reports API (GET /admin/reports/v1/activity/users/all/applications/login)
// and hands each activity to the sink as one JSON line of kind
// "google_workspace", as the API returned it.
//
// Protocol notes:
//   - Auth: an OAuth 2.0 bearer token with the scope
//     https://www.googleapis.com/auth/admin.reports.audit.readonly. Real
//     deployments use a service account key with domain-wide delegation,
//     impersonating an admin (ServiceAccountTokenSource); tests use a static
//     token.
//   - Query: startTime={cursor − Lag}, maxResults, then pageToken with the
//     same parameters. The API lists newest first, so within one window the
//     connector follows nextPageToken to the end, and only then moves the
//     cursor to the newest id.time seen; mid-window the cursor keeps the
//     page token, so a restart resumes there (a refused token restarts the
//     window).
//   - Late events: Google documents that login activity can show up hours
//     after it happened, so every window re-reads Lag (default 1 h) before
//     the cursor. Re-read activities are de-duplicated by the sink on the
//     activity's id: {time, uniqueQualifier, applicationName, customerId}
//     (see ActivityKey). An activity without id.time and id.uniqueQualifier
//     is passed on and rejected by the sink with a reason.
//   - Quota: 429, and 403 with reason rateLimitExceeded,
//     userRateLimitExceeded or quotaExceeded, are retried with backoff
//     (Retry-After when given); 5xx likewise.
package gworkspace

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"

	"github.com/mosaic-sec/mosaic/connector"
)

// Kind is the ingest kind of the activities.
const Kind = "google_workspace"

// Scope is the OAuth scope the Reports API needs.
const Scope = "https://www.googleapis.com/auth/admin.reports.audit.readonly"

// Config configures a Connector.
type Config struct {
	Name    string // source name, default "google_workspace"
	BaseURL string // default https://admin.googleapis.com
	// Application is the Reports API application (default "login").
	Application string
	// TokenSource gives bearer tokens (see ServiceAccountTokenSource).
	TokenSource oauth2.TokenSource
	// Lag is how far before the cursor each window starts (default 1 h).
	Lag time.Duration
	// Lookback is where the first poll starts (default 24 h back).
	Lookback   time.Duration
	MaxResults int // page size, default 1000 (the API's maximum)
	MaxPages   int // per poll, default 1000
	HTTP       connector.HTTPOptions
}

// Connector pulls activities.
type Connector struct {
	cfg  Config
	core *connector.Core
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.StatusReporter = (*Connector)(nil)
)

// ServiceAccountTokenSource reads a service-account JSON key file and
// returns a token source that impersonates subject (an admin's email) by
// domain-wide delegation, asking for Scope. Token requests go through
// client (pass connector.NewHTTPClient(false, ...) in production). ctx
// bounds every later token request, so pass the service's lifetime
// context. tokenURL overrides the key file's token_uri when not "".
func ServiceAccountTokenSource(ctx context.Context, keyFile, subject, tokenURL string, client *http.Client) (oauth2.TokenSource, error) {
	data, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot read the service account key file: %v", connector.ErrConfig, err)
	}
	conf, err := google.JWTConfigFromJSON(data, Scope)
	if err != nil {
		// The parse error never quotes the key.
		return nil, fmt.Errorf("%w: the service account key file %s is not a Google service account key", connector.ErrConfig, keyFile)
	}
	if subject == "" {
		return nil, fmt.Errorf("%w: domain-wide delegation needs an admin to impersonate (subject)", connector.ErrConfig)
	}
	conf.Subject = subject
	if tokenURL != "" {
		conf.TokenURL = tokenURL
	}
	if client != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, client)
	}
	return conf.TokenSource(ctx), nil
}

// New returns a Connector.
func New(cfg Config, sink connector.Sink, store connector.CursorStore, log *slog.Logger) (*Connector, error) {
	if cfg.Name == "" {
		cfg.Name = "google_workspace"
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://admin.googleapis.com"
	}
	if cfg.Application == "" {
		cfg.Application = "login"
	}
	if cfg.TokenSource == nil {
		return nil, fmt.Errorf("%w: google workspace: no token source", connector.ErrConfig)
	}
	if cfg.Lag <= 0 {
		cfg.Lag = time.Hour
	}
	if cfg.Lookback <= 0 {
		cfg.Lookback = 24 * time.Hour
	}
	if cfg.MaxResults <= 0 || cfg.MaxResults > 1000 {
		cfg.MaxResults = 1000
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 1000
	}
	// Activities without an id are warned about before they are sent
	// (see page), so the sink's rejections are not logged again.
	core, err := connector.NewCore(connector.CoreConfig{Prefix: "google workspace", Name: cfg.Name, Kind: Kind,
		BaseURL: cfg.BaseURL, HTTP: cfg.HTTP}, sink, store, log)
	if err != nil {
		return nil, err
	}
	tokens := connector.SourceTokenCache(cfg.TokenSource)
	core.Fetch.Authorize = tokens.Authorize
	core.Fetch.Unauthorized = tokens.Invalidate
	core.Fetch.Retryable = quotaError
	return &Connector{cfg: cfg, core: core}, nil
}

// quotaError spots Google's 403 rate-limit answers.
func quotaError(status int, _ http.Header, body []byte) bool {
	if status != http.StatusForbidden {
		return false
	}
	var e struct {
		Error struct {
			Errors []struct {
				Reason string `json:"reason"`
			} `json:"errors"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return false
	}
	for _, x := range e.Error.Errors {
		switch x.Reason {
		case "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded":
			return true
		}
	}
	return false
}

// Name returns the source name.
func (c *Connector) Name() string { return c.core.Name() }

// Status reports the connector's state.
func (c *Connector) Status() connector.Status { return c.core.Status() }

// pageURL is the page at pageToken of the window starting at from.
func (c *Connector) pageURL(from time.Time, pageToken string) string {
	q := url.Values{}
	q.Set("startTime", from.UTC().Format("2006-01-02T15:04:05.000Z"))
	q.Set("maxResults", strconv.Itoa(c.cfg.MaxResults))
	if pageToken != "" {
		q.Set("pageToken", pageToken)
	}
	return c.core.Base + "/admin/reports/v1/activity/users/all/applications/" + url.PathEscape(c.cfg.Application) + "?" + q.Encode()
}

// ActivityKey returns the activity's unique id as one string,
// "time|uniqueQualifier|applicationName|customerId", and false when time or
// uniqueQualifier is missing.
func ActivityKey(activity []byte) (string, bool) {
	var v struct {
		ID struct {
			Time            string          `json:"time"`
			UniqueQualifier json.RawMessage `json:"uniqueQualifier"`
			ApplicationName string          `json:"applicationName"`
			CustomerID      string          `json:"customerId"`
		} `json:"id"`
	}
	if json.Unmarshal(activity, &v) != nil {
		return "", false
	}
	uq := strings.Trim(string(v.ID.UniqueQualifier), `"`)
	if v.ID.Time == "" || uq == "" || uq == "null" {
		return "", false
	}
	return v.ID.Time + "|" + uq + "|" + v.ID.ApplicationName + "|" + v.ID.CustomerID, true
}

// Poll reads every activity available now.
func (c *Connector) Poll(ctx context.Context) (connector.PollResult, error) {
	return c.core.PollWindows(ctx, connector.Windows{
		Lag: c.cfg.Lag, Lookback: c.cfg.Lookback, MaxPages: c.cfg.MaxPages, PageToken: true,
		URL: c.pageURL,
		// Google answers a stale page token with 400 or 404.
		Refused: func(status int) bool { return status == http.StatusBadRequest || status == http.StatusNotFound },
		Page:    c.page,
	})
}

// page reads one activities page, warning about the activities without a
// unique id: the sink rejects them.
func (c *Connector) page(resp *connector.Response) ([]byte, time.Time, string, error) {
	var page struct {
		Items         []json.RawMessage `json:"items"`
		NextPageToken string            `json:"nextPageToken"`
	}
	if err := json.Unmarshal(resp.Body, &page); err != nil {
		return nil, time.Time{}, "", fmt.Errorf("the activities page is not JSON: %w", err)
	}
	var body []byte
	var newest time.Time
	missing := 0
	for _, it := range page.Items {
		line, err := connector.CompactJSON(it)
		if err != nil {
			return nil, time.Time{}, "", fmt.Errorf("an activity is not JSON: %w", err)
		}
		body = append(append(body, line...), '\n')
		key, ok := ActivityKey(it)
		if !ok {
			missing++
			continue
		}
		if t, err := time.Parse(time.RFC3339Nano, key[:strings.IndexByte(key, '|')]); err == nil && t.After(newest) {
			newest = t
		}
	}
	if missing > 0 {
		c.core.Warn("activities without a unique id (id.time, id.uniqueQualifier)", "count", missing)
	}
	return body, newest, page.NextPageToken, nil
}
