package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/connector"
	"github.com/mosaic-sec/mosaic/connector/graph"
	"github.com/mosaic-sec/mosaic/connector/greenhouse"
	"github.com/mosaic-sec/mosaic/connector/gworkspace"
	"github.com/mosaic-sec/mosaic/connector/okta"
	"github.com/mosaic-sec/mosaic/service"
)

// connectorFlags configure the pull connectors of mosaic serve. Secrets
// come from files or environment variables only.
type connectorFlags struct {
	every time.Duration

	oktaURL, oktaTokenFile, oktaTokenEnv string

	graphTenant, graphClientID, graphSecretFile, graphSecretEnv string
	graphURL, graphTokenURL                                     string

	ghClientID, ghSecretFile, ghSecretEnv string
	ghURL, ghTokenURL                     string

	googleKeyFile, googleSubject, googleURL, googleTokenURL string
}

func (c *connectorFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.DurationVar(&c.every, "poll-every", time.Minute, "how often connectors poll their sources")
	fl.StringVar(&c.oktaURL, "okta-url", "", "pull the Okta System Log from this org (https://example.okta.com)")
	fl.StringVar(&c.oktaTokenFile, "okta-token-file", "", "file holding the Okta API token")
	fl.StringVar(&c.oktaTokenEnv, "okta-token-env", "OKTA_API_TOKEN", "environment variable holding the Okta API token (when no file)")
	fl.StringVar(&c.graphTenant, "entra-tenant", "", "pull Microsoft Entra ID sign-ins (Graph auditLogs/signIns) from this tenant id")
	fl.StringVar(&c.graphClientID, "entra-client-id", "", "the app registration's client id (client-credentials OAuth)")
	fl.StringVar(&c.graphSecretFile, "entra-client-secret-file", "", "file holding the client secret")
	fl.StringVar(&c.graphSecretEnv, "entra-client-secret-env", "ENTRA_CLIENT_SECRET", "environment variable holding the client secret (when no file)")
	fl.StringVar(&c.ghClientID, "greenhouse-client-id", "", "pull Greenhouse Harvest v3 applications with this client id")
	fl.StringVar(&c.ghSecretFile, "greenhouse-client-secret-file", "", "file holding the Greenhouse client secret")
	fl.StringVar(&c.ghSecretEnv, "greenhouse-client-secret-env", "GREENHOUSE_CLIENT_SECRET", "environment variable holding the Greenhouse client secret (when no file)")
	fl.StringVar(&c.googleKeyFile, "google-key-file", "", "pull Google Workspace login activity (Admin Reports API) with this service account key file (domain-wide delegation)")
	fl.StringVar(&c.googleSubject, "google-subject", "", "the Workspace admin the service account acts as")
	// Endpoints: the defaults are the vendors' own; other values are for a
	// sovereign cloud, a proxy or a test's local fake.
	fl.StringVar(&c.graphURL, "entra-url", "", "Microsoft Graph base URL (default https://graph.microsoft.com)")
	fl.StringVar(&c.graphTokenURL, "entra-token-url", "", "Entra ID token URL (default https://login.microsoftonline.com/TENANT/oauth2/v2.0/token)")
	fl.StringVar(&c.ghURL, "greenhouse-url", "", "Greenhouse Harvest base URL (default https://harvest.greenhouse.io)")
	fl.StringVar(&c.ghTokenURL, "greenhouse-token-url", "", "Greenhouse token URL (default https://auth.greenhouse.io/token)")
	fl.StringVar(&c.googleURL, "google-url", "", "Admin Reports API base URL (default https://admin.googleapis.com)")
	fl.StringVar(&c.googleTokenURL, "google-token-url", "", "Google token URL (default: the key file's token_uri)")
}

// sink hands a connector's pages to the service's ingest path.
type sink struct {
	svc  *service.Service
	name string
}

func (s sink) Ingest(ctx context.Context, kind, contentType string, body []byte) (connector.IngestResult, error) {
	res, err := s.svc.Ingest(ctx, kind, contentType, bytes.NewReader(body), "connector:"+s.name)
	if err != nil {
		return connector.IngestResult{}, err
	}
	return connector.IngestResult{RowsRead: res.RowsRead, RowsAccepted: res.RowsAccepted, RowsRejected: res.RowsRejected}, nil
}

// build makes the connectors the flags ask for.
func (c *connectorFlags) build(svc *service.Service, cursors connector.CursorStore, allowPrivate bool, log *slog.Logger) ([]connector.Connector, error) {
	var out []connector.Connector
	httpOpts := connector.HTTPOptions{AllowPrivate: allowPrivate}
	if c.oktaURL != "" {
		k, err := okta.New(okta.Config{BaseURL: c.oktaURL, TokenFile: c.oktaTokenFile, TokenEnv: c.oktaTokenEnv, HTTP: httpOpts},
			sink{svc, "okta"}, cursors, log)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "the Okta connector cannot start")
		}
		out = append(out, k)
	}
	if c.graphTenant != "" {
		k, err := graph.New(graph.Config{TenantID: c.graphTenant, ClientID: c.graphClientID, BaseURL: c.graphURL, TokenURL: c.graphTokenURL,
			ClientSecretFile: c.graphSecretFile, ClientSecretEnv: c.graphSecretEnv, HTTP: httpOpts}, sink{svc, "entra"}, cursors, log)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "the Entra ID connector cannot start")
		}
		out = append(out, k)
	}
	if c.ghClientID != "" {
		k, err := greenhouse.New(greenhouse.Config{ClientID: c.ghClientID, BaseURL: c.ghURL, TokenURL: c.ghTokenURL, ClientSecretFile: c.ghSecretFile,
			ClientSecretEnv: c.ghSecretEnv, HTTP: httpOpts}, sink{svc, "greenhouse"}, cursors, log)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "the Greenhouse connector cannot start")
		}
		out = append(out, k)
	}
	if c.googleKeyFile != "" {
		// The token source's context outlives build: token requests are
		// bounded by the client's timeout, and serve's end stops the polls.
		ts, err := gworkspace.ServiceAccountTokenSource(context.Background(), c.googleKeyFile, c.googleSubject, c.googleTokenURL,
			connector.NewHTTPClient(allowPrivate, time.Minute))
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "the Google Workspace connector cannot start")
		}
		k, err := gworkspace.New(gworkspace.Config{BaseURL: c.googleURL, TokenSource: ts, HTTP: httpOpts}, sink{svc, "google_workspace"}, cursors, log)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "the Google Workspace connector cannot start")
		}
		out = append(out, k)
	}
	return out, nil
}

// sourceStatuses reports every connector's cursor, lag and last error.
func sourceStatuses(cs []connector.Connector) func() []any {
	return func() []any {
		out := make([]any, 0, len(cs))
		for _, c := range cs {
			if r, ok := c.(connector.StatusReporter); ok {
				st := r.Status()
				var lastErr *string
				if st.LastError != "" {
					e := strings.TrimSpace(st.LastError)
					lastErr = &e
				}
				out = append(out, map[string]any{"name": st.Name, "kind": st.Kind, "cursor_at": st.CursorAt,
					"lag_seconds": st.LagSeconds, "last_error": lastErr, "last_poll_at": st.LastPollAt, "pages": st.Pages, "rows": st.Rows})
			}
		}
		return out
	}
}
