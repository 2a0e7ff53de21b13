package http

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
)

// OIDCConfig turns on single sign-on through an OpenID Connect provider:
// the authorization code flow with PKCE, state and nonce. A person signs in
// as the account "oidc:SUBJECT", with the role their groups map to.
type OIDCConfig struct {
	// Issuer is the provider's issuer URL: https, or http on a loopback
	// address (a provider on this machine, as in tests).
	Issuer       string
	ClientID     string
	ClientSecret string // empty for a public client (PKCE alone)
	// RedirectURL is this server's callback as the browser reaches it; its
	// path is OIDCCallbackPath.
	RedirectURL string
	// RoleClaim names the ID token claim listing the person's groups
	// (default "groups"); a string or a list of strings.
	RoleClaim string
	// Groups that give each role; a person in several gets the highest.
	AdminGroups, AnalystGroups, ViewerGroups []string
	// Scopes beyond openid (default profile and email).
	Scopes []string
	// HTTPClient talks to the provider (default: a client with a 15 s
	// timeout).
	HTTPClient *http.Client
	// Now is the clock for token expiry (default time.Now).
	Now func() time.Time
}

// The single sign-on routes.
const (
	OIDCLoginPath    = "/auth/oidc/login"
	OIDCCallbackPath = "/auth/oidc/callback"
	// oidcFlowCookie binds a sign-in in progress to the browser that began
	// it (login CSRF): the callback must come back with it.
	oidcFlowCookie = "mosaic_oidc_flow"
	// oidcFlowTTL is how long a person has at the provider.
	oidcFlowTTL = 10 * time.Minute
	// oidcMaxPending bounds sign-ins in progress held in memory.
	oidcMaxPending = 10_000
)

// Validate checks the configuration before the server starts.
func (c *OIDCConfig) Validate() error {
	if err := checkProviderURL("the OIDC issuer", c.Issuer); err != nil {
		return err
	}
	if c.ClientID == "" {
		return mosaic.Errorf(mosaic.EINVALID, "single sign-on needs a client id (--oidc-client-id)")
	}
	u, err := url.Parse(c.RedirectURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return mosaic.Errorf(mosaic.EINVALID, "--oidc-redirect-url must be this server's absolute URL ending %s, not %q", OIDCCallbackPath, c.RedirectURL)
	}
	if u.Path != OIDCCallbackPath {
		return mosaic.Errorf(mosaic.EINVALID, "--oidc-redirect-url must end %s (the path mosaic serves the callback on), not %q", OIDCCallbackPath, u.Path)
	}
	if len(c.AdminGroups)+len(c.AnalystGroups)+len(c.ViewerGroups) == 0 {
		return mosaic.Errorf(mosaic.EINVALID, "single sign-on needs at least one group mapped to a role (--oidc-admin-group, --oidc-analyst-group, --oidc-viewer-group)")
	}
	return nil
}

// checkProviderURL accepts https, and http only to a loopback address.
func checkProviderURL(what, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return mosaic.Errorf(mosaic.EINVALID, "%s is not an absolute URL: %q", what, raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || host == "localhost" {
			return nil
		}
	}
	return mosaic.Errorf(mosaic.EINVALID, "%s must be an https URL (http only on a loopback address), not %q", what, raw)
}

// ssoLogin is one sign-in in progress, kept on the server under its state.
type ssoLogin struct {
	nonce, verifier, next string
	browser               [32]byte // hash of the flow cookie's value
	expires               time.Time
}

// ssoFlow serves the sign-in routes.
type ssoFlow struct {
	s   *Server
	cfg OIDCConfig

	mu       sync.Mutex
	provider *oidc.Provider // found on first use: the provider may be down when serve starts
	verifier *oidc.IDTokenVerifier
	oauth    *oauth2.Config
	pending  map[string]ssoLogin
}

func (s *Server) oidcRoutes() {
	cfg := *s.cfg.OIDC
	if cfg.RoleClaim == "" {
		cfg.RoleClaim = "groups"
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{"profile", "email"}
	}
	f := &ssoFlow{s: s, cfg: cfg, pending: map[string]ssoLogin{}}
	s.handle("GET", OIDCLoginPath, "", false, f.begin)
	s.handle("GET", OIDCCallbackPath, "", false, f.callback)
}

// setup discovers the provider once and keeps it.
func (f *ssoFlow) setup(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.provider != nil {
		return f.oauth, f.verifier, nil
	}
	cctx := oidc.ClientContext(context.WithoutCancel(ctx), f.cfg.HTTPClient)
	p, err := oidc.NewProvider(cctx, f.cfg.Issuer)
	if err != nil {
		return nil, nil, mosaic.WrapError(mosaic.EUNAVAILABLE, err, "the identity provider could not be reached; try again shortly")
	}
	ep := p.Endpoint()
	for _, u := range []string{ep.AuthURL, ep.TokenURL} {
		if err := checkProviderURL("the identity provider's endpoint", u); err != nil {
			return nil, nil, err
		}
	}
	f.provider = p
	f.verifier = p.VerifierContext(oidc.ClientContext(context.Background(), f.cfg.HTTPClient),
		&oidc.Config{ClientID: f.cfg.ClientID, Now: f.cfg.Now})
	f.oauth = &oauth2.Config{ClientID: f.cfg.ClientID, ClientSecret: f.cfg.ClientSecret, Endpoint: ep,
		RedirectURL: f.cfg.RedirectURL, Scopes: append([]string{oidc.ScopeOpenID}, f.cfg.Scopes...)}
	return f.oauth, f.verifier, nil
}

// begin sends the browser to the provider with a fresh state, nonce and
// PKCE challenge.
func (f *ssoFlow) begin(w http.ResponseWriter, r *http.Request) {
	oc, _, err := f.setup(r.Context())
	if err != nil {
		f.s.cfg.Log.Error("single sign-on unavailable", "error", err)
		f.refuse(w, r, http.StatusServiceUnavailable, "", "sso_failed", "provider unreachable", mosaic.ErrorMessage(err))
		return
	}
	state, nonce, verifier, browser := ssoRandom(), ssoRandom(), oauth2.GenerateVerifier(), ssoRandom()
	now := f.cfg.Now()
	f.mu.Lock()
	for k, p := range f.pending {
		if now.After(p.expires) {
			delete(f.pending, k)
		}
	}
	if len(f.pending) >= oidcMaxPending {
		f.mu.Unlock()
		f.refuse(w, r, http.StatusServiceUnavailable, "", "sso_failed", "too many sign-ins in progress", "Too many sign-ins are in progress. Wait a minute and try again.")
		return
	}
	f.pending[state] = ssoLogin{nonce: nonce, verifier: verifier, next: safeNext(r.URL.Query().Get("next")),
		browser: sha256.Sum256([]byte(browser)), expires: now.Add(oidcFlowTTL)}
	f.mu.Unlock()
	// Lax, not Strict: the provider sends the browser back with a
	// cross-site navigation, which must carry the cookie.
	http.SetCookie(w, &http.Cookie{Name: oidcFlowCookie, Value: browser, Path: "/auth/oidc/", HttpOnly: true,
		Secure: f.s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(oidcFlowTTL / time.Second)})
	http.Redirect(w, r, oc.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// take removes and returns the sign-in a state names, if it is live and
// this browser began it.
func (f *ssoFlow) take(r *http.Request, state string) (ssoLogin, bool) {
	f.mu.Lock()
	p, ok := f.pending[state]
	if ok {
		delete(f.pending, state) // one use, whatever happens next
	}
	f.mu.Unlock()
	if !ok || state == "" || f.cfg.Now().After(p.expires) {
		return ssoLogin{}, false
	}
	c, err := r.Cookie(oidcFlowCookie)
	if err != nil {
		return ssoLogin{}, false
	}
	got := sha256.Sum256([]byte(c.Value))
	return p, subtle.ConstantTimeCompare(got[:], p.browser[:]) == 1
}

// callback finishes a sign-in: it checks the state, exchanges the code
// (with the PKCE verifier), verifies the ID token (signature, issuer,
// audience, expiry and nonce), maps the groups to a role and starts the
// same session a local log-in does.
func (f *ssoFlow) callback(w http.ResponseWriter, r *http.Request) {
	// The flow cookie has done its work either way.
	http.SetCookie(w, &http.Cookie{Name: oidcFlowCookie, Value: "", Path: "/auth/oidc/", MaxAge: -1, HttpOnly: true,
		Secure: f.s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	pend, ok := f.take(r, q.Get("state"))
	if !ok {
		f.refuse(w, r, http.StatusBadRequest, "", "sso_failed", "unknown, used or expired state, or another browser's",
			"This sign-in has expired, was already used or was started in another browser. Sign in again.")
		return
	}
	if e := q.Get("error"); e != "" {
		f.refuse(w, r, http.StatusUnauthorized, "", "sso_refused", "provider answered "+clip(e+": "+q.Get("error_description"), 200),
			"The identity provider did not sign you in. Try again, or ask your administrator.")
		return
	}
	oc, verifier, err := f.setup(r.Context())
	if err != nil {
		f.refuse(w, r, http.StatusServiceUnavailable, "", "sso_failed", "provider unreachable", mosaic.ErrorMessage(err))
		return
	}
	ctx := oidc.ClientContext(r.Context(), f.cfg.HTTPClient)
	tok, err := oc.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(pend.verifier))
	if err != nil {
		f.s.cfg.Log.Warn("single sign-on: code exchange failed", "error", err)
		f.refuse(w, r, http.StatusBadGateway, "", "sso_failed", "code exchange failed", "The identity provider did not accept the sign-in. Sign in again.")
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		f.refuse(w, r, http.StatusBadGateway, "", "sso_failed", "no ID token in the token response", "The identity provider sent no ID token. Ask your administrator.")
		return
	}
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		f.s.cfg.Log.Warn("single sign-on: ID token refused", "error", err)
		f.refuse(w, r, http.StatusUnauthorized, "", "sso_failed", "ID token refused: "+clip(tokenProblem(err), 200), "The identity provider's answer could not be verified. Sign in again.")
		return
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(pend.nonce)) != 1 {
		f.refuse(w, r, http.StatusUnauthorized, "", "sso_failed", "ID token nonce does not match", "The identity provider's answer does not belong to this sign-in. Sign in again.")
		return
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			f.refuse(w, r, http.StatusUnauthorized, "", "sso_failed", "access token hash does not match", "The identity provider's answer could not be verified. Sign in again.")
			return
		}
	}
	var claims map[string]json.RawMessage
	if err := idt.Claims(&claims); err != nil {
		f.refuse(w, r, http.StatusBadGateway, "", "sso_failed", "unreadable claims", "The identity provider's answer could not be read.")
		return
	}
	ident := describeClaims(claims)
	groups := claimStrings(claims[f.cfg.RoleClaim])
	role := f.roleFor(groups)
	name := opstore.SSOPrefix + idt.Subject
	if role == "" {
		f.refuse(w, r, http.StatusForbidden, name, "sso_refused", ident+"groups "+clip(strings.Join(groups, ", "), 300)+" map to no role",
			"You signed in at the identity provider, but you are in none of the groups that give access to mosaic. Ask your administrator to add you to one.")
		return
	}
	u, err := f.s.cfg.Ops.SSOUser(r.Context(), idt.Subject, role)
	if err != nil {
		if mosaic.ErrorCode(err) == mosaic.EINTERNAL {
			f.s.fail(w, r, err)
			return
		}
		f.refuse(w, r, http.StatusForbidden, name, "sso_refused", ident+mosaic.ErrorMessage(err), "This account cannot sign in to mosaic. Ask your administrator.")
		return
	}
	if u.Disabled {
		f.refuse(w, r, http.StatusForbidden, name, "sso_refused", ident+"account disabled", "This account is disabled in mosaic. Ask your administrator.")
		return
	}
	sess, err := f.s.cfg.Ops.CreateSession(r.Context(), u.Name, f.s.cfg.SessionTTL)
	if err != nil {
		f.s.fail(w, r, err)
		return
	}
	if err := f.s.cfg.Ops.NoteSessionClient(r.Context(), sess.ID, r.UserAgent(), remoteAddr(r)); err != nil {
		f.s.cfg.Log.Warn("cannot note the new session's browser", "error", err)
	}
	f.s.setSessionCookie(w, sess)
	f.s.audit(r, &principal{Name: u.Name, Role: u.Role}, "sso_login", u.Name, ident+"role "+u.Role+" from groups "+clip(strings.Join(groups, ", "), 300))
	// The browser came here from the provider, a cross-site navigation: a
	// redirect would not carry the SameSite=Strict session cookie, so a
	// page on this site takes it on.
	f.s.page(w, r, "ssodone", map[string]any{"Next": pend.next})
}

// roleFor maps groups to the highest role any of them gives.
func (f *ssoFlow) roleFor(groups []string) string {
	for _, m := range []struct {
		role   string
		groups []string
	}{{opstore.RoleAdmin, f.cfg.AdminGroups}, {opstore.RoleAnalyst, f.cfg.AnalystGroups}, {opstore.RoleViewer, f.cfg.ViewerGroups}} {
		for _, g := range groups {
			if slices.Contains(m.groups, g) {
				return m.role
			}
		}
	}
	return ""
}

// refuse audits a failed or refused sign-in and shows the log-in page with
// a message saying what to do.
func (f *ssoFlow) refuse(w http.ResponseWriter, r *http.Request, code int, actor, action, detail, message string) {
	var p *principal
	if actor != "" {
		p = &principal{Name: actor}
	}
	f.s.audit(r, p, action, "sso", detail)
	w.WriteHeader(code)
	f.s.page(w, r, "login", map[string]any{"Error": message, "Next": "/queue"})
}

// describeClaims names the person for the audit log: e-mail and name when
// the provider gave them.
func describeClaims(claims map[string]json.RawMessage) string {
	var parts []string
	for _, k := range []string{"email", "preferred_username", "name"} {
		var v string
		if json.Unmarshal(claims[k], &v) == nil && v != "" {
			parts = append(parts, k+" "+clip(v, 100))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + "; "
}

// claimStrings reads a claim that is a string or a list of strings.
func claimStrings(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		sort.Strings(many)
		return many
	}
	return nil
}

// tokenProblem says in a few words why go-oidc refused a token.
func tokenProblem(err error) string {
	var exp *oidc.TokenExpiredError
	if errors.As(err, &exp) {
		return "expired at " + exp.Expiry.UTC().Format(time.RFC3339)
	}
	return err.Error()
}

func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// ssoRandom returns 32 random bytes as URL-safe text.
func ssoRandom() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
