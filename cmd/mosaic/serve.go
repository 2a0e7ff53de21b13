package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/alert"
	"github.com/mosaic-sec/mosaic/connector"
	mhttp "github.com/mosaic-sec/mosaic/http"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/photohash"
	"github.com/mosaic-sec/mosaic/privacy"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/service"
)

type serveFlags struct {
	db           string
	key          string
	newKey       bool
	listen       string
	publicURL    string
	mapping      string
	webhooks     []string
	secretFiles  []string
	slack        []string
	syslog       []string
	alertLevel   string
	allowPrivate bool
	tlsCert      string
	tlsKey       string
	maxBody      int64
	ipLists      []string
	rules        ruleFlags
	config       string
	connectors   connectorFlags
	watch        string
	watchEvery   time.Duration
	cpuProf      string
	// retention is how long applicants are kept ("" keeps them).
	retention      string
	retentionEvery time.Duration
	oidc           oidcFlags
	// queue carries stored records to detection ("": in process).
	queue string
}

// oidcFlags turn on single sign-on through an OpenID Connect provider.
type oidcFlags struct {
	issuer, clientID, secretFile, redirectURL, roleClaim string
	adminGroups, analystGroups, viewerGroups             []string
}

func (o *oidcFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&o.issuer, "oidc-issuer", "", "single sign-on: the OpenID Connect provider's issuer URL (https; http only on loopback)")
	fl.StringVar(&o.clientID, "oidc-client-id", "", "single sign-on: this workbench's client id at the provider")
	fl.StringVar(&o.secretFile, "oidc-client-secret-file", "", "single sign-on: file holding the client secret (none: a public client, PKCE alone)")
	fl.StringVar(&o.redirectURL, "oidc-redirect-url", "", "single sign-on: the callback URL registered at the provider (default: PUBLIC-URL"+mhttp.OIDCCallbackPath+")")
	fl.StringVar(&o.roleClaim, "oidc-role-claim", "groups", "single sign-on: the ID token claim listing the person's groups")
	fl.StringArrayVar(&o.adminGroups, "oidc-admin-group", nil, "single sign-on: a group whose members are admins (repeatable)")
	fl.StringArrayVar(&o.analystGroups, "oidc-analyst-group", nil, "single sign-on: a group whose members are analysts (repeatable)")
	fl.StringArrayVar(&o.viewerGroups, "oidc-viewer-group", nil, "single sign-on: a group whose members are viewers (repeatable); people in no mapped group are refused")
}

// config builds the server's single sign-on settings, or nil when no
// issuer is given.
func (o *oidcFlags) config(base string) (*mhttp.OIDCConfig, error) {
	if o.issuer == "" {
		if o.clientID != "" || o.secretFile != "" || len(o.adminGroups)+len(o.analystGroups)+len(o.viewerGroups) > 0 {
			return nil, mosaic.Errorf(mosaic.EINVALID, "the --oidc-* flags need --oidc-issuer")
		}
		return nil, nil
	}
	c := &mhttp.OIDCConfig{Issuer: o.issuer, ClientID: o.clientID, RedirectURL: o.redirectURL, RoleClaim: o.roleClaim,
		AdminGroups: o.adminGroups, AnalystGroups: o.analystGroups, ViewerGroups: o.viewerGroups}
	if c.RedirectURL == "" {
		c.RedirectURL = base + mhttp.OIDCCallbackPath
	}
	if o.secretFile != "" {
		secret, err := os.ReadFile(o.secretFile)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the OIDC client secret file %s", o.secretFile)
		}
		c.ClientSecret = strings.TrimSpace(string(secret))
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Keep watching: ingest API, detection as records arrive, alerts and the analysts' workbench",
		Long: `serve loads everything stored in the database, then takes new records through the
ingest API (see /openapi.yaml), re-runs detection for what they touch and raises an
alert when someone reaches the alert level. Analysts work the queue in the browser.

Create accounts and tokens first:
  mosaic users add --db mosaic.db --role analyst ana
  mosaic tokens create --db mosaic.db --role ingest --name ats

Secrets (webhook secrets) come from files, never from flags. Flags may also be set
in a YAML file given with --config (keys are the flag names).

SIGTERM or Ctrl-C stops taking work, finishes what is in flight and exits 0.`,
		Example: `  mosaic serve --db mosaic.db --listen 127.0.0.1:8080
  mosaic serve --db mosaic.db --alert-webhook https://hooks.example.com/mosaic --alert-secret-file /run/secrets/hook`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.config != "" {
				if err := applyConfigFile(cmd, f.config); err != nil {
					return err
				}
			}
			err := a.runServe(cmd.Context(), f)
			if err != nil && cmd.Context().Err() != nil {
				// Stopped by SIGTERM or Ctrl-C while starting or serving:
				// the contract asks for exit 0; what was stored stays.
				a.log.Debug("serve stopped by a signal", "error", err)
				fmt.Fprintln(a.stderr, "mosaic serve: stopped")
				return nil
			}
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.config, "config", "", "YAML file of flag values (keys are flag names)")
	fl.StringVar(&f.db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	fl.StringVar(&f.key, "key", "", "file holding the key for hashing sensitive values (default: beside the SQLite file, or ./mosaic.key)")
	fl.BoolVar(&f.newKey, "new-key", false, "start over with a new hashing key when the key file is missing or does not match the database (stored hashes will no longer link)")
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8080", "address to listen on")
	fl.StringVar(&f.publicURL, "public-url", "", "the workbench's address as analysts reach it, for links in alerts (default: http://LISTEN)")
	fl.StringVar(&f.mapping, "mapping", "", "YAML file mapping your column names onto mosaic's (as for scan)")
	fl.StringArrayVar(&f.webhooks, "alert-webhook", nil, "send alerts to this URL, signed per Standard Webhooks (repeatable; pair each with --alert-secret-file)")
	fl.StringArrayVar(&f.secretFiles, "alert-secret-file", nil, "file holding the webhook secret (whsec_...), one per --alert-webhook, in order")
	fl.StringArrayVar(&f.slack, "alert-slack", nil, "Slack incoming-webhook URL (repeatable)")
	fl.StringArrayVar(&f.syslog, "alert-syslog", nil, "syslog receiver, tcp://HOST:PORT or udp://HOST:PORT: RFC 5424 with a CEF payload (repeatable)")
	fl.StringVar(&f.alertLevel, "alert-level", "high", "the lowest level that raises an alert: critical, high, medium or low")
	fl.BoolVar(&f.allowPrivate, "allow-private-targets", false, "let alert destinations named by host resolve to private or link-local addresses (loopback IP literals are always allowed)")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "serve HTTPS with this certificate file (PEM)")
	fl.StringVar(&f.tlsKey, "tls-key", "", "the certificate's private key file (PEM)")
	fl.Int64Var(&f.maxBody, "max-body", 64<<20, "largest ingest body in bytes (larger: 413)")
	fl.StringSliceVar(&f.ipLists, "ip-list", nil, "KIND=FILE CIDR lists layered over the built-in IP data (as for scan)")
	f.rules.register(cmd)
	f.connectors.register(cmd)
	fl.StringVar(&f.watch, "watch", "", "read new and grown files dropped into this folder (laid out as a bundle)")
	fl.DurationVar(&f.watchEvery, "watch-every", 30*time.Second, "how often the watched folder is read")
	f.oidc.register(cmd)
	fl.StringVar(&f.cpuProf, "cpuprofile", "", "write a CPU profile of the whole run (pprof format) to this file")
	fl.StringVar(&f.retention, "retention-applicants", "", "erase applicants whose latest application is older than this (18mo, 2y, 540d), unless confirmed fraud or under legal hold; checked at start and daily (default: kept)")
	fl.DurationVar(&f.retentionEvery, "retention-every", 24*time.Hour, "how often the retention policy runs")
	fl.StringVar(&f.queue, "queue", "", "carry stored records to detection through NATS JetStream: nats://HOST:PORT[?stream=NAME&subject=PREFIX&consumer=NAME] (default: in process)")
	return cmd
}

// applyConfigFile sets every flag named in a YAML file that the command
// line did not set itself.
func applyConfigFile(cmd *cobra.Command, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot read the config file %s", path)
	}
	var values map[string]any
	if err := yaml.Unmarshal(data, &values); err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "the config file %s is not YAML", path)
	}
	for name, v := range values {
		fl := cmd.Flags().Lookup(name)
		if fl == nil {
			return mosaic.Errorf(mosaic.EINVALID, "config file %s: unknown setting %q (settings are the flags of 'mosaic serve')", path, name)
		}
		if fl.Changed {
			continue
		}
		items := []any{v}
		if list, ok := v.([]any); ok {
			items = list
		}
		for _, item := range items {
			if err := fl.Value.Set(fmt.Sprint(item)); err != nil {
				return mosaic.Errorf(mosaic.EINVALID, "config file %s: %s: %v", path, name, err)
			}
		}
	}
	return nil
}

func (a *app) runServe(ctx context.Context, f serveFlags) error {
	stopProfile, err := startCPUProfile(f.cpuProf)
	if err != nil {
		return err
	}
	defer stopProfile()
	level := mosaic.Level(f.alertLevel)
	if level.Rank() < 1 {
		return mosaic.Errorf(mosaic.EINVALID, "--alert-level must be critical, high, medium or low, not %q", f.alertLevel)
	}
	if len(f.secretFiles) != len(f.webhooks) {
		return mosaic.Errorf(mosaic.EINVALID, "give one --alert-secret-file for each --alert-webhook (%d webhooks, %d secret files)", len(f.webhooks), len(f.secretFiles))
	}
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return mosaic.Errorf(mosaic.EINVALID, "--tls-cert and --tls-key go together")
	}
	cert, err := loadTLS(f.tlsCert, f.tlsKey)
	if err != nil {
		return err
	}
	senders, err := a.alertSenders(f)
	if err != nil {
		return err
	}
	mapping, err := loadMapping(f.mapping)
	if err != nil {
		return err
	}
	keyPath := f.key
	if keyPath == "" {
		keyPath = defaultKeyPath(f.db)
	}
	set, err := f.rules.load()
	if err != nil {
		return err
	}
	ip, err := loadIP(f.ipLists)
	if err != nil {
		return err
	}
	if err := ensureDBFolder(f.db); err != nil {
		return err
	}
	var retention privacy.Period
	if f.retention != "" {
		if retention, err = privacy.ParsePeriod(f.retention); err != nil {
			return err
		}
	}
	store, ops, err := openServiceStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer store.Close()
	// The key is checked against the database before anything is hashed:
	// a lost key is never replaced silently.
	hasher, err := openKeyedHasher(ctx, keyPath, store, f.db, f.newKey, a.log)
	if err != nil {
		return err
	}
	queue, closeQueue, err := openQueue(ctx, f.queue, a.log)
	if err != nil {
		return err
	}
	defer closeQueue()

	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot listen on %s", f.listen)
	}
	base := f.publicURL
	if base == "" {
		scheme := "http"
		if f.tlsCert != "" {
			scheme = "https"
		}
		base = scheme + "://" + ln.Addr().String()
	}
	base = strings.TrimSuffix(base, "/")
	sso, err := f.oidc.config(base)
	if err != nil {
		ln.Close()
		return err
	}

	dests := make([]string, 0, len(senders))
	byName := map[string]alert.Sender{}
	for _, s := range senders {
		dests = append(dests, s.Name())
		byName[s.Name()] = s
	}
	dispatcher := &alert.Dispatcher{Outbox: ops, Senders: byName, Log: a.log}
	xs, _ := extractors(hasher, mapping, a.log)
	svc := service.New(service.Config{
		Store: store, Ops: ops, Extractors: xs,
		Analysis:          scan.Config{Rules: set, IP: ip, Log: a.log, Screen: listsScreen(f.db, hasher, a.log)},
		DecodeFingerprint: decodeFingerprint,
		AlertLevel:        level, Destinations: dests, Notify: dispatcher.Notify,
		Hash: hasher.Hash, BaseURL: base, Log: a.log,
		RuleOverrides: ops.AppliedRuleOverrides, // the workbench's rule changes
		Queue:         queue,
	})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := svc.Start(ctx); err != nil {
		ln.Close()
		return err
	}
	conns, err := f.connectors.build(svc, ops, f.allowPrivate, a.log)
	if err != nil {
		ln.Close()
		return err
	}
	svc.SetSources(sourceStatuses(conns))
	if !retention.IsZero() {
		go svc.RunRetention(ctx, retention, f.retentionEvery)
	}
	if f.watch != "" {
		_, layout := extractors(nil, mapping, a.log)
		go func() { _ = svc.Watch(ctx, f.watch, layout, f.watchEvery) }()
	}
	for _, c := range conns {
		go func() { _ = connector.Run(ctx, c, f.connectors.every, a.log) }()
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv := mhttp.New(mhttp.Config{
		Service: svc, Ops: ops, Rules: set, MaxBodyBytes: f.maxBody, SecureCookies: f.tlsCert != "",
		Metrics: reg, OutboxPending: ops.Pending, Log: a.log, Version: version, OIDC: sso,
		Ready: func(ctx context.Context) error { _, err := ops.Pending(ctx); return err },
	})
	httpSrv := newHTTPServer(srv, cert)
	dispatchDone := make(chan struct{})
	go func() {
		defer close(dispatchDone)
		_ = dispatcher.Run(ctx)
	}()
	errc := make(chan error, 1)
	go func() {
		if f.tlsCert != "" {
			errc <- httpSrv.ServeTLS(ln, "", "") // the certificate is in TLSConfig
		} else {
			errc <- httpSrv.Serve(ln)
		}
	}()
	fmt.Fprintf(a.stderr, "mosaic serve: listening on %s (workbench %s/, API %s/api/v1/, %d alert destination(s))\n", ln.Addr(), base, base, len(dests))
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return mosaic.WrapError(mosaic.EINVALID, err, "the server stopped")
		}
	case <-ctx.Done():
	}
	// Stop taking work, let calls in flight finish (they store before they
	// answer), then stop detection and delivery; undelivered alerts stay
	// in the outbox for the next start.
	shut, done := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer done()
	_ = httpSrv.Shutdown(shut)
	cancel()
	<-dispatchDone
	fmt.Fprintln(a.stderr, "mosaic serve: stopped")
	return nil
}

// newHTTPServer is serve's HTTP server: bounded header reads and idle
// connections and, with a certificate, TLS 1.2 or newer only (ASVS 9.1.2).
func newHTTPServer(h http.Handler, cert *tls.Certificate) *http.Server {
	s := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	if cert != nil {
		s.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{*cert}}
	}
	return s
}

// loadTLS reads --tls-cert and --tls-key (PEM) at start, so a wrong file
// stops serve before it listens; nil without them.
func loadTLS(certFile, keyFile string) (*tls.Certificate, error) {
	if certFile == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot use --tls-cert %s with --tls-key %s: %v", certFile, keyFile, err)
	}
	return &cert, nil
}

// alertSenders builds a sender for every alert destination flag.
func (a *app) alertSenders(f serveFlags) ([]alert.Sender, error) {
	var out []alert.Sender
	opts := func(target string) alert.HTTPOptions {
		return alert.HTTPOptions{AllowPrivate: f.allowPrivate || loopbackLiteral(target), UserAgent: "mosaic/" + version}
	}
	for i, target := range f.webhooks {
		secret, err := os.ReadFile(f.secretFiles[i])
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the webhook secret file %s", f.secretFiles[i])
		}
		w, err := alert.NewWebhook(alert.DestinationName("webhook", target), target, strings.TrimSpace(string(secret)), opts(target))
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "--alert-webhook %s", redactURL(target))
		}
		out = append(out, w)
	}
	for _, target := range f.slack {
		s, err := alert.NewSlack(alert.DestinationName("slack", target), target, opts(target))
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "--alert-slack: not a usable URL")
		}
		out = append(out, s)
	}
	for _, target := range f.syslog {
		s, err := alert.NewSyslog(alert.DestinationName("syslog", target), target, alert.SyslogOptions{Version: version})
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "--alert-syslog %s", target)
		}
		out = append(out, s)
	}
	return out, nil
}

// loopbackLiteral reports whether a URL names a loopback address literally
// (127.0.0.1, [::1]): the operator's own machine, named on purpose. A host
// name that resolves inward still needs --allow-private-targets.
func loopbackLiteral(target string) bool {
	u, err := url.Parse(target)
	if err != nil {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

// redactURL keeps a URL's scheme and host: paths and queries of webhook
// URLs often carry credentials.
func redactURL(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

func decodeFingerprint(raw json.RawMessage) (any, error) {
	var fp photohash.Fingerprint
	if err := json.Unmarshal(raw, &fp); err != nil {
		return nil, err
	}
	return fp, nil
}

// serviceStore is a store that serves the service (both stores do).
type serviceStore interface {
	service.Store
}

// openServiceStore opens the database with its operational tables.
func openServiceStore(ctx context.Context, db string) (service.Store, *opstore.Store, error) {
	st, err := openStore(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	full, ok := st.(serviceStore)
	sqlDB, ok2 := st.(interface {
		opstoreSQL
	})
	if !ok || !ok2 {
		st.Close()
		return nil, nil, mosaic.Errorf(mosaic.EINTERNAL, "the store cannot serve")
	}
	return full, opstore.New(sqlDB, nil), nil
}
