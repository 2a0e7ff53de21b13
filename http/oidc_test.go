package http_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc/oidctest"

	mhttp "github.com/mosaic-sec/mosaic/http"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/rules"
)

// fakeIssuer is an OpenID Connect provider for tests: discovery, JWKS, an
// /authorize that signs the person in at once and redirects back with a
// code, and a /token that checks the code, the client and the PKCE
// verifier and returns a signed ID token.
type fakeIssuer struct {
	t        testing.TB
	srv      *httptest.Server
	key      *rsa.PrivateKey
	clientID string
	secret   string

	mu    sync.Mutex
	codes map[string]fakeGrant
	// The next sign-in's person and what a test does to its claims.
	sub    string
	groups []string
	tamper func(claims map[string]any)
}

type fakeGrant struct {
	nonce, challenge, redirect string
}

func newFakeIssuer(t testing.TB) *fakeIssuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeIssuer{t: t, key: key, clientID: "mosaic-test", secret: "s3cret-for-tests", codes: map[string]fakeGrant{},
		sub: "u-100", groups: []string{"fraud-analysts"}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		u := f.srv.URL
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": u, "authorization_endpoint": u + "/authorize", "token_endpoint": u + "/token",
			"jwks_uri": u + "/jwks", "response_types_supported": []string{"code"},
			"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"},
			"code_challenge_methods_supported": []string{"S256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		b64 := base64.RawURLEncoding
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
			"n": b64.EncodeToString(key.N.Bytes()), "e": b64.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("response_type") != "code" || q.Get("client_id") != f.clientID || q.Get("code_challenge_method") != "S256" ||
			q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" || !strings.Contains(q.Get("scope"), "openid") {
			http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		code := rand.Text()
		f.mu.Lock()
		f.codes[code] = fakeGrant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
		f.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		f.mu.Lock()
		g, known := f.codes[r.PostForm.Get("code")]
		delete(f.codes, r.PostForm.Get("code"))
		sub, groups, tamper := f.sub, f.groups, f.tamper
		f.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		switch {
		case id != f.clientID || secret != f.secret:
			tokenError(w, http.StatusUnauthorized, "invalid_client")
			return
		case !known || r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != g.redirect:
			tokenError(w, http.StatusBadRequest, "invalid_grant")
			return
		case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
			tokenError(w, http.StatusBadRequest, "invalid_grant") // PKCE
			return
		}
		now := time.Now()
		claims := map[string]any{"iss": f.srv.URL, "sub": sub, "aud": f.clientID, "exp": now.Add(5 * time.Minute).Unix(),
			"iat": now.Unix(), "nonce": g.nonce, "email": sub + "@example.com", "groups": groups}
		if tamper != nil {
			tamper(claims)
		}
		body, _ := json.Marshal(claims)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": 300,
			"id_token": oidctest.SignIDToken(key, "k1", "RS256", string(body))})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func tokenError(w http.ResponseWriter, code int, e string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": e})
}

func (f *fakeIssuer) next(sub string, groups []string, tamper func(map[string]any)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sub, f.groups, f.tamper = sub, groups, tamper
}

// ssoBench is the workbench with single sign-on through a fake issuer.
type ssoBench struct {
	*bench
	issuer *fakeIssuer
	url    string
}

func newSSOBench(t *testing.T) *ssoBench {
	t.Helper()
	b := newBench(t)
	iss := newFakeIssuer(t)
	set, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var handler http.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	cfg := &mhttp.OIDCConfig{Issuer: iss.srv.URL, ClientID: iss.clientID, ClientSecret: iss.secret,
		RedirectURL: ts.URL + mhttp.OIDCCallbackPath, AdminGroups: []string{"mosaic-admins"},
		AnalystGroups: []string{"fraud-analysts"}, ViewerGroups: []string{"auditors", "hr"}}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	handler = mhttp.New(mhttp.Config{Service: b.svc, Ops: b.ops, Rules: set, Version: "test", OIDC: cfg})
	return &ssoBench{bench: b, issuer: iss, url: ts.URL}
}

func browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func get(t testing.TB, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// lastAudit returns the newest audit entry with that action.
func (b *ssoBench) lastAudit(t testing.TB, action string) *opstore.AuditEntry {
	t.Helper()
	log, err := b.ops.AuditLog(context.Background(), time.Time{}, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var last *opstore.AuditEntry
	for i := range log {
		if log[i].Action == action {
			last = &log[i]
		}
	}
	return last
}

func TestSSOSignIn(t *testing.T) {
	b := newSSOBench(t)
	c := browser()
	code, page := get(t, c, b.url+"/login?next=/rules")
	if code != http.StatusOK || !strings.Contains(page, "Sign in with SSO") || !strings.Contains(page, `href="/auth/oidc/login?next=%2frules"`) {
		t.Fatalf("log-in page: %d, no SSO link:\n%s", code, page)
	}
	code, page = get(t, c, b.url+"/auth/oidc/login?next=/rules")
	if code != http.StatusOK || !strings.Contains(page, "You are signed in") || !strings.Contains(page, `content="0;url=/rules"`) {
		t.Fatalf("sign-in: %d\n%s", code, page)
	}
	code, page = get(t, c, b.url+"/rules")
	if code != http.StatusOK || !strings.Contains(page, "oidc:u-100 (analyst)") {
		t.Fatalf("after SSO, /rules: %d\n%s", code, page)
	}
	e := b.lastAudit(t, "sso_login")
	if e == nil || e.Actor != "oidc:u-100" || e.Role != "analyst" || !strings.Contains(e.Detail, "email u-100@example.com") ||
		!strings.Contains(e.Detail, "fraud-analysts") {
		t.Fatalf("audit: %+v", e)
	}
	// An analyst cannot see the admin pages; after the provider puts them
	// in the admin group, the next sign-in can.
	if code, _ := get(t, c, b.url+"/admin/audit"); code != http.StatusForbidden {
		t.Fatalf("analyst on /admin/audit: %d", code)
	}
	b.issuer.next("u-100", []string{"hr", "mosaic-admins"}, nil)
	c2 := browser()
	get(t, c2, b.url+"/auth/oidc/login")
	if code, page := get(t, c2, b.url+"/admin/audit"); code != http.StatusOK || !strings.Contains(page, "sso_login") {
		t.Fatalf("admin on /admin/audit: %d", code)
	}
	// The account has no password.
	if u, err := b.ops.Authenticate(context.Background(), "oidc:u-100", ""); err != nil || u != nil {
		t.Fatalf("an SSO account authenticated with a password: %v %v", u, err)
	}
	if err := b.ops.AddUser(context.Background(), "oidc:u-100", "admin", "a long enough password"); err == nil {
		t.Fatal("a local account took an SSO name")
	}
	// A string claim works as well as a list.
	b.issuer.next("u-200", nil, func(c map[string]any) { c["groups"] = "auditors" })
	c3 := browser()
	get(t, c3, b.url+"/auth/oidc/login")
	if code, page := get(t, c3, b.url+"/queue"); code != http.StatusOK || !strings.Contains(page, "oidc:u-200 (viewer)") {
		t.Fatalf("viewer by a string claim: %d", code)
	}
}

// noFollow is a browser that stops at each redirect, so a test can walk
// the flow step by step.
func noFollow() *http.Client {
	c := browser()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// callbackURL walks the flow up to the provider's redirect back and
// returns the callback URL it names.
func (b *ssoBench) callbackURL(t testing.TB, c *http.Client) string {
	t.Helper()
	resp, err := c.Get(b.url + mhttp.OIDCLoginPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("begin: %d", resp.StatusCode)
	}
	auth := resp.Header.Get("Location")
	if !strings.HasPrefix(auth, b.issuer.srv.URL+"/authorize?") || !strings.Contains(auth, "code_challenge_method=S256") {
		t.Fatalf("begin redirects to %s", auth)
	}
	resp, err = c.Get(auth)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

func TestSSORefusals(t *testing.T) {
	b := newSSOBench(t)
	expectRefused := func(t *testing.T, c *http.Client, u string, wantCode int, wantAction, wantDetail, wantPage string) {
		t.Helper()
		before := b.lastAudit(t, wantAction)
		code, page := get(t, c, u)
		if code != wantCode || !strings.Contains(page, wantPage) {
			t.Fatalf("callback: %d, want %d with %q:\n%s", code, wantCode, wantPage, page)
		}
		e := b.lastAudit(t, wantAction)
		if e == nil || (before != nil && e.Seq == before.Seq) || !strings.Contains(e.Detail, wantDetail) {
			t.Fatalf("audit %s: %+v, want detail with %q", wantAction, e, wantDetail)
		}
		if _, page := get(t, c, b.url+"/queue"); strings.Contains(page, `action="/logout"`) {
			t.Fatal("a refused sign-in left a session")
		}
	}
	t.Run("bad state", func(t *testing.T) {
		c := noFollow()
		cb := b.callbackURL(t, c)
		u, _ := url.Parse(cb)
		q := u.Query()
		q.Set("state", q.Get("state")+"x")
		u.RawQuery = q.Encode()
		expectRefused(t, c, u.String(), http.StatusBadRequest, "sso_failed", "state", "Sign in again")
	})
	t.Run("replayed callback", func(t *testing.T) {
		c := noFollow()
		cb := b.callbackURL(t, c)
		if code, _ := get(t, c, cb); code != http.StatusOK {
			t.Fatalf("first callback: %d", code)
		}
		expectRefused(t, noFollow(), cb, http.StatusBadRequest, "sso_failed", "state", "Sign in again")
	})
	t.Run("another browser", func(t *testing.T) {
		cb := b.callbackURL(t, noFollow())
		expectRefused(t, noFollow(), cb, http.StatusBadRequest, "sso_failed", "another browser", "another browser")
	})
	t.Run("bad nonce", func(t *testing.T) {
		b.issuer.next("u-1", []string{"fraud-analysts"}, func(c map[string]any) { c["nonce"] = "not-the-one" })
		expectRefused(t, browser(), b.url+mhttp.OIDCLoginPath, http.StatusUnauthorized, "sso_failed", "nonce", "does not belong to this sign-in")
	})
	t.Run("wrong audience", func(t *testing.T) {
		b.issuer.next("u-1", []string{"fraud-analysts"}, func(c map[string]any) { c["aud"] = "another-app" })
		expectRefused(t, browser(), b.url+mhttp.OIDCLoginPath, http.StatusUnauthorized, "sso_failed", "audience", "could not be verified")
	})
	t.Run("wrong issuer", func(t *testing.T) {
		b.issuer.next("u-1", []string{"fraud-analysts"}, func(c map[string]any) { c["iss"] = "https://evil.example.com" })
		expectRefused(t, browser(), b.url+mhttp.OIDCLoginPath, http.StatusUnauthorized, "sso_failed", "different provider", "could not be verified")
	})
	t.Run("expired token", func(t *testing.T) {
		b.issuer.next("u-1", []string{"fraud-analysts"}, func(c map[string]any) {
			c["exp"] = time.Now().Add(-time.Hour).Unix()
			c["iat"] = time.Now().Add(-2 * time.Hour).Unix()
		})
		expectRefused(t, browser(), b.url+mhttp.OIDCLoginPath, http.StatusUnauthorized, "sso_failed", "expired", "could not be verified")
	})
	t.Run("unmapped group", func(t *testing.T) {
		b.issuer.next("u-9", []string{"sales", "everyone"}, nil)
		expectRefused(t, browser(), b.url+mhttp.OIDCLoginPath, http.StatusForbidden, "sso_refused", "everyone, sales map to no role", "none of the groups")
		if e := b.lastAudit(t, "sso_refused"); e.Actor != "oidc:u-9" {
			t.Fatalf("refusal audited as %q", e.Actor)
		}
	})
	t.Run("provider error", func(t *testing.T) {
		c := noFollow()
		cb := b.callbackURL(t, c)
		u, _ := url.Parse(cb)
		q := u.Query()
		q.Del("code")
		q.Set("error", "access_denied")
		u.RawQuery = q.Encode()
		expectRefused(t, c, u.String(), http.StatusUnauthorized, "sso_refused", "access_denied", "did not sign you in")
	})
	t.Run("wrong client secret", func(t *testing.T) {
		b.issuer.mu.Lock()
		b.issuer.secret = "rotated"
		b.issuer.mu.Unlock()
		defer func() { b.issuer.mu.Lock(); b.issuer.secret = "s3cret-for-tests"; b.issuer.mu.Unlock() }()
		b.issuer.next("u-1", []string{"fraud-analysts"}, nil)
		expectRefused(t, browser(), b.url+mhttp.OIDCLoginPath, http.StatusBadGateway, "sso_failed", "code exchange", "did not accept")
	})
}

func TestOIDCConfigValidate(t *testing.T) {
	ok := mhttp.OIDCConfig{Issuer: "https://login.example.com/tenant", ClientID: "c", RedirectURL: "https://mosaic.example.com/auth/oidc/callback",
		ViewerGroups: []string{"g"}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*mhttp.OIDCConfig){
		"http issuer":     func(c *mhttp.OIDCConfig) { c.Issuer = "http://login.example.com" },
		"no issuer":       func(c *mhttp.OIDCConfig) { c.Issuer = "" },
		"no client":       func(c *mhttp.OIDCConfig) { c.ClientID = "" },
		"redirect path":   func(c *mhttp.OIDCConfig) { c.RedirectURL = "https://mosaic.example.com/callback" },
		"relative return": func(c *mhttp.OIDCConfig) { c.RedirectURL = "/auth/oidc/callback" },
		"no groups":       func(c *mhttp.OIDCConfig) { c.ViewerGroups = nil },
	} {
		c := ok
		change(&c)
		if c.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	for _, loop := range []string{"http://127.0.0.1:5556", "http://[::1]:5556/dex", "http://localhost:8081"} {
		c := ok
		c.Issuer = loop
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", loop, err)
		}
	}
}
